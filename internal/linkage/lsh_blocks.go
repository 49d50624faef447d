package linkage

import (
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// BlockStats describe the blocks formed by LSH blocking over all bands.
type BlockStats struct {
	Blocks                      int // blocks over all bands
	SmallestBlock, LargestBlock int // records per block, all parties together
}

func (s *BlockStats) add(size int) {
	if s.Blocks == 0 || size < s.SmallestBlock {
		s.SmallestBlock = size
	}
	if size > s.LargestBlock {
		s.LargestBlock = size
	}
	s.Blocks++
}

func (s *BlockStats) merge(o BlockStats) {
	if o.Blocks == 0 {
		return
	}
	if s.Blocks == 0 || o.SmallestBlock < s.SmallestBlock {
		s.SmallestBlock = o.SmallestBlock
	}
	s.LargestBlock = max(s.LargestBlock, o.LargestBlock)
	s.Blocks += o.Blocks
}

// noBlock marks a record left out of every block of a band.
const noBlock = math.MaxUint32

// lshBand is the blocking of one band. Records are numbered globally:
// party p's record r is offset[p]+r.
type lshBand struct {
	members []uint32 // block after block, ascending within a block
	start   []uint32 // block k is members[start[k]:start[k+1]]
	blockOf []uint32 // block of each record, or noBlock
	stats   BlockStats
}

// lshIndex is the blocking of every band, shared by all pairs of parties.
type lshIndex struct {
	offset []int
	bands  []lshBand
	stats  BlockStats
}

// buildLSH blocks the records of every party in every band, on workers
// goroutines (0 means all cores). p must have its defaults.
func buildLSH(vs []*kernel.Vectors, p LSHParams, workers int) *lshIndex {
	x := &lshIndex{offset: make([]int, len(vs)+1)}
	for i, v := range vs {
		x.offset[i+1] = x.offset[i] + v.Len()
	}
	rows := make([][]uint64, 0, x.offset[len(vs)])
	for _, v := range vs {
		for r := 0; r < v.Len(); r++ {
			rows = append(rows, v.Row(r))
		}
	}
	pos, split := p.positions(vs[0].Words() * 64)
	x.bands = make([]lshBand, p.Bands)
	parallel(p.Bands, workers, func(b int) {
		bb := bandBuilder{rows: rows, split: split[b], minB: p.MinBlock, maxB: p.MaxBlock}
		x.bands[b] = bb.build(pos[b])
	})
	for _, b := range x.bands {
		x.stats.merge(b.stats)
	}
	return x
}

// parallel runs f(0..n-1) on workers goroutines (0 means all cores).
func parallel(n, workers int, f func(i int)) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, n))
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				f(i)
			}
		}()
	}
	wg.Wait()
}

type bandBuilder struct {
	rows       [][]uint64
	split      [][]int // further positions per level of splitting
	minB, maxB int
	members    []uint32
	start      []uint32
	resid      []uint32 // records of small buckets, bucket after bucket
	residRuns  []int    // resid[residRuns[i]:residRuns[i+1]] is one small bucket
}

// build sorts the records by band key and turns the buckets into blocks.
func (bb *bandBuilder) build(pos []int) lshBand {
	n := len(bb.rows)
	ent := make([]uint64, n)
	for g, row := range bb.rows {
		ent[g] = bandKey(row, pos)<<32 | uint64(g)
	}
	slices.Sort(ent)
	bb.members = make([]uint32, 0, n)
	bb.residRuns = []int{0}
	bb.partition(ent, 0)
	bb.packResidual()
	bb.start = append(bb.start, uint32(len(bb.members)))
	band := lshBand{members: bb.members, start: bb.start, blockOf: make([]uint32, n)}
	for g := range band.blockOf {
		band.blockOf[g] = noBlock
	}
	for k := 0; k+1 < len(band.start); k++ {
		blk := band.members[band.start[k]:band.start[k+1]]
		for _, g := range blk {
			band.blockOf[g] = uint32(k)
		}
		band.stats.add(len(blk))
	}
	return band
}

// partition walks the buckets of ent (sorted; key in the high 32 bits,
// record in the low 32): buckets within [minB, maxB] become blocks, smaller
// ones go to the residual, larger ones are split with further positions.
func (bb *bandBuilder) partition(ent []uint64, depth int) {
	for lo := 0; lo < len(ent); {
		hi := lo + 1
		for hi < len(ent) && ent[hi]>>32 == ent[lo]>>32 {
			hi++
		}
		run := ent[lo:hi]
		switch {
		case len(run) < bb.minB:
			for _, e := range run {
				bb.resid = append(bb.resid, uint32(e))
			}
			bb.residRuns = append(bb.residRuns, len(bb.resid))
		case len(run) > bb.maxB && depth < len(bb.split):
			sub := make([]uint64, len(run))
			for i, e := range run {
				g := uint32(e)
				sub[i] = bandKey(bb.rows[g], bb.split[depth])<<32 | uint64(g)
			}
			slices.Sort(sub)
			bb.partition(sub, depth+1)
		case len(run) > bb.maxB:
			bb.chunk(run)
		default:
			bb.block(run)
		}
		lo = hi
	}
}

