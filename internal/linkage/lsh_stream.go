package linkage

import (
	"math"
	"math/bits"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// Banded MinHash blocking, streamed.
//
// A MinHash of an encoding is the rank, in a random order of the bit
// positions, of the first position set: two encodings get the same MinHash
// with probability exactly their Jaccard index J = |A AND B|/|A OR B|, which
// is D/(2-D) for Dice D. A band is PerBand MinHashes; two records collide in
// a band when all of them agree (probability J^PerBand) and are compared
// when they collide in at least one of Bands bands. The plan (NewLSHPlan)
// picks Bands so that a pair at the design Dice (the threshold) collides
// with probability at least LSHRecall: pairs above it collide more often.
// Bit sampling (lsh-blocks) tells pairs apart by bit agreement, 1 -
// Hamming/Bits, which is about 0.97 for a match and 0.63 for unrelated
// records of five fields; MinHash by J, about 0.9 and 0.2: for the same
// recall it makes far fewer useless comparisons.
//
// The order is public (drawn from the seed) and only the first
// lshProbes positions of it are looked at: an encoding with none of them set
// has MinHash lshProbes. With a few hundred bits set of 1024 that happens
// with odds below 1e-5.
//
// Bands are processed one at a time by each worker and never kept: a band is
// a sorted array of (hash of the band's key, record) words, radix-sorted,
// whose runs of equal hashes are compared at once (left records against
// right ones with the exact integer test of the kernels) and forgotten. A
// pair colliding in several bands is compared again in each: cheaper than
// remembering pairs. The hits go to the caller in chunks (emit), who keeps
// the best TopK of each record (bestOf), so that memory is the encodings,
// one band per worker and TopK candidates per record, whatever the size of
// the data. A run of more than MaxBlock records (near-identical records
// flooding a bucket) is not compared in that band (it would cost the square
// of its size in every band); its pairs are still compared in bands where
// they fall in smaller runs.

// LSHRecall is the least probability that a pair at the design Dice
// collides in at least one band.
const LSHRecall = 0.995

// lshChunk is the number of hits a worker gathers before handing them
// over (it may exceed it by one run's records).
const lshChunk = 1 << 14

// lshProbes is the number of positions of each MinHash order looked at.
const lshProbes = 64

// LSHPlan is a banded MinHash blocking: Bands bands of PerBand MinHashes,
// designed so that a pair at Dice Design collides with probability
// at least LSHRecall.
type LSHPlan struct {
	Bands, PerBand int
	Design         float64
	// Estimated cost, in nanoseconds of one core, of this blocking and of
	// exhaustive comparison, and the estimated comparisons (see planCost).
	Cost, ExhaustiveCost float64
	Comparisons          float64
	Reason               string           // why blocking or exhaustive comparison was used: a message code suffix
	floor                kernel.Threshold // lowest score streamed, when above the run's (automatic threshold)
	useful               bool             // expected to compare fewer pairs than exhaustive comparison
}

// bandsFor is the number of bands of perBand MinHashes for recall at
// Jaccard j (0 when impossible within maxBands).
func bandsFor(j float64, perBand int) int {
	p := math.Pow(j, float64(perBand))
	if p >= 1 {
		return 1
	}
	if p <= 0 {
		return 0
	}
	l := math.Ceil(math.Log(1-LSHRecall) / math.Log1p(-p))
	if l > maxBands {
		return 0
	}
	return int(l)
}

// maxBands bounds a plan: each band costs a pass over every record.
const maxBands = 2000

// Cost model, in nanoseconds of one core, measured on 200,000 x 200,000
// generated records on the 2-core machine this package is developed on
// (only their ratios matter): a MinHash probe, a record's share of sorting
// and walking one band, a comparison of a colliding pair (random access),
// and a comparison in exhaustive scanning (sequential, AVX-512; slower
// kernels make blocking pay sooner).
const (
	costProbe      = 2.6
	costBandRecord = 25.0
	costCollision  = 32.0
	costExhaustive = 1.3
)

// jaccardOf is |A AND B| / |A OR B| from the Dice counts.
func jaccardOf(count, pa, pb int) float64 {
	u := pa + pb - count
	if u <= 0 {
		return 1
	}
	return float64(count) / float64(u)
}

// planLSH picks PerBand (and Bands from it) minimising the estimated cost on
// nA x nB records, given Jaccard indices of pairs drawn at random (nonJ,
// nearly all non-matches) and the average bits set (for the probes a
// MinHash takes). The plan's Cost and ExhaustiveCost let the caller choose.
func planLSH(design float64, nA, nB int, sample pairSample, bitsLen int) LSHPlan {
	jd := design / (2 - design)
	density := float64(max(sample.pop, 1)) / float64(bitsLen)
	probes := min(1/density, lshProbes)
	nonJ := sample.jaccard
	pairs := float64(nA) * float64(nB)
	best := LSHPlan{Design: design, ExhaustiveCost: pairs * costExhaustive, Cost: math.Inf(1)}
	for r := 2; r <= 16; r++ {
		l := bandsFor(jd, r)
		if l == 0 {
			continue
		}
		var perBand float64 // mean collision probability of a random pair in one band
		for _, j := range nonJ {
			perBand += math.Pow(j, float64(r))
		}
		if len(nonJ) > 0 {
			perBand /= float64(len(nonJ))
		}
		cmps := float64(l) * perBand * pairs
		cost := float64(l)*float64(nA+nB)*(float64(r)*probes*costProbe+costBandRecord) + float64(l)*perBand*pairs*costCollision
		if cost < best.Cost {
			best.Bands, best.PerBand, best.Cost, best.Comparisons = l, r, cost, cmps
			// Comparing each pair once or more on average is no blocking.
			best.useful = float64(l)*perBand < 1
		}
	}
	return best
}

// pairSample is what pairs of records drawn at random (nearly all
// unrelated) tell: their Jaccard indices, the mean bits set and the 0.99
// quantile of their Dice scores.
type pairSample struct {
	jaccard []float64
	pop     int
	diceQ99 float64
}

// sampleJaccard draws n pairs (a record of a, a record of b) at random from
// a fixed seed.
func sampleJaccard(a, b *kernel.Vectors, n int) pairSample {
	r := rand.New(rand.NewPCG(0x6a616363, uint64(a.Len())*31+uint64(b.Len())))
	s := pairSample{jaccard: make([]float64, n)}
	dice := make([]float64, n)
	for i := range s.jaccard {
		x, y := r.IntN(a.Len()), r.IntN(b.Len())
		c := popAnd(a.Row(x), b.Row(y))
		s.jaccard[i] = jaccardOf(c, a.Pop(x), b.Pop(y))
		dice[i] = float64(2*c) / float64(max(a.Pop(x)+b.Pop(y), 1))
		s.pop += a.Pop(x) + b.Pop(y)
	}
	s.pop /= max(2*n, 1)
	slices.Sort(dice)
	s.diceQ99 = dice[n*99/100]
	return s
}

// minhashOrders draws the probe positions of every MinHash of the plan
// from the public seed.
func minhashOrders(seed uint64, hashes, bitsLen int) [][]uint16 {
	r := rand.New(rand.NewPCG(seed, 0x6d696e68617368)) // "minhash"
	out := make([][]uint16, hashes)
	perm := make([]uint16, bitsLen)
	for i := range perm {
		perm[i] = uint16(i)
	}
	probes := min(lshProbes, len(perm))
	for h := range out {
		// A partial Fisher-Yates shuffle: the first probes positions of a
		// uniformly random order.
		for i := 0; i < probes; i++ {
			j := i + r.IntN(len(perm)-i)
			perm[i], perm[j] = perm[j], perm[i]
		}
		out[h] = slices.Clone(perm[:probes])
	}
	return out
}

// minhash is the rank of the first position of order set in row.
func minhash(row []uint64, order []uint16) uint64 {
	for i, q := range order {
		if row[q>>6]>>(q&63)&1 != 0 {
			return uint64(i)
		}
	}
	return uint64(len(order))
}

// minhash16 is minhash for 1024-bit encodings (the default): eight
// positions are read at once without branches, so that the unpredictable
// test of each bit costs one branch per eight.
func minhash16(row *[16]uint64, order []uint16) uint64 {
	bit := func(q uint16) uint64 { return row[q>>6&15] >> (q & 63) & 1 }
	base := 0
	for ; base+8 <= len(order); base += 8 {
		o := (*[8]uint16)(order[base : base+8])
		m := bit(o[0]) | bit(o[1])<<1 | bit(o[2])<<2 | bit(o[3])<<3 |
			bit(o[4])<<4 | bit(o[5])<<5 | bit(o[6])<<6 | bit(o[7])<<7
		if m != 0 {
			return uint64(base + bits.TrailingZeros64(m))
		}
	}
	return uint64(base) + minhash(row[:], order[base:])
}

// bandHash is the 32-bit hash of a record's key in one band.
func bandHash(row []uint64, orders [][]uint16) uint64 {
	var k uint64
	if len(row) == 16 {
		r := (*[16]uint64)(row)
		for _, o := range orders {
			k = k<<7 | minhash16(r, o)
			if k>>56 != 0 {
				k = mix64(k)
			}
		}
		return mix64(k) >> 32
	}
	for _, o := range orders {
		k = k<<7 | minhash(row, o)
		if k>>56 != 0 { // keep every MinHash: fold before the key overflows
			k = mix64(k)
		}
	}
	return mix64(k) >> 32
}

// mix64 is SplitMix64's finaliser.
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ x>>31
}

