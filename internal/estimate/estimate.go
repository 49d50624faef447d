package estimate

import (
	"math"
	"slices"
	"strconv"
	"strings"
)

// IntervalMethod is how the 95% interval is computed.
type IntervalMethod string

// Interval methods.
const (
	ProfileInterval   IntervalMethod = "profile"
	BootstrapInterval IntervalMethod = "bootstrap"
)

// Bootstrap replicate bounds.
const (
	DefaultBoot = 1000
	MinBoot     = 100
	MaxBoot     = 100000
)

// DefaultPThresh is the stepwise threshold of the UK Home Office analysis and
// SparseMSE.
const DefaultPThresh = 0.02

// Options choose the model and the interval. The zero value is not valid;
// start from DefaultOptions.
type Options struct {
	Method   Method
	PThresh  float64 // stepwise only
	Terms    []Term  // fixed only
	Interval IntervalMethod
	Boot     int    // bootstrap replicates
	Seed     uint64 // bootstrap seed
	// Extended follows SparseMSE for interactions between lists that share
	// nobody: instead of refusing the model, the interaction is set to minus
	// infinity (see CheckExtended). Off by default.
	Extended bool
}

// DefaultOptions are stepwise selection with p < 0.02 and a profile interval.
func DefaultOptions() Options {
	return Options{Method: Stepwise, PThresh: DefaultPThresh, Interval: ProfileInterval, Boot: DefaultBoot, Seed: 1}
}

// Result is a population estimate.
type Result struct {
	Lists    []string
	Observed int64
	Unseen   float64 // estimated people on no list
	Estimate float64 // Observed + Unseen
	Interval Interval
	Wald     Interval // SparseMSE's normal interval on log(unseen), for comparison
	Terms    []Term   // chosen two-list interactions
	Infinite []Term   // those of Terms at minus infinity (Extended only)
	Fit      *Fit
	Options  Options
	// Steps are the interactions added by the stepwise method, in order.
	Steps []Step
	// Skipped lists up to 30 models that selection refused, with reasons;
	// SkippedCount counts them all.
	Skipped      []Skipped
	SkippedCount int
	// Forward is true when AIC/BIC searched forward (more than
	// ExhaustiveMaxLists lists).
	Forward bool
	// EmptyPairs are the pairs of lists that share nobody.
	EmptyPairs []Term
}

// Estimate chooses a model as opts say, fits it and computes the interval.
// Errors are *Error; Input is false only for numerical failures.
func Estimate(t *Table, opts Options) (*Result, error) {
	if err := opts.Validate(); err != nil {
		return nil, err
	}
	s := newSelector(t, opts.Extended)
	var f *Fit
	var err error
	switch opts.Method {
	case Stepwise:
		f, err = s.stepwise(opts.PThresh)
	case Main:
		f, err = s.mainModel()
	case AIC, BIC:
		f, err = s.criterion(opts.Method == BIC)
	case Fixed:
		l := layoutFor(t, opts.Terms, opts.Extended)
		if c := checkLayout(t, l); !c.OK() {
			return nil, c.Reason(t, l.terms)
		}
		f, err = fitLayout(t, l)
	}
	if err != nil {
		return nil, err
	}
	r := &Result{
		Lists:        t.Lists(),
		Observed:     t.observed,
		Unseen:       f.Unseen,
		Estimate:     f.Total(t.observed),
		Wald:         Wald(t, f),
		Terms:        f.Terms,
		Infinite:     f.Infinite,
		Fit:          f,
		Options:      opts,
		Steps:        s.sel.steps,
		Skipped:      s.sel.skipped,
		SkippedCount: s.sel.nSkip,
		Forward:      s.sel.forward,
	}
	for _, p := range allPairs(t.NumLists()) {
		if t.Overlap(p.I, p.J) == 0 {
			r.EmptyPairs = append(r.EmptyPairs, p)
		}
	}
	if opts.Interval == BootstrapInterval {
		r.Interval = Bootstrap(t, f, opts.Boot, opts.Seed)
	} else {
		r.Interval = Profile(t, f)
	}
	return r, nil
}

