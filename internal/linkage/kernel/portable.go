package kernel

import "math/bits"

// portable is the pure-Go kernel: bit-sliced for 1024-bit vectors
// (sliced16), rows compared with math/bits popcounts for other lengths.
type portable struct{}

func (portable) Name() string { return "portable" }

func (portable) block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit {
	w := q.words
	clo, chi := glo*GroupSize, min(ghi*GroupSize, c.n)
	if w == 16 {
		return sliced16(q, qlo, qhi, qrhs, c, clo, chi, crhs, out)
	}
	for j := clo; j < chi; j++ {
		cr := c.rows[j*w : (j+1)*w]
		cl := crhs[j]
		for i := qlo; i < qhi; i++ {
			n := andN(q.rows[i*w:(i+1)*w], cr)
			if int64(n)*2*Scale-cl >= qrhs[i-qlo] {
				out = append(out, Hit{Q: uint32(i), C: uint32(j), Count: uint32(n)})
			}
		}
	}
	return out
}

func andN(a, b []uint64) int {
	b = b[:len(a)]
	n := 0
	i := 0
	for ; i+4 <= len(a); i += 4 {
		n += bits.OnesCount64(a[i]&b[i]) + bits.OnesCount64(a[i+1]&b[i+1]) +
			bits.OnesCount64(a[i+2]&b[i+2]) + bits.OnesCount64(a[i+3]&b[i+3])
	}
	for ; i < len(a); i++ {
		n += bits.OnesCount64(a[i] & b[i])
	}
	return n
}
