package linkage

import (
	"math"
	"math/bits"
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
// party p's record r is offset[p]+r. A block is stored as a header of P+1
// positions in data (where each of the P parties' members start, then the
// end) followed by its members in ascending order, so that a query reads
// one stretch of memory per band.
type lshBand struct {
	data  []uint32
	heads []uint32 // header position of each block
	stats BlockStats
}

// lshIndex is the blocking of every band, shared by all pairs of parties.
type lshIndex struct {
	offset []int
	bands  []lshBand
	// blockAt[g*len(bands)+b] is the header of record g's block in band b,
	// or noBlock: a record's blocks are contiguous.
	blockAt []uint32
	stats   BlockStats
}

// members returns the records of the block whose header is at head in band
// b, parties from..to-1.
func (x *lshIndex) members(b int, head uint32, from, to int) []uint32 {
	d := x.bands[b].data
	return d[d[int(head)+from]:d[int(head)+to]]
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
	x.blockAt = make([]uint32, len(rows)*p.Bands)
	parallel(p.Bands, workers, func() func(int) {
		bb := &bandBuilder{rows: rows, offset: x.offset, minB: p.MinBlock, maxB: p.MaxBlock}
		return func(b int) {
			bb.split = split[b]
			x.bands[b] = bb.build(pos[b])
			for g := range rows {
				x.blockAt[g*p.Bands+b] = bb.blockOf[g]
			}
		}
	})
	for _, b := range x.bands {
		x.stats.merge(b.stats)
	}
	return x
}

// parallel runs f(0..n-1) on workers goroutines (0 means all cores), each
// with its own f from newWorker (so that it can keep buffers).
func parallel(n, workers int, newWorker func() func(i int)) {
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
			f := newWorker()
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
	offset     []int
	split      [][]int // further positions per level of splitting
	minB, maxB int
	// Buffers reused from band to band.
	ent, scratch []uint64
	count        []int
	members      []uint32
	start        []uint32
	resid        []uint32 // records of small buckets, bucket after bucket
	residRuns    []int    // resid[residRuns[i]:residRuns[i+1]] is one small bucket
	blockOf      []uint32 // header of each record's block, or noBlock
}

// build sorts the records by band key and turns the buckets into blocks.
func (bb *bandBuilder) build(pos []int) lshBand {
	n := len(bb.rows)
	ent := grow(bb.ent, n)
	for g, row := range bb.rows {
		ent[g] = bandKey(row, pos)<<32 | uint64(g)
	}
	bb.ent = ent
	bb.sortEntries(ent, len(pos))
	bb.members, bb.start, bb.resid = bb.members[:0], bb.start[:0], bb.resid[:0]
	bb.residRuns = append(bb.residRuns[:0], 0)
	bb.partition(ent, 0)
	bb.packResidual()
	bb.start = append(bb.start, uint32(len(bb.members)))
	np := len(bb.offset) - 1
	nblocks := len(bb.start) - 1
	band := lshBand{data: make([]uint32, 0, len(bb.members)+nblocks*(np+1)), heads: make([]uint32, 0, nblocks)}
	bb.blockOf = grow(bb.blockOf, n)
	for g := range bb.blockOf {
		bb.blockOf[g] = noBlock
	}
	for k := 0; k < nblocks; k++ {
		blk := bb.members[bb.start[k]:bb.start[k+1]]
		head := uint32(len(band.data))
		band.heads = append(band.heads, head)
		i := 0
		for p := 0; p <= np; p++ {
			for i < len(blk) && int(blk[i]) < bb.offset[p] {
				i++
			}
			band.data = append(band.data, head+uint32(np+1+i))
		}
		band.data = append(band.data, blk...)
		for _, g := range blk {
			bb.blockOf[g] = head
		}
		band.stats.add(len(blk))
	}
	return band
}

// sortEntries sorts key<<32|record entries whose keys have bits bits:
// a counting sort (stable, so records stay ascending within a key) when the
// keys are short, else a comparison sort.
func (bb *bandBuilder) sortEntries(ent []uint64, bits int) {
	if bits > 16 || len(ent) < 1<<bits {
		slices.Sort(ent)
		return
	}
	count := grow(bb.count, 1<<bits+1)
	clear(count)
	for _, e := range ent {
		count[e>>32+1]++
	}
	for k := 1; k < len(count); k++ {
		count[k] += count[k-1]
	}
	out := grow(bb.scratch, len(ent))
	for _, e := range ent {
		out[count[e>>32]] = e
		count[e>>32]++
	}
	copy(ent, out)
	bb.count, bb.scratch = count, out
}

// grow returns buf resized to n, reallocated only when too small.
func grow[T any](buf []T, n int) []T {
	if cap(buf) < n {
		return make([]T, n)
	}
	return buf[:n]
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

// hitsFrom returns, for every party pb > pa, the pairs of (pa, pb) at or
// above t that share a block in at least one band, each once, and the
// number of distinct pairs compared. Each record of pa gathers its
// candidates of all later parties band after band, skipping those already
// gathered (a bitset over all records, cleared after each query; no map),
// then compares them.
func (x *lshIndex) hitsFrom(pa int, vs []*kernel.Vectors, t kernel.Threshold, workers int) ([][]kernel.Hit, []int64) {
	const chunk = 256
	np, nb := len(vs), len(x.bands)
	if pa+1 >= np {
		return make([][]kernel.Hit, np), make([]int64, np)
	}
	nq := vs[pa].Len()
	nchunks := (nq + chunk - 1) / chunk
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, nchunks))
	results := make([][][]kernel.Hit, workers)
	counts := make([][]int64, workers)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			seen := make([]uint64, (x.offset[np]+63)/64) // candidates gathered for the query
			cands := make([][]uint32, np)                // per party, global indices
			out := make([][]kernel.Hit, np)
			n := make([]int64, np)
			for {
				ch := int(next.Add(1) - 1)
				if ch >= nchunks {
					break
				}
				for q := ch * chunk; q < min(nq, (ch+1)*chunk); q++ {
					g := x.offset[pa] + q
					for p := pa + 1; p < np; p++ {
						cands[p] = cands[p][:0]
					}
					for b, head := range x.blockAt[g*nb : (g+1)*nb] {
						if head == noBlock {
							continue
						}
						d := x.bands[b].data
						for p := pa + 1; p < np; p++ {
							for _, c := range d[d[int(head)+p]:d[int(head)+p+1]] {
								if bit := uint64(1) << (c & 63); seen[c>>6]&bit == 0 {
									seen[c>>6] |= bit
									cands[p] = append(cands[p], c)
								}
							}
						}
					}
					for p := pa + 1; p < np; p++ {
						cands[p] = ascending(cands[p], seen, uint32(x.offset[p]), uint32(x.offset[p+1]))
					}
					row, pop := vs[pa].Row(q), vs[pa].Pop(q)
					for p := pa + 1; p < np; p++ {
						for _, c := range cands[p] {
							seen[c>>6] = 0
						}
						n[p] += int64(len(cands[p]))
						out[p] = compareRow(out[p], uint32(q), row, pop, vs[p], uint32(x.offset[p]), cands[p], t)
					}
				}
			}
			results[w], counts[w] = out, n
		}(w)
	}
	wg.Wait()
	all := make([][]kernel.Hit, np)
	total := make([]int64, np)
	for w := range results {
		for p := range all {
			all[p] = append(all[p], results[w][p]...)
			total[p] += counts[w][p]
		}
	}
	return all, total
}

