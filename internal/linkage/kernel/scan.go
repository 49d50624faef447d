package kernel

import (
	"math"
	"runtime"
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
				for glo := 0; glo < c.groups(); glo += tileGroups {
					ghi := min(glo+tileGroups, c.groups())
					scratch = k.block(q, qlo, qhi, qrhs, c, glo, ghi, crhs, t, scratch[:0])
					hits = append(hits, scratch...)
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
