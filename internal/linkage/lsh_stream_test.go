package linkage

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// truePairs counts the two-record groups of res whose ids agree (the
// generator's truth) and all two-record groups.
func truePairs(res *Result, encs []*Encodings) (correct, found int) {
	for _, g := range res.Groups {
		if len(g) == 2 {
			found++
			if encs[g[0].Party].IDs[g[0].Record] == encs[g[1].Party].IDs[g[1].Record] {
				correct++
			}
		}
	}
	return correct, found
}

func pairSet(res *Result) map[[2]int]bool {
	out := map[[2]int]bool{}
	for _, g := range res.Groups {
		if len(g) == 2 {
			out[[2]int{g[0].Record, g[1].Record}] = true
		}
	}
	return out
}

// TestLSHStreamRecall: on 5,000 x 5,000 generated records (half the people
// shared, a typo in one name of each shared person's second copy), MinHash
// blocking at a fixed threshold and with the automatic one loses at most
// 0.005 of exhaustive comparison's recall, finds nearly all of its pairs
// and compares far fewer pairs.
func TestLSHStreamRecall(t *testing.T) {
	encs := plantedParties(t, 2, 5000, 2500, 11)
	for _, c := range []struct {
		thr  float64
		auto bool
	}{{0.8, false}, {0.7, false}, {0, true}} {
		none, err := Match(encs, MatchOptions{Blocking: BlockNone, Threshold: c.thr, Auto: c.auto})
		if err != nil {
			t.Fatal(err)
		}
		lsh, err := Match(encs, MatchOptions{Blocking: BlockLSH, Threshold: c.thr, Auto: c.auto})
		if err != nil {
			t.Fatal(err)
		}
		name := fmt.Sprintf("threshold %.2f auto %v", c.thr, c.auto)
		cn, _ := truePairs(none, encs)
		cl, fl := truePairs(lsh, encs)
		rn, rl := float64(cn)/2500, float64(cl)/2500
		t.Logf("%s: recall %.4f exhaustive, %.4f lsh (%d comparisons, %d x %d plan, design %.3f); threshold %.4f vs %.4f",
			name, rn, rl, lsh.Comparisons, lsh.LSH.Bands, lsh.LSH.PerBand, lsh.LSH.Design, none.Threshold, lsh.Threshold)
		if rl < rn-0.005 {
			t.Errorf("%s: recall %.4f with lsh, %.4f exhaustive", name, rl, rn)
		}
		if cl < fl*99/100 {
			t.Errorf("%s: lsh precision %d/%d", name, cl, fl)
		}
		want, got := pairSet(none), pairSet(lsh)
		same := 0
		for p := range want {
			if got[p] {
				same++
			}
		}
		if float64(same) < 0.995*float64(len(want)) {
			t.Errorf("%s: lsh finds %d of exhaustive's %d pairs", name, same, len(want))
		}
		if lsh.Blocking != BlockLSH || lsh.Comparisons*10 > none.Comparisons {
			t.Errorf("%s: blocking %s, %d comparisons against %d", name, lsh.Blocking, lsh.Comparisons, none.Comparisons)
		}
	}
}

// A pair at the design Dice collides in some band with probability at
// least LSHRecall, and one band fewer would not do.
func TestBandsForRecall(t *testing.T) {
	for _, d := range []float64{0.6, 0.7, 0.8, 0.9} {
		j := d / (2 - d)
		for r := 2; r <= 12; r++ {
			l := bandsFor(j, r)
			if l == 0 {
				continue
			}
			p := math.Pow(j, float64(r))
			at := func(l int) float64 { return 1 - math.Pow(1-p, float64(l)) }
			if at(l) < LSHRecall || (l > 1 && at(l-1) >= LSHRecall) {
				t.Errorf("design %.2f, %d MinHashes a band: %d bands give %.5f, %d give %.5f", d, r, l, at(l), l-1, at(l-1))
			}
		}
	}
	if bandsFor(0.1, 16) != 0 {
		t.Error("a hopeless design gave a plan")
	}
}

