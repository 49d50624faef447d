package kernel

import (
	"math"
	"math/bits"
	"slices"
)

// The portable kernel counts bit-sliced for 1024-bit vectors. Candidates are
// stored as planes: for each group of 64 candidates, plane k is one word
// whose bit l is bit k of candidate l. The AND-popcount of a query with all
// 64 candidates is then the number of planes, among those at the query's set
// bits, that have bit l set: a column sum that carry-save adders (the
// Harley-Seal tree) compute 64 lanes at a time with plain word operations.
// That costs about 7 operations per set bit of the query for 64 comparisons
// instead of 16 popcounts per comparison, and needs no POPCNT instruction:
// math/bits.OnesCount64 carries a CPU feature check in the default
// GOAMD64=v1 build. A bit-sliced comparison with the group's lowest
// threshold picks the lanes that may match; only those are counted out and
// given the exact integer test every kernel uses, so decisions are the same.

const (
	sliceBits   = 1024
	sliceStride = sliceBits + 1 // plane 1024 stays zero: padding for the adder tree
	sliceLanes  = 64
	countBits   = 11 // counts 0..1024
)

// bitPlanes returns the candidates' planes, made once per Vectors.
func (v *Vectors) bitPlanes() []uint64 {
	v.planesOnce.Do(func() {
		groups := (v.n + sliceLanes - 1) / sliceLanes
		v.planes = make([]uint64, groups*sliceStride)
		for j := 0; j < v.n; j++ {
			p := v.planes[j/sliceLanes*sliceStride:]
			lane := uint64(1) << (j % sliceLanes)
			for w, x := range v.rows[j*16 : (j+1)*16] {
				for x != 0 {
					p[w*64+bits.TrailingZeros64(x)] |= lane
					x &= x - 1
				}
			}
		}
	})
	return v.planes
}

// setBits lists the positions of q's set bits, padded with the zero plane
// to a multiple of 16 for the adder tree.
func setBits(q []uint64, dst []uint16) []uint16 {
	dst = dst[:0]
	for w, x := range q {
		for x != 0 {
			dst = append(dst, uint16(w*64+bits.TrailingZeros64(x)))
			x &= x - 1
		}
	}
	for len(dst)%16 != 0 {
		dst = append(dst, sliceBits)
	}
	return dst
}

// csa is a carry-save adder: a+b+c = 2*h + l in every bit position.
func csa(a, b, c uint64) (h, l uint64) {
	u := a ^ b
	return a&b | u&c, u ^ c
}

// sliceCount sets n to the 64 lanes' counts of the planes at idx, bit-sliced:
// n[b] holds bit b of every lane's count.
func sliceCount(group []uint64, idx []uint16, n *[countBits]uint64) {
	p := group[:sliceStride]
	var ones, twos, fours, eights uint64
	var h0, h1, h2, h3, h4, h5, h6 uint64 // the count of sixteens
	for k := 0; k+16 <= len(idx); k += 16 {
		ix := (*[16]uint16)(idx[k : k+16])
		var twosA, twosB, foursA, foursB, eightsA, eightsB, c uint64
		twosA, ones = csa(ones, p[ix[0]], p[ix[1]])
		twosB, ones = csa(ones, p[ix[2]], p[ix[3]])
		foursA, twos = csa(twos, twosA, twosB)
		twosA, ones = csa(ones, p[ix[4]], p[ix[5]])
		twosB, ones = csa(ones, p[ix[6]], p[ix[7]])
		foursB, twos = csa(twos, twosA, twosB)
		eightsA, fours = csa(fours, foursA, foursB)
		twosA, ones = csa(ones, p[ix[8]], p[ix[9]])
		twosB, ones = csa(ones, p[ix[10]], p[ix[11]])
		foursA, twos = csa(twos, twosA, twosB)
		twosA, ones = csa(ones, p[ix[12]], p[ix[13]])
		twosB, ones = csa(ones, p[ix[14]], p[ix[15]])
		foursB, twos = csa(twos, twosA, twosB)
		eightsB, fours = csa(fours, foursA, foursB)
		c, eights = csa(eights, eightsA, eightsB)
		// Add the sixteens to the high counter, carry by carry.
		h0, c = h0^c, h0&c
		h1, c = h1^c, h1&c
		h2, c = h2^c, h2&c
		h3, c = h3^c, h3&c
		h4, c = h4^c, h4&c
		h5, c = h5^c, h5&c
		h6 ^= c
	}
	*n = [countBits]uint64{ones, twos, fours, eights, h0, h1, h2, h3, h4, h5, h6}
}

// atLeast returns the lanes whose bit-sliced count n is at least k.
func atLeast(n *[countBits]uint64, k int) uint64 {
	eq, gt := ^uint64(0), uint64(0)
	for b := countBits - 1; b >= 0; b-- {
		if k>>b&1 == 0 {
			gt |= eq & n[b]
			eq &^= n[b]
		} else {
			eq &= n[b]
		}
	}
	return gt | eq
}

// laneCount is lane l's count.
func laneCount(n *[countBits]uint64, l int) int {
	c := 0
	for b := range countBits {
		c |= int(n[b]>>l&1) << b
	}
	return c
}

// sliced16 is the portable kernel's block for 1024-bit vectors: queries
// [qlo,qhi) against candidates [clo,chi). Each query's set bits are listed
// once and run over every group of the range (a Scan tile of 256 candidates
// is 32 KiB of planes: it stays in L1).
func sliced16(q *Vectors, qlo, qhi int, qrhs []int64, c *Vectors, clo, chi int, crhs []int64, out []Hit) []Hit {
	if chi <= clo {
		return out
	}
	planes := c.bitPlanes()
	const twoS = 2 * Scale
	g0, g1 := clo/sliceLanes, (chi-1)/sliceLanes+1
	// Per group: the lanes inside [clo,chi), and their lowest threshold
	// term, below which no lane of the group can match.
	valid := make([]uint64, g1-g0)
	minC := make([]int64, g1-g0)
	for g := g0; g < g1; g++ {
		first, last := max(clo, g*sliceLanes), min(chi, (g+1)*sliceLanes)
		valid[g-g0] = ^uint64(0) >> (sliceLanes - (last - first)) << (first - g*sliceLanes)
		minC[g-g0] = slices.Min(crhs[first:last])
	}
	var idx [sliceBits + 16]uint16
	var n [countBits]uint64
	for i := qlo; i < qhi; i++ {
		qr := qrhs[i-qlo]
		if qr == math.MaxInt64 { // empty query: matches nothing
			continue
		}
		ix := setBits(q.rows[i*16:(i+1)*16], idx[:0])
		for g := g0; g < g1; g++ {
			need := (qr + minC[g-g0] + twoS - 1) / twoS
			if need > sliceBits {
				continue
			}
			sliceCount(planes[g*sliceStride:(g+1)*sliceStride], ix, &n)
			for m := atLeast(&n, int(need)) & valid[g-g0]; m != 0; m &= m - 1 {
				l := bits.TrailingZeros64(m)
				j := g*sliceLanes + l
				cnt := laneCount(&n, l)
				if int64(cnt)*twoS-crhs[j] >= qr {
					out = append(out, Hit{Q: uint32(i), C: uint32(j), Count: uint32(cnt)})
				}
			}
		}
	}
	return out
}
