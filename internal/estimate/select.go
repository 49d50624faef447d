package estimate

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// Method is how the model is chosen.
type Method string

// Model choice methods.
const (
	// Stepwise starts from main effects and adds the two-list interaction
	// with the smallest one-sided Poisson p-value while it is below the
	// threshold, skipping models that fail the existence or
	// identifiability checks (SparseMSE's stepwisefit, the method of the UK
	// Home Office 2014 estimate).
	Stepwise Method = "stepwise"
	// Main fits main effects only (lists independent).
	Main Method = "main"
	// AIC picks the model of least AIC.
	AIC Method = "aic"
	// BIC picks the model of least BIC, with log(observed) per parameter.
	BIC Method = "bic"
	// Fixed fits the interactions the user gives.
	Fixed Method = "fixed"
)

// ExhaustiveMaxLists is the largest number of lists for which AIC and BIC
// search every subset of two-list interactions (2^10 = 1024 models for 5
// lists). Beyond it they search forward: from main effects, add the
// interaction that lowers the criterion most, while one does.
const ExhaustiveMaxLists = 5

// Skipped is a model that selection could not use, with the reason.
type Skipped struct {
	Terms  []Term
	Reason *Error
}

// Step is one addition made by the stepwise method.
type Step struct {
	Term   Term
	PValue float64
}

// selection is the outcome of model choice.
type selection struct {
	fit     *Fit
	skipped []Skipped
	nSkip   int // all skipped models, including those not kept in skipped
	steps   []Step
	forward bool // AIC/BIC searched forward rather than exhaustively
}

// maxSkippedKept bounds the skipped models listed in a result.
const maxSkippedKept = 30

// selector caches model checks for one table, since the methods revisit the
// same models.
type selector struct {
	t      *Table
	checks map[string]Check
	// good holds models known to pass CheckModel. Existence and
	// identifiability pass to every submodel: a positive y matching the
	// larger model's sufficient statistics matches the smaller one's, and a
	// subset of independent columns is independent. So a model inside a good
	// one needs no linear program.
	// The shortcut holds in the strict treatment only: in the extended one a
	// submodel may bring back combinations the larger model left out.
	good     []termSet
	extended bool
	sel      selection
}

func newSelector(t *Table, extended bool) *selector {
	return &selector{t: t, checks: map[string]Check{}, extended: extended}
}

// termSet is a set of two-list terms as bits, indexed as in allPairs; 128
// bits cover the 66 pairs of MaxLists lists.
type termSet [2]uint64

func setOf(m int, ts []Term) termSet {
	var b termSet
	for _, tm := range ts {
		k := pairIndex(m, tm)
		b[k/64] |= 1 << (k % 64)
	}
	return b
}

// pairIndex is the position of tm in allPairs(m).
func pairIndex(m int, tm Term) int {
	return tm.I*(2*m-tm.I-1)/2 + (tm.J - tm.I - 1)
}

func (a termSet) within(b termSet) bool { return a[0]&^b[0] == 0 && a[1]&^b[1] == 0 }

func termsKey(ts []Term) string {
	b := make([]byte, 0, 2*len(ts))
	for _, tm := range ts {
		b = append(b, byte(tm.I), byte(tm.J))
	}
	return string(b)
}

// usable checks a model once and records it as skipped when it fails.
func (s *selector) usable(ts []Term) bool {
	k := termsKey(ts)
	c, seen := s.checks[k]
	if !seen {
		set := setOf(s.t.NumLists(), ts)
		for _, g := range s.good {
			if set.within(g) {
				return true
			}
		}
		c = checkLayout(s.t, layoutFor(s.t, ts, s.extended))
		if c.OK() && !s.extended {
			s.good = append(s.good, set)
		}
		s.checks[k] = c
		if !c.OK() {
			s.skip(ts, c.Reason(s.t, ts))
		}
	}
	return c.OK()
}

func (s *selector) skip(ts []Term, reason *Error) {
	s.sel.nSkip++
	if len(s.sel.skipped) < maxSkippedKept {
		s.sel.skipped = append(s.sel.skipped, Skipped{Terms: ts, Reason: reason})
	}
}

// fit fits a model already known to be usable; a numerical failure is
// recorded as a skip and returns nil.
func (s *selector) fit(ts []Term) *Fit {
	f, err := fitLayout(s.t, layoutFor(s.t, ts, s.extended))
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			e = &Error{Code: "estimate.fit_failed", Params: kv{"Model": modelName(s.t.lists, ts)}}
		}
		s.skip(ts, e)
		return nil
	}
	return f
}

// mainModel fits main effects, refusing tables for which even that has no
// finite estimate (e.g. two lists that share nobody).
func (s *selector) mainModel() (*Fit, error) {
	c := CheckModel(s.t, nil)
	if !c.OK() {
		return nil, inputErr("main_not_estimable", kv{"Reason": c.Reason(s.t, nil)})
	}
	return FitModel(s.t, nil)
}