// radixSortHigh sorts words by their high 32 bits, stably (records stay in
// ascending order within a hash), with two passes of 16 bits.
func radixSortHigh(ent, tmp []uint64, count *[1 << 16]int) {
	for _, shift := range []uint{32, 48} {
		clear(count[:])
		for _, e := range ent {
			count[e>>shift&0xffff]++
		}
		sum := 0
		for i, c := range count {
			count[i] = sum
			sum += c
		}
		for _, e := range ent {
			k := e >> shift & 0xffff
			tmp[count[k]] = e
			count[k]++
		}
		ent, tmp = tmp, ent
	}
	// Two passes: the sorted words are back in ent.
}

// lshStream compares the records of a (left) and b (right) that collide in
// a band of plan, at or above t, on workers goroutines; hits go to emit in
// chunks (emit is called from one goroutine at a time), progress (if not
// nil) after each band. It returns the comparisons made (a pair colliding
// in k bands counts k times) and the runs skipped for exceeding maxBlock.
func lshStream(a, b *kernel.Vectors, plan LSHPlan, seed uint64, maxBlock int, t kernel.Threshold, workers int,
	emit func([]kernel.Hit), progress func(done, total int)) (compared int64, skipped int64) {
	orders := minhashOrders(seed, plan.Bands*plan.PerBand, a.Words()*64)
	nA, n := a.Len(), a.Len()+b.Len()
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, plan.Bands))
	var next, done atomic.Int64
	var cmpTotal, skipTotal atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ent, tmp := make([]uint64, n), make([]uint64, n)
			count := new([1 << 16]int)
			var hits []kernel.Hit
			var cmps, skips int64
			flush := func() {
				if len(hits) == 0 {
					return
				}
				mu.Lock()
				emit(hits)
				mu.Unlock()
				hits = hits[:0]
			}
			for {
				band := int(next.Add(1) - 1)
				if band >= plan.Bands {
					break
				}
				ords := orders[band*plan.PerBand : (band+1)*plan.PerBand]
				for i := 0; i < nA; i++ {
					ent[i] = bandHash(a.Row(i), ords)<<32 | uint64(i)
				}
				for j := 0; j < b.Len(); j++ {
					ent[nA+j] = bandHash(b.Row(j), ords)<<32 | uint64(nA+j)
				}
				radixSortHigh(ent, tmp, count)
				for lo := 0; lo < n; {
					hi := lo + 1
					for hi < n && ent[hi]>>32 == ent[lo]>>32 {
						hi++
					}
					if hi-lo > 1 && uint32(ent[lo]) < uint32(nA) && uint32(ent[hi-1]) >= uint32(nA) {
						if hi-lo > maxBlock {
							skips++
						} else {
							mid := lo
							for uint32(ent[mid]) < uint32(nA) {
								mid++
							}
							cmps += int64(mid-lo) * int64(hi-mid)
							for _, e := range ent[lo:mid] {
								q := uint32(e)
								hits = compareRun(hits, q, a.Row(int(q)), a.Pop(int(q)), b, ent[mid:hi], uint32(nA), t)
								if len(hits) >= lshChunk {
									flush()
								}
							}
						}
					}
					lo = hi
				}
				if progress != nil {
					d := done.Add(1)
					mu.Lock()
					progress(int(d), plan.Bands)
					mu.Unlock()
				}
			}
			flush()
			cmpTotal.Add(cmps)
			skipTotal.Add(skips)
		}()
	}
	wg.Wait()
	return cmpTotal.Load(), skipTotal.Load()
}

