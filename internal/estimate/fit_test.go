package estimate

import (
	"math"
	"slices"
	"testing"
)

// twoLists builds a two-list table from the counts on the first list only,
// the second only, and both.
func twoLists(t testing.TB, n10, n01, n11 int64) *Table {
	t.Helper()
	tb, err := NewTable([]string{"Abidjan", "Paris"}, []Cell{
		{Pattern: []bool{true, false}, Count: n10},
		{Pattern: []bool{false, true}, Count: n01},
		{Pattern: []bool{true, true}, Count: n11},
	})
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

// threeLists builds a three-list table from counts indexed by mask 1..7
// (bit 0 = first list).
func threeLists(t testing.TB, c [8]int64) *Table {
	t.Helper()
	var cells []Cell
	for mask := 1; mask < 8; mask++ {
		if c[mask] == 0 {
			continue
		}
		cells = append(cells, Cell{Pattern: []bool{mask&1 != 0, mask&2 != 0, mask&4 != 0}, Count: c[mask]})
	}
	tb, err := NewTable([]string{"A", "B", "C"}, cells)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func near(a, b, rel float64) bool { return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b)) }

// TestLincolnPetersen: with two lists the main-effects model gives
// N = n1 n2 / m and unseen = n10 n01 / n11.
func TestLincolnPetersen(t *testing.T) {
	cases := []struct{ n10, n01, n11 int64 }{
		{60, 40, 20}, {5, 7, 1}, {1000, 300, 45}, {3, 3, 3},
	}
	for _, c := range cases {
		tb := twoLists(t, c.n10, c.n01, c.n11)
		f, err := FitModel(tb, nil)
		if err != nil {
			t.Fatal(err)
		}
		n1, n2 := float64(c.n10+c.n11), float64(c.n01+c.n11)
		wantN := n1 * n2 / float64(c.n11)
		wantU := float64(c.n10) * float64(c.n01) / float64(c.n11)
		if !near(f.Unseen, wantU, 1e-9) || !near(f.Total(tb.Observed()), wantN, 1e-9) {
			t.Errorf("%+v: unseen %.6f total %.6f, want %.6f and %.6f", c, f.Unseen, f.Total(tb.Observed()), wantU, wantN)
		}
		// The model is saturated on the three observable cells.
		if f.Deviance > 1e-8 {
			t.Errorf("%+v: deviance %g, want 0", c, f.Deviance)
		}
	}
	// Through Estimate, with every selection method (only one model exists).
	tb := twoLists(t, 60, 40, 20)
	for _, m := range []Method{Stepwise, Main, AIC, BIC} {
		opts := DefaultOptions()
		opts.Method = m
		r, err := Estimate(tb, opts)
		if err != nil {
			t.Fatal(err)
		}
		if !near(r.Estimate, 240, 1e-9) || len(r.Terms) != 0 {
			t.Errorf("%s: estimate %v terms %v, want 240 and none", m, r.Estimate, r.TermNames())
		}
	}
}

