package estimate

import (
	"math"
	"slices"
	"strings"
	"testing"
)

func TestPairIndex(t *testing.T) {
	for m := 2; m <= MaxLists; m++ {
		for k, tm := range allPairs(m) {
			if got := pairIndex(m, tm); got != k {
				t.Fatalf("m=%d: pairIndex(%v) = %d, want %d", m, tm, got, k)
			}
		}
	}
}

// fourLists is an invented four-list table with one empty pair
// (Accra:Vienna) and uneven overlaps.
const fourLists = `Accra,Lagos,Marseille,Vienna,count
1,0,0,0,120
0,1,0,0,95
0,0,1,0,160
0,0,0,1,70
1,1,0,0,25
1,0,1,0,6
0,1,1,0,9
0,1,0,1,4
0,0,1,1,11
1,1,1,0,3
0,1,1,1,2
`

// TestCriterionIsExhaustiveMinimum compares AIC and BIC selection with a
// plain loop over every subset of interactions, checked and fitted without
// the selector's shortcuts.
func TestCriterionIsExhaustiveMinimum(t *testing.T) {
	tb, err := ReadTable(strings.NewReader(fourLists))
	if err != nil {
		t.Fatal(err)
	}
	pairs := allPairs(4)
	for _, bic := range []bool{false, true} {
		best, bestScore := []Term(nil), math.Inf(1)
		refused := 0
		for sub := 0; sub < 1<<len(pairs); sub++ {
			var ts []Term
			for k := range pairs {
				if sub&(1<<k) != 0 {
					ts = append(ts, pairs[k])
				}
			}
			if !CheckModel(tb, ts).OK() {
				refused++
				continue
			}
			f, err := FitModel(tb, ts)
			if err != nil {
				t.Fatal(err)
			}
			sc := f.AIC()
			if bic {
				sc = f.BIC(tb.Observed())
			}
			if sc < bestScore {
				best, bestScore = ts, sc
			}
		}
		opts := DefaultOptions()
		opts.Method = AIC
		if bic {
			opts.Method = BIC
		}
		r, err := Estimate(tb, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(r.Terms, best) {
			t.Errorf("%s chose %v, exhaustive minimum is %v", opts.Method, r.TermNames(), TermNames(tb.Lists(), best))
		}
		if r.SkippedCount != refused {
			t.Errorf("%s: %d models skipped, the loop refused %d", opts.Method, r.SkippedCount, refused)
		}
		if r.Forward {
			t.Errorf("%s: forward search with 4 lists", opts.Method)
		}
	}
}

// TestStepwiseRule follows the stepwise method by hand on the four-list
// table: each added term must be the smallest p-value among the usable
// candidates under the previous model, and below the threshold; at the end
// no usable candidate is below it.
func TestStepwiseRule(t *testing.T) {
	tb, err := ReadTable(strings.NewReader(fourLists))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Estimate(tb, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	var cur []Term
	for step := 0; ; step++ {
		f, err := FitModel(tb, cur)
		if err != nil {
			t.Fatal(err)
		}
		best, bestP := Term{-1, -1}, 1.0
		for _, tm := range allPairs(4) {
			if slices.Contains(cur, tm) {
				continue
			}
			if !CheckModel(tb, append(slices.Clone(cur), tm)).OK() {
				continue
			}
			var lambda float64
			for mask := 1; mask < 16; mask++ {
				if mask&(1<<tm.I) != 0 && mask&(1<<tm.J) != 0 {
					lambda += f.Mu[mask-1]
				}
			}
			if p := poissonOneSided(float64(tb.Overlap(tm.I, tm.J)), lambda); p < bestP {
				best, bestP = tm, p
			}
		}
		if bestP >= DefaultPThresh {
			if step != len(r.Steps) {
				t.Errorf("by hand %d steps, Estimate made %d", step, len(r.Steps))
			}
			break
		}
		if step >= len(r.Steps) || r.Steps[step].Term != best || !near(r.Steps[step].PValue, bestP, 1e-9) {
			t.Fatalf("step %d: by hand %v (p=%g), Estimate %+v", step, best, bestP, r.Steps)
		}
		cur = sortedTerms(append(cur, best))
	}
	if !slices.Equal(r.Terms, cur) {
		t.Errorf("terms %v, by hand %v", r.TermNames(), TermNames(tb.Lists(), cur))
	}
	// Threshold 0 stops at main effects.
	opts := DefaultOptions()
	opts.PThresh = 0
	r0, err := Estimate(tb, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(r0.Terms) != 0 {
		t.Errorf("pthresh 0 chose %v", r0.TermNames())
	}
}

// TestForwardSearchBeyondFiveLists: with six lists AIC/BIC search forward
// and say so in the caveats.
func TestForwardSearchBeyondFiveLists(t *testing.T) {
	lists := []string{"Accra", "Lagos", "Lomé", "Marseille", "Vienna", "Sofia"}
	var cells []Cell
	counts := map[int]int64{1: 80, 2: 75, 4: 60, 8: 110, 16: 40, 32: 30, 3: 12, 9: 7, 10: 5, 12: 9, 24: 6, 40: 3, 48: 2, 11: 2, 26: 1}
	for mask, c := range counts {
		p := make([]bool, 6)
		for j := range p {
			p[j] = mask&(1<<j) != 0
		}
		cells = append(cells, Cell{Pattern: p, Count: c})
	}
	tb, err := NewTable(lists, cells)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{AIC, BIC} {
		opts := DefaultOptions()
		opts.Method = m
		r, err := Estimate(tb, opts)
		if err != nil {
			t.Fatal(err)
		}
		checkResult(t, string(m), r)
		if !r.Forward {
			t.Errorf("%s: not forward with 6 lists", m)
		}
		found := false
		for _, c := range r.Caveats() {
			found = found || strings.Contains(in("fr", c), "ascendante")
		}
		if !found {
			t.Errorf("%s: no forward-search caveat in French: %q", m, r.Caveats())
		}
	}
}