// Validate checks the options that do not depend on the table.
func (o Options) Validate() error {
	switch o.Method {
	case Stepwise, Main, AIC, BIC, Fixed:
	default:
		return inputErr("bad_method", string(o.Method))
	}
	if o.Method == Stepwise && !(o.PThresh >= 0 && o.PThresh <= 1) {
		return inputErr("bad_pthresh", o.PThresh)
	}
	if o.Method != Fixed && len(o.Terms) > 0 {
		return inputErr("terms_without_fixed")
	}
	switch o.Interval {
	case ProfileInterval:
	case BootstrapInterval:
		if o.Boot < MinBoot || o.Boot > MaxBoot {
			return inputErr("bad_boot", o.Boot, MinBoot, MaxBoot)
		}
	default:
		return inputErr("bad_interval", string(o.Interval))
	}
	return nil
}

// TermNames returns the chosen interactions as "A:B" strings.
func (r *Result) TermNames() []string { return TermNames(r.Lists, r.Terms) }

// Caveats returns the caveats that apply to r, in language l: the standing
// assumptions of the method first, then those the data raise.
func (r *Result) Caveats(l Lang) []string {
	cs := []string{
		Text(l, "caveat_closed"),
		Text(l, "caveat_dependence"),
		Text(l, "caveat_heterogeneity"),
		Text(l, "caveat_matching"),
	}
	if len(r.EmptyPairs) > 0 && !r.Options.Extended {
		cs = append(cs, Text(l, "caveat_sparse", strings.Join(TermNames(r.Lists, r.EmptyPairs), ", ")))
	}
	if len(r.Infinite) > 0 {
		cs = append(cs, Text(l, "caveat_extended", strings.Join(TermNames(r.Lists, r.Infinite), ", ")))
	}
	if r.Forward {
		cs = append(cs, Text(l, "caveat_forward", ExhaustiveMaxLists, strings.ToUpper(string(r.Options.Method))))
	}
	if math.IsInf(r.Interval.Upper, 1) {
		cs = append(cs, Text(l, "caveat_unbounded"))
	}
	if r.Interval.LowerOpen {
		cs = append(cs, Text(l, "caveat_lower_open"))
	}
	if r.Options.Interval == BootstrapInterval {
		cs = append(cs, Text(l, "caveat_bootstrap"))
		if r.Interval.Failed > 0 {
			cs = append(cs, Text(l, "caveat_boot_failed", r.Interval.Failed, r.Options.Boot))
		}
	}
	return cs
}

// MethodLabel describes the method in language l.
func (r *Result) MethodLabel(l Lang) string {
	if r.Options.Method == Stepwise {
		p := strconv.FormatFloat(r.Options.PThresh, 'g', -1, 64)
		if l == FR {
			p = strings.Replace(p, ".", ",", 1) // French decimal comma
		}
		return Text(l, "method_stepwise", p)
	}
	return Text(l, "method_"+string(r.Options.Method))
}

// IntervalLabel describes the interval method in language l.
func (r *Result) IntervalLabel(l Lang) string {
	if r.Options.Interval == BootstrapInterval {
		return Text(l, "interval_bootstrap", r.Options.Boot, r.Options.Seed)
	}
	return Text(l, "interval_profile")
}

// ModelLabel names the chosen model in language l, e.g. "main effects only"
// or "main effects + LA:NG + PF:GO".
func (r *Result) ModelLabel(l Lang) string {
	if len(r.Terms) == 0 {
		return Text(l, "main_effects")
	}
	names := r.TermNames()
	for i, tm := range r.Terms {
		if slices.Contains(r.Infinite, tm) {
			names[i] += " (-inf)"
		}
	}
	return Text(l, "method_main") + " + " + strings.Join(names, " + ")
}