// stepwise implements SparseMSE's stepwisefit. For each candidate
// interaction (i, j) not yet in the model, the statistic is the number of
// people on both lists; under the current model it is Poisson with mean the
// sum of the fitted means of the cells on both lists. Its one-sided p-value is
// min(P(X <= n), P(X >= n)). The candidate with the smallest p-value (first in
// pair order on ties) is added if that p-value is below pthresh and the model
// with it passes CheckModel; candidates that fail are given p = 1.
func (s *selector) stepwise(pthresh float64) (*Fit, error) {
	cur, err := s.mainModel()
	if err != nil {
		return nil, err
	}
	m := s.t.NumLists()
	pairs := allPairs(m)
	in := make([]bool, len(pairs))
	for range pairs {
		best, bestP := -1, 1.0
		for k, tm := range pairs {
			if in[k] {
				continue
			}
			both := 1<<tm.I | 1<<tm.J
			var lambda float64
			for mask := 1; mask < 1<<m; mask++ {
				if mask&both == both {
					lambda += cur.Mu[mask-1]
				}
			}
			p := poissonOneSided(float64(s.t.Overlap(tm.I, tm.J)), lambda)
			if p >= pthresh || p >= bestP {
				continue // cannot be chosen: spare the checks
			}
			if !s.usable(sortedTerms(append(slices.Clone(cur.Terms), tm))) {
				continue
			}
			best, bestP = k, p
		}
		if best < 0 {
			break
		}
		next := s.fit(sortedTerms(append(slices.Clone(cur.Terms), pairs[best])))
		if next == nil {
			break
		}
		in[best] = true
		s.sel.steps = append(s.sel.steps, Step{Term: pairs[best], PValue: bestP})
		cur = next
	}
	return cur, nil
}

// poissonOneSided returns min(P(X <= n), P(X >= n)) for X ~ Poisson(lambda).
func poissonOneSided(n, lambda float64) float64 {
	if lambda <= 0 {
		if n == 0 {
			return 1
		}
		return 0
	}
	le := mathext.GammaIncRegComp(n+1, lambda) // P(X <= n)
	ge := 1.0                                  // P(X >= 0)
	if n > 0 {
		ge = mathext.GammaIncReg(n, lambda) // P(X >= n)
	}
	return math.Min(le, ge)
}

// criterion returns the model of least AIC or BIC.
func (s *selector) criterion(bic bool) (*Fit, error) {
	base, err := s.mainModel()
	if err != nil {
		return nil, err
	}
	score := func(f *Fit) float64 {
		if bic {
			return f.BIC(s.t.observed)
		}
		return f.AIC()
	}
	m := s.t.NumLists()
	pairs := allPairs(m)
	best, bestScore := base, score(base)
	if m > ExhaustiveMaxLists {
		s.sel.forward = true
		for {
			var stepBest *Fit
			stepScore := bestScore
			for _, tm := range pairs {
				if slices.Contains(best.Terms, tm) {
					continue
				}
				ts := sortedTerms(append(slices.Clone(best.Terms), tm))
				if !s.usable(ts) {
					continue
				}
				if f := s.fit(ts); f != nil && score(f) < stepScore {
					stepBest, stepScore = f, score(f)
				}
			}
			if stepBest == nil {
				return best, nil
			}
			best, bestScore = stepBest, stepScore
		}
	}
	// Exhaustive: every subset of pairs, in order of the subset's bit mask.
	// A model with an interaction between lists that share nobody has no
	// finite estimate, and neither has any model containing it, so those
	// subsets are counted as skipped once per pair without a program each.
	var emptyMask uint
	for k, tm := range pairs {
		if !s.extended && s.t.Overlap(tm.I, tm.J) == 0 {
			emptyMask |= 1 << k
			ts := []Term{tm}
			s.usable(ts) // records the reason, with the LP's verdict
		}
	}
	// Check the largest model first: if it passes, so do all the others.
	if !s.extended {
		var top []Term
		for k, tm := range pairs {
			if emptyMask&(1<<k) == 0 {
				top = append(top, tm)
			}
		}
		s.usable(top)
	}
	for sub := uint(1); sub < 1<<len(pairs); sub++ {
		var ts []Term
		for k := range pairs {
			if sub&(1<<k) != 0 {
				ts = append(ts, pairs[k])
			}
		}
		if sub&emptyMask != 0 {
			if len(ts) > 1 { // single pairs were recorded above
				s.sel.nSkip++
			}
			continue
		}
		if !s.usable(ts) {
			continue
		}
		if f := s.fit(ts); f != nil && score(f) < bestScore {
			best, bestScore = f, score(f)
		}
	}
	return best, nil
}
