package estimate

import (
	"math"
	"slices"
	"testing"
)

// TestExtendedChecks mirrors the three cases of SparseMSE's checkident
// documentation on a table of the same shape as its artificial example
// (invented counts): only A and B overlap.
//   - A:C + B:C, both between lists that share nobody, pass once put at
//     minus infinity (strictly, they are refused);
//   - A:B has no estimate (the counts force the cells AC, BC and ABC to 0);
//   - all three pairs are not identifiable: four cells remain for five
//     parameters.
func TestExtendedChecks(t *testing.T) {
	tb := threeLists(t, [8]int64{0, 35, 25, 5, 15, 0, 0, 0})
	acbc := []Term{{0, 2}, {1, 2}}
	if c := CheckExtended(tb, acbc); !c.OK() {
		t.Errorf("extended [A:C + B:C]: %+v, want OK", c)
	}
	if c := CheckModel(tb, acbc); c.OK() || len(c.EmptyPairs) != 2 {
		t.Errorf("strict [A:C + B:C]: %+v, want refused with two empty pairs", c)
	}
	if c := CheckExtended(tb, []Term{{0, 1}}); c.Exists {
		t.Errorf("extended [A:B]: %+v, want no estimate", c)
	}
	c := CheckExtended(tb, allPairs(3))
	if c.Identifiable || c.Rank != 4 || c.Params != 5 {
		t.Errorf("extended all pairs: %+v, want rank 4 of 5", c)
	}
	if r := c.Reason(tb, allPairs(3)); r == nil || r.Code != "estimate.unidentifiable" {
		t.Errorf("reason %v", r)
	}

	// The extended fit of A:C + B:C leaves A:B-free cells only, and those
	// with C on another list are fitted as 0.
	f, err := FitExtended(tb, acbc)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.Infinite, acbc) || f.Params != 4+2 {
		t.Errorf("infinite %v, params %d", f.Infinite, f.Params)
	}
	for _, mask := range []int{5, 6, 7} {
		if f.Mu[mask-1] != 0 {
			t.Errorf("cell %03b fitted %v, want 0", mask, f.Mu[mask-1])
		}
	}
}

// TestExtendedStepwise: on the table where A and B are large and share
// nobody, the extended stepwise method takes A:B at minus infinity, as
// SparseMSE's stepwisefit would, where the strict one refuses it.
func TestExtendedStepwise(t *testing.T) {
	tb := threeLists(t, [8]int64{0, 500, 400, 0, 30, 20, 15, 0})
	opts := DefaultOptions()
	opts.Extended = true
	r, err := Estimate(tb, opts)
	if err != nil {
		t.Fatal(err)
	}
	ab := Term{0, 1}
	if !slices.Contains(r.Terms, ab) || !slices.Equal(r.Infinite, []Term{ab}) {
		t.Fatalf("terms %v infinite %v, want A:B at minus infinity", r.TermNames(), TermNames(r.Lists, r.Infinite))
	}
	if len(r.Steps) == 0 || r.Steps[0].Term != ab {
		t.Errorf("steps %+v, want A:B first", r.Steps)
	}
	if u, ok := extendedUnseen(tb, r.Terms); !ok || !near(u, r.Unseen, 1e-9) {
		t.Errorf("unseen %v, extended refit %v", r.Unseen, u)
	}
	checkResult2(t, r)
	strict, err := Estimate(tb, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(strict.Terms, ab) {
		t.Errorf("strict stepwise chose A:B")
	}
}

// checkResult2 checks a result's interval without the strict rule on empty
// pairs.
func checkResult2(t *testing.T, r *Result) {
	t.Helper()
	if !(r.Interval.Lower <= r.Estimate && r.Estimate <= r.Interval.Upper) || math.IsNaN(r.Estimate) {
		t.Errorf("interval [%v, %v] does not contain %v", r.Interval.Lower, r.Interval.Upper, r.Estimate)
	}
}
