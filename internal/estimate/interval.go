package estimate

import (
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// chi2One95 is the 95% quantile of the chi-squared distribution with one
// degree of freedom: the profile deviance cut-off.
const chi2One95 = 3.841458820694124

// z975 is the 97.5% normal quantile, for the Wald interval.
const z975 = 1.959963984540054

// Interval is a 95% interval for the total population. When the data do not
// bound it above, Upper is +Inf.
type Interval struct {
	Lower, Upper float64
	// LowerOpen is true when the data are compatible with nobody unseen.
	LowerOpen bool
	// Failed counts bootstrap replicates without a finite estimate.
	Failed int
}

// Wald returns SparseMSE's interval: normal on the log of the unseen cell
// (the intercept), shifted by the observed total.
func Wald(t *Table, f *Fit) Interval {
	sd := math.Sqrt(f.VarInt)
	o := float64(t.observed)
	return Interval{
		Lower: o + math.Exp(f.Beta[0]-z975*sd),
		Upper: o + math.Exp(f.Beta[0]+z975*sd),
	}
}

// profileSpan is how far, in log(unseen), the profile search goes before it
// declares a side unbounded: e^25 is about 7e10 times the estimate.
const profileSpan = 25

// Profile returns the profile-likelihood interval for the total: the set of
// unseen means exp(b) whose profile deviance, maximising over every other
// parameter with the intercept fixed at b, is within the chi-squared(1) 95%
// cut-off of the maximum. The observed total is added to both ends.
func Profile(t *Table, f *Fit) Interval {
	x := sparseOf(f.lay.design(t.NumLists(), false))
	y := f.lay.counts(t)
	offset := make([]float64, len(y))
	b0 := f.Beta[0]
	// excess is the profile deviance at intercept b minus the cut-off;
	// warm starts follow the search.
	excess := func(b float64, start []float64) (float64, []float64) {
		for i := range offset {
			offset[i] = b
		}
		g, err := poissonGLM(x, y, offset, start)
		if err != nil {
			return math.Inf(1), start // treat as far outside
		}
		return 2*(f.LogLik-g.loglik) - chi2One95, g.beta
	}
	side := func(dir float64) (float64, bool) {
		step := math.Max(0.1, math.Sqrt(f.VarInt))
		start := slices.Clone(f.Beta[1:])
		inside := b0
		for out := b0 + dir*step; math.Abs(out-b0) <= profileSpan; out += dir * step {
			e, beta := excess(out, start)
			if e > 0 {
				// Bisection between inside and out. A failed fit counts as
				// outside; if the bracket still ends on one, the crossing is
				// not known and the side is reported as unbounded.
				outFinite := !math.IsInf(e, 1)
				for range 60 {
					mid := (inside + out) / 2
					em, bm := excess(mid, start)
					if em > 0 {
						out, outFinite = mid, !math.IsInf(em, 1)
					} else {
						inside, start = mid, bm
					}
					if math.Abs(out-inside) < 1e-7 {
						break
					}
				}
				return (inside + out) / 2, outFinite
			}
			inside, start = out, beta
			step *= 1.6
		}
		return 0, false
	}
	o := float64(t.observed)
	iv := Interval{}
	if lo, ok := side(-1); ok {
		iv.Lower = o + math.Exp(lo)
	} else {
		iv.Lower, iv.LowerOpen = o, true
	}
	if hi, ok := side(+1); ok {
		iv.Upper = o + math.Exp(hi)
	} else {
		iv.Upper = math.Inf(1)
	}
	return iv
}

// Bootstrap returns a parametric-bootstrap percentile interval for the total:
// counts of the observable cells are drawn as Poisson with the fitted means,
// the same model is refitted, and the 2.5% and 97.5% quantiles of the
// replicate totals (replicate observed + replicate unseen) are taken. The
// model is kept fixed. seed makes runs repeatable.
//
// A replicate often loses the few people two lists shared, and then the
// model's interaction for them has no finite estimate. Leaving such
// replicates out would bias the interval, so they are refitted as SparseMSE
// does: the extended maximum likelihood estimate, with that interaction at
// minus infinity, i.e. dropped together with the combinations holding both
// lists (fitted as 0). Replicates that still fail the checks are counted in
// Failed and left out.
func Bootstrap(t *Table, f *Fit, reps int, seed uint64) Interval {
	src := rand.NewPCG(seed, 0x9e3779b97f4a7c15)
	totals := make([]float64, 0, reps)
	y := make([]float64, len(f.Mu))
	failed := 0
	for range reps {
		for i, mu := range f.Mu {
			y[i] = distuv.Poisson{Lambda: mu, Src: src}.Rand()
		}
		bt := t.withCounts(y)
		unseen, ok := extendedUnseen(bt, f.Terms)
		if !ok {
			failed++
			continue
		}
		totals = append(totals, float64(bt.observed)+unseen)
	}
	if len(totals) == 0 {
		return Interval{Lower: float64(t.observed), Upper: math.Inf(1), LowerOpen: true, Failed: failed}
	}
	slices.Sort(totals)
	return Interval{
		Lower:  quantile(totals, 0.025),
		Upper:  quantile(totals, 0.975),
		Failed: failed,
	}
}

// extendedUnseen fits main effects plus ts to t, treating interactions whose
// lists share nobody as minus infinity (SparseMSE's buildmodel), and returns
// the fitted unseen mean; ok is false when even that model fails the checks.
func extendedUnseen(t *Table, ts []Term) (float64, bool) {
	if t.observed == 0 {
		return 0, false
	}
	l := extendedLayout(t, ts)
	if !checkLayout(t, l).OK() {
		return 0, false
	}
	f, err := fitLayout(t, l)
	if err != nil {
		return 0, false
	}
	return f.Unseen, true
}

// quantile interpolates linearly in sorted s (type 7, R's default).
func quantile(s []float64, p float64) float64 {
	h := p * float64(len(s)-1)
	lo := int(math.Floor(h))
	hi := min(lo+1, len(s)-1)
	return s[lo] + (h-float64(lo))*(s[hi]-s[lo])
}