// compareRun appends the hits between query q and the right records of a
// run (words whose low 32 bits are base + record of b).
func compareRun(out []kernel.Hit, q uint32, row []uint64, pop int, b *kernel.Vectors, run []uint64, base uint32, t kernel.Threshold) []kernel.Hit {
	for _, e := range run {
		c := int(uint32(e) - base)
		pc := b.Pop(c)
		if !kernel.Matches(min(pop, pc), pop, pc, t) {
			continue // the popcounts alone rule the pair out
		}
		var cnt int
		if len(row) == 16 {
			cnt = popAnd16((*[16]uint64)(row), (*[16]uint64)(b.Row(c)))
		} else {
			cnt = popAnd(row, b.Row(c))
		}
		if kernel.Matches(cnt, pop, pc, t) {
			out = append(out, kernel.Hit{Q: q, C: uint32(c), Count: uint32(cnt)})
		}
	}
	return out
}

// bestOf keeps, for each left record, its best k hits (all when k <= 0),
// each candidate once (a pair colliding in several bands is emitted each
// time). Ranking is kernel.KeepTopK's: Dice descending as exact fractions,
// ties to the lower candidate, so that blocking keeps the candidates
// exhaustive comparison keeps whenever they collide.
type bestOf struct {
	k     int
	a, b  *kernel.Vectors
	lists [][]kernel.Hit
	worst []uint8 // index of the worst kept hit of each full list (k <= 256)
	n     int
}

