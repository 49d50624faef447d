//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// avx2 is the assembly kernel for 1024-bit vectors on x86-64-v3 processors
// without AVX-512: each query is compared with a transposed group of 8
// candidates, popcounts by VPSHUFB nibble lookup (Mula) summed with VPSADBW.
// Other lengths use the portable kernel.
type avx2 struct{}

func avx2Kernel() Kernel {
	if cpu.X86.HasAVX2 {
		return avx2{}
	}
	return nil
}

func (avx2) Name() string { return "avx2" }

//go:noescape
func avx2Dice1024(q *uint64, nq int, qrhs *int64, c *uint64, ng int, crhs *int64, out *Hit, qbase, cbase uint32) int

func (avx2) block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit {
	if q.words != 16 {
		return portable{}.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, out)
	}
	if qhi <= qlo || ghi <= glo {
		return out
	}
	need := (qhi - qlo) * (ghi - glo) * GroupSize
	out = reserve(out, need)
	dst := out[len(out) : len(out)+need]
	n := avx2Dice1024(&q.rows[qlo*16], qhi-qlo, &qrhs[0], &c.cols[glo*16*GroupSize], ghi-glo,
		&crhs[glo*GroupSize], &dst[0], uint32(qlo), uint32(glo*GroupSize))
	return out[:len(out)+n]
}
