package kernel

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
)

// Tile sizes: a tile of candidates (tileGroups*GroupSize vectors) stays in
// L1/L2 while a block of queries is compared with it.
const (
	queryBlock = 32
	tileGroups = 32
)

// Scan compares every vector of q with every vector of c using kernel k on
// workers goroutines (0 means GOMAXPROCS) and returns the hits, in no
// particular order.
func Scan(k Kernel, q, c *Vectors, t Threshold, workers int) ([]Hit, error) {
	return ScanTopK(k, q, c, t, workers, 0)
}

// ScanTopK is Scan keeping, for each query, only its topK best hits (by
// Dice, exactly; ties by candidate index); topK <= 0 keeps all. Each query's
// hits are all produced by one worker, so memory stays bounded by
// q.Len()*topK however low the threshold.
func ScanTopK(k Kernel, q, c *Vectors, t Threshold, workers, topK int) ([]Hit, error) {
	if q.words != c.words {
		return nil, ErrMismatch
	}
	if t == 0 {
		t = 1
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	crhs := make([]int64, len(c.pop))
	for i, p := range c.pop {
		crhs[i] = int64(t) * int64(p)
	}
	nblocks := (q.n + queryBlock - 1) / queryBlock
	if workers > nblocks {
		workers = max(nblocks, 1)
	}
	var next atomic.Int64
	results := make([][]Hit, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			qrhs := make([]int64, queryBlock)
			scratch := make([]Hit, 0, queryBlock*tileGroups*GroupSize)
			var hits []Hit
			for {
				b := int(next.Add(1) - 1)
				if b >= nblocks {
					break
				}
				qlo := b * queryBlock
				qhi := min(qlo+queryBlock, q.n)
				for i := qlo; i < qhi; i++ {
					if q.pop[i] == 0 {
						qrhs[i-qlo] = math.MaxInt64
					} else {
						qrhs[i-qlo] = int64(t) * int64(q.pop[i])
					}
				}
				start := len(hits)
				for glo := 0; glo < c.groups(); glo += tileGroups {
					ghi := min(glo+tileGroups, c.groups())
					scratch = k.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, scratch[:0])
					hits = append(hits, scratch...)
				}
				if topK > 0 && len(hits)-start > topK {
					hits = append(hits[:start], KeepTopK(hits[start:], q, c, topK)...)
				}
			}
			results[w] = hits
		}(w)
	}
	wg.Wait()
	var all []Hit
	for _, r := range results {
		all = append(all, r...)
	}
	return all, nil
}

// KeepTopK sorts hits of q against c by query, then Dice descending
// (compared as exact fractions), then candidate, and keeps the first topK of
// each query, in place. ScanTopK applies it per block of queries; blocking
// applies it to its own hits so that both keep the same candidates.
func KeepTopK(h []Hit, q, c *Vectors, topK int) []Hit {
	slices.SortFunc(h, func(x, y Hit) int {
		if x.Q != y.Q {
			return cmp.Compare(x.Q, y.Q)
		}
		l := uint64(x.Count) * uint64(q.pop[y.Q]+c.pop[y.C])
		r := uint64(y.Count) * uint64(q.pop[x.Q]+c.pop[x.C])
		if l != r {
			return cmp.Compare(r, l)
		}
		return cmp.Compare(x.C, y.C)
	})
	out := h[:0]
	run := 0
	for i, x := range h {
		if i > 0 && x.Q == h[i-1].Q {
			run++
		} else {
			run = 0
		}
		if run < topK {
			out = append(out, x)
		}
	}
	return out
}