// block appends one block of the records in ent (ascending).
func (bb *bandBuilder) block(ent []uint64) {
	bb.start = append(bb.start, uint32(len(bb.members)))
	for _, e := range ent {
		bb.members = append(bb.members, uint32(e))
	}
}

// chunk cuts records that agree on every position tried into even blocks of
// at most maxB (and at least minB, as maxB >= 2*minB).
func (bb *bandBuilder) chunk(ent []uint64) {
	k := (len(ent) + bb.maxB - 1) / bb.maxB
	for i := 0; i < k; i++ {
		bb.block(ent[i*len(ent)/k : (i+1)*len(ent)/k])
	}
}

// packResidual groups the small buckets, whole and in key order, into blocks
// of at least minB records (each below 2*minB-1 <= maxB). Fewer than minB
// records left over join the smallest block that stays within maxB, make a
// block of their own when they are the whole band, or else sit out the band.
func (bb *bandBuilder) packResidual() {
	runs := bb.residRuns
	from := 0 // first run of the open group
	for i := 1; i < len(runs); i++ {
		if runs[i]-runs[from] >= bb.minB {
			bb.residBlock(bb.resid[runs[from]:runs[i]])
			from = i
		}
	}
	left := bb.resid[runs[from]:runs[len(runs)-1]]
	if len(left) == 0 {
		return
	}
	if len(bb.start) == 0 {
		bb.residBlock(left)
		return
	}
	best := -1
	for k := range bb.start {
		size := bb.size(k)
		if size+len(left) <= bb.maxB && (best < 0 || size < bb.size(best)) {
			best = k
		}
	}
	if best < 0 {
		return
	}
	end := bb.end(best)
	bb.members = slices.Insert(bb.members, end, left...)
	for k := best + 1; k < len(bb.start); k++ {
		bb.start[k] += uint32(len(left))
	}
	slices.Sort(bb.members[bb.start[best] : end+len(left)])
}

func (bb *bandBuilder) residBlock(recs []uint32) {
	bb.start = append(bb.start, uint32(len(bb.members)))
	bb.members = append(bb.members, recs...)
	slices.Sort(bb.members[bb.start[len(bb.start)-1]:])
}

func (bb *bandBuilder) end(k int) int {
	if k+1 < len(bb.start) {
		return int(bb.start[k+1])
	}
	return len(bb.members)
}

func (bb *bandBuilder) size(k int) int { return bb.end(k) - int(bb.start[k]) }

// hits returns the pairs of (party pa, party pb) at or above t that share a
// block in at least one band, each once, and the number of distinct pairs
// compared. Each query record gathers its candidates band after band and
// skips those already compared (a stamp per candidate, no map).
func (x *lshIndex) hits(pa, pb int, a, b *kernel.Vectors, t kernel.Threshold, workers int) ([]kernel.Hit, int64) {
	const chunk = 256
	nq := a.Len()
	nchunks := (nq + chunk - 1) / chunk
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, nchunks))
	results := make([][]kernel.Hit, workers)
	counts := make([]int64, workers)
	lo, hi := uint32(x.offset[pb]), uint32(x.offset[pb+1])
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			stamp := make([]uint32, b.Len()) // query+1 that last compared candidate c
			var out []kernel.Hit
			var n int64
			for {
				ch := int(next.Add(1) - 1)
				if ch >= nchunks {
					break
				}
				for q := ch * chunk; q < min(nq, (ch+1)*chunk); q++ {
					g, qrow, qpop, mark := x.offset[pa]+q, a.Row(q), a.Pop(q), uint32(q+1)
					for bi := range x.bands {
						band := &x.bands[bi]
						k := band.blockOf[g]
						if k == noBlock {
							continue
						}
						blk := band.members[band.start[k]:band.start[k+1]]
						i, _ := slices.BinarySearch(blk, lo)
						for ; i < len(blk) && blk[i] < hi; i++ {
							c := blk[i] - lo
							if stamp[c] == mark {
								continue
							}
							stamp[c] = mark
							n++
							cnt := popAnd(qrow, b.Row(int(c)))
							if kernel.Matches(cnt, qpop, b.Pop(int(c)), t) {
								out = append(out, kernel.Hit{Q: uint32(q), C: c, Count: uint32(cnt)})
							}
						}
					}
				}
			}
			results[w], counts[w] = out, n
		}(w)
	}
	wg.Wait()
	var all []kernel.Hit
	var total int64
	for w := range results {
		all = append(all, results[w]...)
		total += counts[w]
	}
	return all, total
}

// Line renders the block statistics for people.
func (s BlockStats) Line(lang Lang) string {
	return Msg(lang, "out.blocks", s.Blocks, s.SmallestBlock, s.LargestBlock)
}