func newBestOf(a, b *kernel.Vectors, k int) *bestOf {
	s := &bestOf{k: k, a: a, b: b, lists: make([][]kernel.Hit, a.Len())}
	if k > 256 {
		s.k = -1 // all: the lists stay small in practice, and a bound that large is no bound
	}
	if s.k > 0 {
		s.worst = make([]uint8, a.Len())
	}
	return s
}

// better reports whether x ranks before y for the same query.
func (s *bestOf) better(x, y kernel.Hit) bool {
	pq := s.a.Pop(int(x.Q))
	l := uint64(x.Count) * uint64(pq+s.b.Pop(int(y.C)))
	r := uint64(y.Count) * uint64(pq+s.b.Pop(int(x.C)))
	if l != r {
		return l > r
	}
	return x.C < y.C
}

func (s *bestOf) add(hits []kernel.Hit) {
	for _, h := range hits {
		l := s.lists[h.Q]
		full := s.k > 0 && len(l) == s.k
		if full && !s.better(h, l[s.worst[h.Q]]) {
			continue // not better than the worst kept (or the worst itself again)
		}
		if slices.ContainsFunc(l, func(o kernel.Hit) bool { return o.C == h.C }) {
			continue
		}
		if !full {
			if l == nil {
				l = make([]kernel.Hit, 0, 4)
			}
			l = append(l, h)
			s.lists[h.Q] = l
			s.n++
			if s.k > 0 && len(l) == s.k {
				s.worst[h.Q] = s.worstOf(l)
			}
			continue
		}
		l[s.worst[h.Q]] = h
		s.worst[h.Q] = s.worstOf(l)
	}
}

func (s *bestOf) worstOf(l []kernel.Hit) uint8 {
	w := 0
	for i := 1; i < len(l); i++ {
		if s.better(l[w], l[i]) {
			w = i
		}
	}
	return uint8(w)
}

// hits returns every kept hit, record after record, and lets go of the
// lists as it goes (the caller copies them into candidates; at a million
// records both at once would double the memory of the largest structure).
func (s *bestOf) hits() []kernel.Hit {
	out := make([]kernel.Hit, 0, s.n)
	for q, l := range s.lists {
		out = append(out, l...)
		s.lists[q] = nil
	}
	return out
}