// TestIndependenceThreeLists checks the main-effects fit against Darroch's
// equation for the independence model, 1 - n/N = prod_j (1 - n_j/N), solved
// here by bisection.
func TestIndependenceThreeLists(t *testing.T) {
	c := [8]int64{0, 130, 85, 14, 42, 9, 7, 3}
	tb := threeLists(t, c)
	f, err := FitModel(tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := float64(tb.Observed())
	nj := []float64{float64(tb.ListTotal(0)), float64(tb.ListTotal(1)), float64(tb.ListTotal(2))}
	g := func(N float64) float64 {
		p := 1.0
		for _, v := range nj {
			p *= 1 - v/N
		}
		return (1 - n/N) - p
	}
	lo, hi := n+1e-9, 1e7
	for range 200 {
		mid := (lo + hi) / 2
		if g(lo)*g(mid) <= 0 {
			hi = mid
		} else {
			lo = mid
		}
	}
	want := (lo + hi) / 2
	if !near(f.Total(tb.Observed()), want, 1e-7) {
		t.Errorf("main effects total %.6f, Darroch %.6f", f.Total(tb.Observed()), want)
	}
}

// TestNoThreeWayClosedForm: main effects plus all three interactions fits
// the seven observable cells exactly, and the unseen cell is the one that
// makes the three-way interaction zero:
// m000 = n100 n010 n001 n111 / (n110 n101 n011).
func TestNoThreeWayClosedForm(t *testing.T) {
	c := [8]int64{0, 130, 85, 14, 42, 9, 7, 3}
	tb := threeLists(t, c)
	all := allPairs(3)
	if ck := CheckModel(tb, all); !ck.OK() {
		t.Fatalf("check failed: %+v", ck)
	}
	f, err := FitModel(tb, all)
	if err != nil {
		t.Fatal(err)
	}
	want := float64(c[1]*c[2]*c[4]*c[7]) / float64(c[3]*c[5]*c[6])
	if !near(f.Unseen, want, 1e-8) {
		t.Errorf("unseen %.6f, want %.6f", f.Unseen, want)
	}
	for mask := 1; mask < 8; mask++ {
		if !near(f.Mu[mask-1], float64(c[mask]), 1e-8) {
			t.Errorf("cell %03b fitted %.6f, observed %d", mask, f.Mu[mask-1], c[mask])
		}
	}
}

// TestNonOverlappingPairRefused: lists A and B share nobody although both are
// large, so under main effects their overlap is far below expectation and the
// stepwise p-value for A:B is tiny. The LP must find that the model with A:B
// has no maximum likelihood estimate, and no method may choose it.
func TestNonOverlappingPairRefused(t *testing.T) {
	// Masks: 1=A, 2=B, 3=AB, 4=C, 5=AC, 6=BC, 7=ABC.
	tb := threeLists(t, [8]int64{0, 500, 400, 0, 30, 20, 15, 0})
	ab := Term{0, 1}

	ck := CheckModel(tb, []Term{ab})
	if ck.Exists || ck.LPFailed {
		t.Fatalf("LP says the model with A:B exists (value %g, failed %v)", ck.LPValue, ck.LPFailed)
	}
	if ck.LPValue > lpExistTol {
		t.Errorf("LP optimum %g, want 0", ck.LPValue)
	}
	if !slices.Equal(ck.EmptyPairs, []Term{ab}) {
		t.Errorf("empty pairs %v, want [A:B]", ck.EmptyPairs)
	}
	if r := ck.Reason(tb, []Term{ab}); r == nil || r.Code != "estimate.no_overlap" {
		t.Errorf("reason %v, want no_overlap", r)
	}
	// The main-effects model and the models with one other pair do exist.
	for _, ts := range [][]Term{nil, {{0, 2}}, {{1, 2}}} {
		if c := CheckModel(tb, ts); !c.OK() || c.LPValue <= lpExistTol {
			t.Errorf("model %v: %+v, want existing and identifiable", ts, c)
		}
	}
	// With both A:C and B:C the model leaves one degree of freedom and its
	// sufficient statistics fix the AB cell: y_AB = n_A + n_B + n_C - n_AC -
	// n_BC - total = 0 here, so no positive fit exists although A:B is not
	// in the model. Only the LP can see this.
	if c := CheckModel(tb, []Term{{0, 2}, {1, 2}}); c.Exists || len(c.EmptyPairs) != 0 {
		t.Errorf("model [A:C + B:C]: %+v, want no estimate and no empty pair", c)
	}

	// A:B would be chosen first on its p-value.
	main, err := FitModel(tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	lambda := main.Mu[3-1] + main.Mu[7-1]
	if p := poissonOneSided(0, lambda); p >= DefaultPThresh {
		t.Fatalf("test table too weak: p-value of A:B is %g", p)
	}

	for _, m := range []Method{Stepwise, AIC, BIC} {
		opts := DefaultOptions()
		opts.Method = m
		r, err := Estimate(tb, opts)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		if slices.Contains(r.Terms, ab) {
			t.Errorf("%s chose A:B", m)
		}
		refused := false
		for _, s := range r.Skipped {
			if slices.Contains(s.Terms, ab) && s.Reason.Code == "estimate.no_overlap" {
				refused = true
			}
		}
		if !refused {
			t.Errorf("%s: A:B not reported among refused models: %+v", m, r.Skipped)
		}
	}

	// Asking for it is refused with the reason.
	opts := DefaultOptions()
	opts.Method, opts.Terms = Fixed, []Term{ab}
	_, err = Estimate(tb, opts)
	assertErr(t, err, "no_overlap", []string{"A:B"})
}

// TestNonExistenceWithoutEmptyPair: every pair but A:B shares nobody. With
// A:B in the model the sufficient statistics force the cells AC, BC and ABC
// to 0 (y_C = total - n_A - n_B + n_AB = n_C), so no positive fit exists
// although A and B do overlap: only the LP sees it.
func TestNonExistenceWithoutEmptyPair(t *testing.T) {
	tb := threeLists(t, [8]int64{0, 35, 25, 5, 15, 0, 0, 0})
	ck := CheckModel(tb, []Term{{0, 1}})
	if ck.Exists || len(ck.EmptyPairs) != 0 || !ck.Identifiable {
		t.Errorf("check %+v, want not existing, no empty pair, identifiable", ck)
	}
	if r := ck.Reason(tb, []Term{{0, 1}}); r == nil || r.Code != "estimate.no_mle" {
		t.Errorf("reason %v, want no_mle", r)
	}
	if c := CheckModel(tb, nil); !c.OK() {
		t.Errorf("main effects: %+v, want OK", c)
	}
	r, err := Estimate(tb, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	checkResult(t, "stepwise", r)
}

// TestUnidentifiable: two lists with their interaction have four parameters
// for three observable cells.
func TestUnidentifiable(t *testing.T) {
	tb := twoLists(t, 60, 40, 20)
	ck := CheckModel(tb, []Term{{0, 1}})
	if ck.Identifiable || ck.Rank != 3 || ck.Params != 4 {
		t.Errorf("check %+v, want rank 3 of 4", ck)
	}
	if r := ck.Reason(tb, []Term{{0, 1}}); r == nil || r.Code != "estimate.unidentifiable" {
		t.Errorf("reason %v, want unidentifiable", r)
	}
	opts := DefaultOptions()
	opts.Method, opts.Terms = Fixed, []Term{{0, 1}}
	_, err := Estimate(tb, opts)
	assertErr(t, err, "unidentifiable", []string{"3", "4"})
}

// TestMainEffectsNotEstimable: two lists that share nobody give no finite
// Lincoln-Petersen estimate; the LP says so and Estimate refuses the table.
func TestMainEffectsNotEstimable(t *testing.T) {
	tb := twoLists(t, 60, 40, 0)
	if ck := CheckModel(tb, nil); ck.Exists {
		t.Errorf("LP says main effects exist: %+v", ck)
	}
	for _, m := range []Method{Stepwise, Main, AIC, BIC} {
		opts := DefaultOptions()
		opts.Method = m
		_, err := Estimate(tb, opts)
		assertErr(t, err, "main_not_estimable", nil)
	}
}

func TestPoissonOneSided(t *testing.T) {
	cases := []struct{ n, lambda, want float64 }{
		{0, 3, math.Exp(-3)},
		{5, 1, 1 - math.Exp(-1)*(1+1+0.5+1.0/6+1.0/24)},
		{2, 2, 1 - math.Exp(-2)*(1+2)}, // P(X >= 2) = 0.594 < P(X <= 2) = 0.677
		{0, 0, 1},
	}
	for _, c := range cases {
		if got := poissonOneSided(c.n, c.lambda); !near(got, c.want, 1e-10) {
			t.Errorf("p(%v; %v) = %v, want %v", c.n, c.lambda, got, c.want)
		}
	}
}

// TestProfileInterval checks that the profile deviance is at the chi-squared
// cut-off at both ends, by refitting there directly.
func TestProfileInterval(t *testing.T) {
	tb := threeLists(t, [8]int64{0, 130, 85, 14, 42, 9, 7, 3})
	ts := []Term{{0, 1}}
	f, err := FitModel(tb, ts)
	if err != nil {
		t.Fatal(err)
	}
	iv := Profile(tb, f)
	if iv.LowerOpen || math.IsInf(iv.Upper, 1) {
		t.Fatalf("interval %+v, want bounded", iv)
	}
	x := sparseOf(design(3, ts, false))
	for _, total := range []float64{iv.Lower, iv.Upper} {
		b := math.Log(total - float64(tb.Observed()))
		off := make([]float64, 7)
		for i := range off {
			off[i] = b
		}
		g, err := poissonGLM(x, tb.cellCounts(), off, nil)
		if err != nil {
			t.Fatal(err)
		}
		if d := 2 * (f.LogLik - g.loglik); math.Abs(d-chi2One95) > 1e-4 {
			t.Errorf("profile deviance at %.3f is %.6f, want %.6f", total, d, chi2One95)
		}
	}
	w := Wald(tb, f)
	if !(iv.Lower < f.Total(tb.Observed()) && f.Total(tb.Observed()) < iv.Upper) {
		t.Errorf("profile %+v does not contain %.1f", iv, f.Total(tb.Observed()))
	}
	if !near(iv.Lower, w.Lower, 0.25) || !near(iv.Upper, w.Upper, 0.25) {
		t.Errorf("profile %+v far from Wald %+v", iv, w)
	}
}

// TestBootstrapRepeatable: the same seed gives the same interval, another
// seed another one, and the interval brackets the estimate.
func TestBootstrapRepeatable(t *testing.T) {
	tb := threeLists(t, [8]int64{0, 130, 85, 14, 42, 9, 7, 3})
	f, err := FitModel(tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	a := Bootstrap(tb, f, 300, 42)
	b := Bootstrap(tb, f, 300, 42)
	c := Bootstrap(tb, f, 300, 43)
	if a != b {
		t.Errorf("same seed, different intervals: %+v %+v", a, b)
	}
	if a == c {
		t.Errorf("different seeds, same interval: %+v", a)
	}
	est := f.Total(tb.Observed())
	if !(a.Lower < est && est < a.Upper) {
		t.Errorf("bootstrap %+v does not contain %.1f", a, est)
	}
	p := Profile(tb, f)
	if !near(a.Lower, p.Lower, 0.3) || !near(a.Upper, p.Upper, 0.3) {
		t.Errorf("bootstrap %+v far from profile %+v", a, p)
	}
}

// TestExtendedUnseen checks the bootstrap's extended estimate. Without empty
// pairs it is the ordinary fit. With A:B in the model and nobody on both A
// and B, it must equal the fit in which the A:B parameter is fixed at a very
// negative value (here -40, an offset on the cells with both lists), which
// is the limit it stands for.
func TestExtendedUnseen(t *testing.T) {
	full := threeLists(t, [8]int64{0, 130, 85, 14, 42, 9, 7, 3})
	f, err := FitModel(full, []Term{{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := extendedUnseen(full, []Term{{0, 1}}); !ok || !near(u, f.Unseen, 1e-9) {
		t.Errorf("extended %v (ok %v), ordinary %v", u, ok, f.Unseen)
	}

	tb := threeLists(t, [8]int64{0, 50, 40, 0, 30, 10, 8, 0})
	u, ok := extendedUnseen(tb, []Term{{0, 1}})
	if !ok {
		t.Fatal("extended fit refused")
	}
	x := sparseOf(design(3, nil, true))
	off := make([]float64, 7)
	for mask := 1; mask < 8; mask++ {
		if mask&3 == 3 {
			off[mask-1] = -40
		}
	}
	g, err := poissonGLM(x, tb.cellCounts(), off, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := math.Exp(g.beta[0]); !near(u, want, 1e-8) {
		t.Errorf("extended unseen %v, limit fit %v", u, want)
	}
	// And it differs from main effects, which do use the empty cells.
	me, err := FitModel(tb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if near(u, me.Unseen, 1e-3) {
		t.Errorf("extended %v equals main effects %v: the empty pair had no effect", u, me.Unseen)
	}
}
