package linkage

import (
	"math/rand/v2"
)

// LSHParams configure Hamming LSH blocking: Bands bands of BitsPerBand bit
// positions each; in each band the records of all parties are bucketed by
// their bits at those positions and compared within their block. Positions
// come from a public seed.
//
// Block sizes. A bucket holding fewer than MinBlock records (all parties
// together) is never a block of its own: such small buckets are packed, whole
// and in key order, into residual blocks of at least MinBlock records, so a
// pair that shares a small bucket is still compared (recall does not drop;
// the residual only adds comparisons). A bucket above MaxBlock is split with
// further bit positions of the band (4 more per level, up to 64), so no
// block is quadratic in the data. If records still collide after 64 more
// bits they are cut into even chunks. When the residual leaves fewer than
// MinBlock records over, they join the smallest block that stays within
// MaxBlock; if none does they sit out that band (they are still compared in
// the others). The only block smaller than MinBlock is a band whose records
// are fewer than MinBlock altogether.
//
// Privacy. Blocks are computed by the linkage unit from the keyed encodings
// alone, so they reveal nothing beyond the encodings themselves: the unit
// sees no value and cannot recompute a bucket from a value without the
// shared secret. The minimum size matters if block statistics are ever
// reported (Result.Blocks, SmallestBlock, LargestBlock, or per-block counts
// in a future audit view): a block of one record, or of one record per
// party, would tie "shares a block" to a single person; with at least
// MinBlock records (all parties together) a block's membership does not
// single out one record. Nothing about a block's members is written out,
// only the counts.
//
// Figures (FEBRL 4, 5000 x 5000 records, FEBRLFields, threshold 0.62, 100
// bands of 12 bits; `passerelle link eval-febrl --blocking lsh --min-block M
// --max-block X DIR`; CPU seconds of Match alone on a shared 2-core VM, so
// +-30%; comparisons are distinct pairs):
//
//	Min  Max     precision recall  comparisons  blocks (smallest-largest)  CPU s
//	1    100000  1.0000    0.9926  1,406,632    265,565 (1-82)             0.23-0.27
//	2    1000    1.0000    0.9930  1,422,765    230,017 (2-82)             0.22-0.24
//	5    1000    1.0000    0.9940  1,722,984    141,333 (5-82)             0.26-0.29
//	10   1000    1.0000    0.9954  2,686,905     81,724 (10-82)            0.31-0.39
//	10   40      1.0000    0.9954  2,651,748     81,990 (10-40)            0.30-0.35
//	2    10      1.0000    0.9908    739,719    296,969 (2-10)             0.16-0.26
//	exhaustive   1.0000    0.9984  25,000,000   -                          0.05 (avx512), 0.20 (portable)
//
// Larger minimums raise recall (the residual blocks add comparisons) at a
// modest cost; a maximum far below the natural bucket sizes (82 here) cuts
// recall. The defaults (5, 1000) keep blocks of at least five records and
// leave FEBRL's buckets unsplit; 1000 bounds a block at about 250,000
// comparisons for two parties when the data grow. Before block sizes the
// map-based LSH found the 0.9926 row in 0.19-0.27 CPU s.
//
// These blocks are the lsh-blocks mode: every band's blocks are held in
// memory, and 12-bit bands make large buckets on large data (on 200,000 x
// 200,000 generated records it was six times slower than exhaustive
// comparison). The lsh mode (lsh_stream.go) is the one auto chooses; it
// uses Seed and MaxBlock of these parameters.
type LSHParams struct {
	Bands, BitsPerBand int
	Seed               uint64
	MinBlock           int // 0 means DefaultMinBlock
	MaxBlock           int // 0 means DefaultMaxBlock
}

// Default block sizes (see LSHParams).
const (
	DefaultMinBlock = 5
	DefaultMaxBlock = 1000
)

// splitBits is the number of further bit positions a level of splitting
// adds to an oversized bucket's key; maxSplitDepth levels at most.
const (
	splitBits     = 4
	maxSplitDepth = 16
)

func (p LSHParams) withDefaults() LSHParams {
	if p.Bands <= 0 {
		p.Bands = 100
	}
	if p.BitsPerBand <= 0 || p.BitsPerBand > 32 {
		p.BitsPerBand = 12
	}
	if p.Seed == 0 {
		p.Seed = 0x70617373 // "pass"
	}
	if p.MinBlock == 0 {
		p.MinBlock = DefaultMinBlock
	}
	if p.MaxBlock == 0 {
		p.MaxBlock = DefaultMaxBlock
	}
	return p
}

// CheckBlockSizes validates block sizes given by a user (flags --min-block
// and --max-block): both positive, and the maximum at least twice the
// minimum, because small buckets are grouped whole and a group can reach
// 2*min-2 records before it holds min.
func CheckBlockSizes(minBlock, maxBlock int) error {
	if minBlock < 1 {
		return errf("lsh.minblock", kv{"N": minBlock})
	}
	if maxBlock < 1 {
		return errf("lsh.maxblock", kv{"N": maxBlock})
	}
	if maxBlock < 2*minBlock {
		return errf("lsh.blockrange", kv{"Max": maxBlock, "Min": minBlock})
	}
	return nil
}

// positions draws the bit positions of every band from the public seed
// (band after band, as before block sizes existed, so that buckets are
// unchanged), and those used to split oversized buckets from a second
// stream, so that they do not shift the bands.
func (p LSHParams) positions(bitsLen int) (bands [][]int, split [][][]int) {
	r := rand.New(rand.NewPCG(p.Seed, uint64(bitsLen)))
	bands = make([][]int, p.Bands)
	for b := range bands {
		bands[b] = make([]int, p.BitsPerBand)
		for i := range bands[b] {
			bands[b][i] = r.IntN(bitsLen)
		}
	}
	rs := rand.New(rand.NewPCG(p.Seed^0x73706c6974, uint64(bitsLen))) // "split"
	split = make([][][]int, p.Bands)
	for b := range split {
		split[b] = make([][]int, maxSplitDepth)
		for d := range split[b] {
			split[b][d] = make([]int, splitBits)
			for i := range split[b][d] {
				split[b][d][i] = rs.IntN(bitsLen)
			}
		}
	}
	return bands, split
}

// bandKey gathers the bits of v at pos into a key, first position lowest.
func bandKey(v []uint64, pos []int) uint64 {
	var k uint64
	for i, q := range pos {
		k |= (v[q>>6] >> (q & 63) & 1) << i
	}
	return k
}