// ascending puts the candidates in increasing order, so that their rows
// are read in memory order: read back from the bitset seen (bits lo..hi-1)
// when they are dense in it, else sorted.
func ascending(cands []uint32, seen []uint64, lo, hi uint32) []uint32 {
	if len(cands) < 2 {
		return cands
	}
	if words := int(hi-lo)/64 + 1; len(cands)*8 < words {
		slices.Sort(cands)
		return cands
	}
	cands = cands[:0]
	for w := lo >> 6; w <= (hi-1)>>6; w++ {
		for word := seen[w]; word != 0; word &= word - 1 {
			if c := w<<6 | uint32(bits.TrailingZeros64(word)); c >= lo && c < hi {
				cands = append(cands, c)
			}
		}
	}
	return cands
}

// compareRow appends the hits between query q (row, popcount pop) and the
// candidates cands of b, numbered from base.
func compareRow(out []kernel.Hit, q uint32, row []uint64, pop int, b *kernel.Vectors, base uint32, cands []uint32, t kernel.Threshold) []kernel.Hit {
	if len(row) == 16 {
		r := (*[16]uint64)(row)
		for _, c := range cands {
			c -= base
			if pc := b.Pop(int(c)); !kernel.Matches(min(pop, pc), pop, pc, t) {
				continue // the popcounts alone rule the pair out
			}
			cnt := popAnd16(r, (*[16]uint64)(b.Row(int(c))))
			if kernel.Matches(cnt, pop, b.Pop(int(c)), t) {
				out = append(out, kernel.Hit{Q: q, C: c, Count: uint32(cnt)})
			}
		}
		return out
	}
	for _, c := range cands {
		c -= base
		if pc := b.Pop(int(c)); !kernel.Matches(min(pop, pc), pop, pc, t) {
			continue
		}
		cnt := popAnd(row, b.Row(int(c)))
		if kernel.Matches(cnt, pop, b.Pop(int(c)), t) {
			out = append(out, kernel.Hit{Q: q, C: c, Count: uint32(cnt)})
		}
	}
	return out
}

// popAnd16 is popAnd for 1024-bit encodings (the default), unrolled.
func popAnd16(a, b *[16]uint64) int {
	return bits.OnesCount64(a[0]&b[0]) + bits.OnesCount64(a[1]&b[1]) + bits.OnesCount64(a[2]&b[2]) + bits.OnesCount64(a[3]&b[3]) +
		bits.OnesCount64(a[4]&b[4]) + bits.OnesCount64(a[5]&b[5]) + bits.OnesCount64(a[6]&b[6]) + bits.OnesCount64(a[7]&b[7]) +
		bits.OnesCount64(a[8]&b[8]) + bits.OnesCount64(a[9]&b[9]) + bits.OnesCount64(a[10]&b[10]) + bits.OnesCount64(a[11]&b[11]) +
		bits.OnesCount64(a[12]&b[12]) + bits.OnesCount64(a[13]&b[13]) + bits.OnesCount64(a[14]&b[14]) + bits.OnesCount64(a[15]&b[15])
}

// Line is the block statistics for people.
func (s BlockStats) Line() Message {
	return msg("out.blocks", kv{"Blocks": s.Blocks, "Smallest": s.SmallestBlock, "Largest": s.LargestBlock})
}
