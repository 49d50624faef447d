package estimate

import (
	"math"
	"slices"
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
		return inputErr("bad_method", kv{"Method": string(o.Method)})
	}
	if o.Method == Stepwise && !(o.PThresh >= 0 && o.PThresh <= 1) {
		return inputErr("bad_pthresh", kv{"P": o.PThresh})
	}
	if o.Method != Fixed && len(o.Terms) > 0 {
		return inputErr("terms_without_fixed", nil)
	}
	switch o.Interval {
	case ProfileInterval:
	case BootstrapInterval:
		if o.Boot < MinBoot || o.Boot > MaxBoot {
			return inputErr("bad_boot", kv{"Boot": o.Boot, "Min": MinBoot, "Max": MaxBoot})
		}
	default:
		return inputErr("bad_interval", kv{"Interval": string(o.Interval)})
	}
	return nil
}

// TermNames returns the chosen interactions as "A:B" strings.
func (r *Result) TermNames() []string { return TermNames(r.Lists, r.Terms) }

// Caveats returns the caveats that apply to r: the standing assumptions of
// the method first, then those the data raise.
func (r *Result) Caveats() []Message {
	cs := []Message{
		msg("caveat_closed", nil),
		msg("caveat_dependence", nil),
		msg("caveat_heterogeneity", nil),
		msg("caveat_matching", nil),
	}
	if len(r.EmptyPairs) > 0 && !r.Options.Extended {
		cs = append(cs, msg("caveat_sparse", kv{"Pairs": strings.Join(TermNames(r.Lists, r.EmptyPairs), ", ")}))
	}
	if len(r.Infinite) > 0 {
		cs = append(cs, msg("caveat_extended", kv{"Terms": strings.Join(TermNames(r.Lists, r.Infinite), ", ")}))
	}
	if r.Forward {
		cs = append(cs, msg("caveat_forward", kv{"Max": ExhaustiveMaxLists, "Method": strings.ToUpper(string(r.Options.Method))}))
	}
	if math.IsInf(r.Interval.Upper, 1) {
		cs = append(cs, msg("caveat_unbounded", nil))
	}
	if r.Interval.LowerOpen {
		cs = append(cs, msg("caveat_lower_open", nil))
	}
	if r.Options.Interval == BootstrapInterval {
		cs = append(cs, msg("caveat_bootstrap", nil))
		if r.Interval.Failed > 0 {
			cs = append(cs, msg("caveat_boot_failed", kv{"Failed": r.Interval.Failed, "Boot": r.Options.Boot}))
		}
	}
	return cs
}

// MethodLabel describes the method (the p-value threshold is a number the
// translation writes in the reader's convention).
func (r *Result) MethodLabel() Message {
	if r.Options.Method == Stepwise {
		return msg("method_stepwise", kv{"P": r.Options.PThresh})
	}
	return msg("method_"+string(r.Options.Method), nil)
}

// IntervalLabel describes the interval method.
func (r *Result) IntervalLabel() Message {
	if r.Options.Interval == BootstrapInterval {
		return msg("interval_bootstrap", kv{"Boot": r.Options.Boot, "Seed": r.Options.Seed})
	}
	return msg("interval_profile", nil)
}

// ModelLabel names the chosen model, e.g. "main effects only" or "main
// effects + LA:NG + PF:GO".
func (r *Result) ModelLabel() Message {
	if len(r.Terms) == 0 {
		return msg("main_effects", nil)
	}
	names := r.TermNames()
	for i, tm := range r.Terms {
		if slices.Contains(r.Infinite, tm) {
			names[i] += " (-inf)"
		}
	}
	return msg("model_terms", kv{"Terms": strings.Join(names, " + ")})
}
