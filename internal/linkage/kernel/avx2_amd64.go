//go:build amd64 && !purego

package kernel

import "golang.org/x/sys/cpu"

// avx2 is the assembly kernel for 1024-bit vectors on x86-64-v3 processors
// without AVX-512: each query is compared with a transposed group of 8
// candidates, popcounts by VPSHUFB nibble lookup (Mula) summed with VPSADBW.
// Both sides come already split into nibbles, so that a word costs two ANDs,
// two lookups and two adds per 4 candidates (no shifts or masks): queries
// per call, on the stack; candidates once per Vectors (highNibbles, the
// price is a copy of the candidates' columns, measured ~1.2x faster than
// splitting in the loop). Other lengths use the portable kernel.
type avx2 struct{}

func avx2Kernel() Kernel {
	if cpu.X86.HasAVX2 {
		return avx2{}
	}
	return nil
}

func (avx2) Name() string { return "avx2" }

//go:noescape
func avx2Dice1024(q *uint64, nq int, qrhs *int64, c, chi *uint64, ng int, crhs *int64, out *Hit, qbase, cbase uint32) int

func (avx2) block(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, glo, ghi int, crhs []int64, t Threshold, out []Hit) []Hit {
	if q.words != 16 {
		return portable{}.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, out)
	}
	if qhi <= qlo || ghi <= glo {
		return out
	}
	hi := c.highNibbles()
	// Per query: 16 low-nibble words, then 16 high-nibble words shifted down.
	var split [queryBlock * 32]uint64
	for lo := qlo; lo < qhi; lo += queryBlock {
		nq := min(qhi-lo, queryBlock)
		for i, w := range q.rows[lo*16 : (lo+nq)*16] {
			split[i/16*32+i%16] = w & 0x0f0f0f0f0f0f0f0f
			split[i/16*32+16+i%16] = w >> 4 & 0x0f0f0f0f0f0f0f0f
		}
		need := nq * (ghi - glo) * GroupSize
		out = reserve(out, need)
		dst := out[len(out) : len(out)+need]
		n := avx2Dice1024(&split[0], nq, &qrhs[lo-qlo], &c.cols[glo*16*GroupSize], &hi[glo*16*GroupSize], ghi-glo,
			&crhs[glo*GroupSize], &dst[0], uint32(lo), uint32(glo*GroupSize))
		out = out[:len(out)+n]
	}
	return out
}

// highNibbles returns cols with every byte's high nibble shifted down (the
// low nibbles need no copy: the query side is masked).
func (v *Vectors) highNibbles() []uint64 {
	v.hiOnce.Do(func() {
		v.hi = make([]uint64, len(v.cols))
		for i, w := range v.cols {
			v.hi[i] = w >> 4 & 0x0f0f0f0f0f0f0f0f
		}
	})
	return v.hi
}
