package kernel

import "math/bits"

// reference is the plain definition, one pair and one bit-word at a time,
// against which the fast kernels are tested.
type reference struct{}

func (reference) Name() string { return "reference" }

func (reference) block(q *Vectors, qlo, qhi int, _ []int64, c *Vectors, glo, ghi int, _ []int64, t Threshold, out []Hit) []Hit {
	for i := qlo; i < qhi; i++ {
		for j := glo * GroupSize; j < min(ghi*GroupSize, c.n); j++ {
			a, b := q.Row(i), c.Row(j)
			n := 0
			for k := range a {
				n += bits.OnesCount64(a[k] & b[k])
			}
			if Matches(n, q.Pop(i), c.Pop(j), t) {
				out = append(out, Hit{Q: uint32(i), C: uint32(j), Count: uint32(n)})
			}
		}
	}
	return out
}
