//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// popcnt is the x86-64-v2 assembly kernel for 1024-bit vectors: scalar
// POPCNTQ, each candidate row loaded once for four query rows. It exists
// because Go code built for GOAMD64=v1 (the default) checks for POPCNT
// before every bits.OnesCount64. Other lengths use the portable kernel.
type popcnt struct{}

func popcntKernel() Kernel {
	if cpu.X86.HasPOPCNT {
		return popcnt{}
	}
	return nil
}

func (popcnt) Name() string { return "popcnt" }

//go:noescape
func popcntDice1024(q *uint64, nq int, qrhs *int64, c *uint64, nc int, crhs *int64, out *Hit, qbase, cbase uint32) int

func (popcnt) block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit {
	if q.words != 16 {
		return portable{}.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, out)
	}
	clo, chi := glo*GroupSize, ghi*GroupSize // padding rows are empty: never a hit
	n4 := (qhi - qlo) &^ 3
	if n4 > 0 && chi > clo {
		out = reserve(out, n4*(chi-clo))
		dst := out[len(out):cap(out)]
		n := popcntDice1024(&q.rows[qlo*16], n4, &qrhs[0], &c.rows[clo*16], chi-clo,
			&crhs[clo], &dst[0], uint32(qlo), uint32(clo))
		out = out[:len(out)+n]
	}
	if qlo+n4 < qhi { // the last one to three queries of a block
		chi = min(chi, c.n)
		out = block16(q.rows[(qlo+n4)*16:qhi*16], qrhs[n4:qhi-qlo], qlo+n4,
			c.rows[clo*16:chi*16], crhs[clo:chi], clo, out)
	}
	return out
}