// The estimated costs choose exhaustive comparison for small runs and
// blocking for large ones, and refuse designs no plan reaches.
func TestPlanLSHChoice(t *testing.T) {
	vs := packAll(t, plantedParties(t, 2, 3000, 1500, 12))
	s := sampleJaccard(vs[0], vs[1], lshSample)
	small := planLSH(0.8, 5000, 5000, s, 1024)
	large := planLSH(0.8, 200000, 200000, s, 1024)
	if small.Cost < lshAutoMargin*small.ExhaustiveCost {
		t.Errorf("5,000 x 5,000: LSH estimated at %.3g ns against %.3g exhaustive", small.Cost, small.ExhaustiveCost)
	}
	if large.Cost > lshAutoMargin*large.ExhaustiveCost || large.Bands == 0 {
		t.Errorf("200,000 x 200,000: LSH estimated at %.3g ns against %.3g exhaustive (plan %+v)", large.Cost, large.ExhaustiveCost, large)
	}
	if p := planLSH(0.2, 200000, 200000, s, 1024); p.useful {
		t.Errorf("design 0.2 planned as useful: %+v", p)
	}
	encs := plantedParties(t, 2, 300, 100, 13)
	if _, err := Match(encs, MatchOptions{Blocking: BlockLSH, Threshold: 0.05}); errID(err) != "lsh.design" {
		t.Errorf("lsh at threshold 0.05: %v", err)
	}
	res, err := Match(encs, MatchOptions{Blocking: BlockAuto, Threshold: 0.2})
	if err != nil || res.Blocking != BlockNone || res.LSH.Reason != "impossible" {
		t.Errorf("auto at threshold 0.2: %v, %+v", err, res)
	}
	res, err = Match(encs, MatchOptions{Threshold: 0.8})
	if err != nil || res.Blocking != BlockNone || res.LSH.Reason != "dearer" {
		t.Errorf("auto on 300 x 300: %v, %+v", err, res)
	}
}

// bestOf keeps the candidates kernel.KeepTopK keeps, each once, however
// often a pair is emitted (once per band it collides in) and in whatever
// chunks.
func TestBestOfIsKeepTopK(t *testing.T) {
	vs := packAll(t, plantedParties(t, 2, 200, 50, 14))
	thr, _ := kernel.ThresholdFromFloat(0.3)
	all, err := kernel.Scan(kernel.Reference(), vs[0], vs[1], thr, 1)
	if err != nil {
		t.Fatal(err)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{1, 3, 25, -1} {
		want := sortHits(kernel.KeepTopK(slices.Clone(all), vs[0], vs[1], max(k, len(all))))
		if k > 0 {
			want = sortHits(kernel.KeepTopK(slices.Clone(all), vs[0], vs[1], k))
		}
		var stream []kernel.Hit
		for _, h := range all {
			for range 1 + r.IntN(3) {
				stream = append(stream, h)
			}
		}
		r.Shuffle(len(stream), func(i, j int) { stream[i], stream[j] = stream[j], stream[i] })
		b := newBestOf(vs[0], vs[1], k)
		for len(stream) > 0 {
			n := min(len(stream), 1+r.IntN(500))
			b.add(stream[:n])
			stream = stream[n:]
		}
		if got := sortHits(b.hits()); !slices.Equal(got, want) {
			t.Errorf("k %d: %d hits kept, want %d", k, len(got), len(want))
		}
	}
}

// Candidates are streamed: lshStream hands its hits over in chunks of at
// about lshChunk while it runs, and what Match holds for the solver is at
// most TopK per record, far fewer than the pairs above the threshold.
func TestLSHStreamsInChunks(t *testing.T) {
	vs := packAll(t, plantedParties(t, 2, 3000, 1000, 15))
	thr, _ := kernel.ThresholdFromFloat(0.3)
	plan := LSHPlan{Bands: 20, PerBand: 2, Design: 0.5}
	var chunks, total int
	largest := 0
	cmps, _ := lshStream(vs[0], vs[1], plan, 1, 1000, thr, 2, func(h []kernel.Hit) {
		chunks++
		total += len(h)
		largest = max(largest, len(h))
	}, nil)
	if chunks < 4 || largest > lshChunk+1000 || total < 4*lshChunk || cmps <= 0 {
		t.Errorf("%d chunks of up to %d hits, %d hits in all, %d comparisons", chunks, largest, total, cmps)
	}
	encs := plantedParties(t, 2, 3000, 1000, 15)
	all, err := Match(encs, MatchOptions{Blocking: BlockLSH, Threshold: 0.6, TopK: -1})
	if err != nil {
		t.Fatal(err)
	}
	res, err := Match(encs, MatchOptions{Blocking: BlockLSH, Threshold: 0.6, TopK: 1})
	if err != nil {
		t.Fatal(err)
	}
	if res.Candidates > 3000 || res.Candidates >= all.Candidates || res.MatchedGroups() < all.MatchedGroups()*99/100 {
		t.Errorf("TopK 1: %d candidates held, %d groups; all: %d candidates, %d groups", res.Candidates, res.MatchedGroups(), all.Candidates, all.MatchedGroups())
	}
}
