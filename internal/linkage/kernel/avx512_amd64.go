//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// avx512 is the assembly kernel for 1024-bit vectors: 8 candidates (one
// transposed group, 16 zmm registers) are held in registers while every query
// of the block is broadcast word by word against them, ANDed and counted with
// VPOPCNTQ. Other lengths use the portable kernel.
type avx512 struct{}

func avx512Kernel() Kernel {
	if cpu.X86.HasAVX512F && cpu.X86.HasAVX512VPOPCNTDQ && cpu.X86.HasBMI1 {
		return avx512{}
	}
	return nil
}

func (avx512) Name() string { return "avx512" }

//go:noescape
func dice1024(q *uint64, nq int, qrhs *int64, c *uint64, ng int, crhs *int64, out *Hit, qbase, cbase uint32) int

func (avx512) block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit {
	if q.words != 16 {
		return portable{}.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, out)
	}
	if qhi <= qlo || ghi <= glo {
		return out
	}
	need := (qhi - qlo) * (ghi - glo) * GroupSize
	out = reserve(out, need)
	dst := out[len(out) : len(out)+need]
	n := dice1024(&q.rows[qlo*16], qhi-qlo, &qrhs[0], &c.cols[glo*16*GroupSize], ghi-glo,
		&crhs[glo*GroupSize], &dst[0], uint32(qlo), uint32(glo*GroupSize))
	return out[:len(out)+n]
}
