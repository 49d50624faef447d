package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/passerelle-org/passerelle/internal/estimate"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

func init() {
	register("estimate", "cli.summary.estimate", runEstimate)
}

// runEstimate implements
//
//	passerelle estimate FILE [--method stepwise|main|aic|bic|fixed] [--pthresh P]
//	    [--terms A:B,...] [--interval profile|bootstrap] [--boot N] [--seed N]
//	    [--extended] [--format table|json] [--lang LANG]
//
// FILE is a CSV table (see estimate.ReadTable) or - for standard input. Flags
// may come before or after FILE.
func runEstimate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("estimate", flag.ContinueOnError)
	fs.SetOutput(flagErrors{"estimate", stderr})
	def := estimate.DefaultOptions()
	method := fs.String("method", string(def.Method), estimateHelp("method", nil))
	pthresh := fs.Float64("pthresh", def.PThresh, estimateHelp("pthresh", nil))
	terms := fs.String("terms", "", estimateHelp("terms", nil))
	interval := fs.String("interval", string(def.Interval), estimateHelp("interval", nil))
	boot := fs.Int("boot", def.Boot, estimateHelp("boot", nil))
	seed := fs.Uint64("seed", def.Seed, estimateHelp("seed", nil))
	extended := fs.Bool("extended", false, estimateHelp("extended", nil))
	format := fs.String("format", "table", estimateHelp("format", nil))
	langFlag := fs.String("lang", i18n.FromEnv(), estimateHelp("lang", map[string]any{"Languages": strings.Join(i18n.Languages, ", ")}))
	fs.Usage = func() {
		lang := *langFlag
		if !i18n.Supported(lang) {
			lang = i18n.FromEnv()
		}
		fmt.Fprintln(stderr, i18n.T(lang, "estimate.usage", nil))
		printFlags(stderr, fs)
	}

	// FILE may come before the flags.
	files, ok, st := parseInterleaved(fs, args)
	if !ok {
		return st
	}

	lang := *langFlag
	fail := func(err error) int {
		fmt.Fprintln(stderr, "passerelle estimate:", errText(err, lang))
		if fault.KindOf(err) == fault.Invalid {
			return 2
		}
		return 1
	}
	if !i18n.Supported(lang) {
		lang = i18n.FromEnv()
		return fail(estimate.NewError("bad_lang", map[string]any{"Lang": *langFlag, "Languages": strings.Join(i18n.Languages, ", ")}))
	}
	if *format != "table" && *format != "json" {
		return fail(estimate.NewError("bad_format", map[string]any{"Format": *format}))
	}
	if len(files) != 1 {
		fs.Usage()
		return fail(estimate.NewError("usage_file", nil))
	}

	opts := estimate.Options{
		Method:   estimate.Method(*method),
		PThresh:  *pthresh,
		Interval: estimate.IntervalMethod(*interval),
		Boot:     *boot,
		Seed:     *seed,
		Extended: *extended,
	}
	if *terms != "" && !flagSet(fs, "method") {
		opts.Method = estimate.Fixed
	}
	if err := opts.Validate(); err != nil { // before reading a long stdin
		return fail(err)
	}
	table, err := readTableFile(files[0], stdin)
	if err != nil {
		return fail(err)
	}
	if *terms != "" {
		if opts.Terms, err = estimate.ParseTerms(table.Lists(), *terms); err != nil {
			return fail(err)
		}
	}
	res, err := estimate.Estimate(table, opts)
	if err != nil {
		return fail(err)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(jsonResult(res, lang)); err != nil {
			return fail(err)
		}
		return 0
	}
	printTable(stdout, res, lang)
	return 0
}

// estimateHelp is the help of a flag, in the environment's language (the
// flags are described before --lang is read).
func estimateHelp(id string, params map[string]any) string {
	return i18n.T(i18n.FromEnv(), "estimate.help."+id, params)
}

func readTableFile(name string, stdin io.Reader) (*estimate.Table, error) {
	if name == "-" {
		return estimate.ReadTable(stdin)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, estimate.NewError("read_failed", map[string]any{"File": name})
	}
	defer f.Close()
	return estimate.ReadTable(f)
}

func errText(err error, lang string) string {
	if s, ok := i18n.ErrorText(lang, err); ok {
		return s
	}
	return err.Error()
}

func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// estimateJSON is the --format json output. The first five keys are the
// stable contract; the others explain the result.
type estimateJSON struct {
	Observed      int64         `json:"observed"`
	Estimate      float64       `json:"estimate"`
	Lower         float64       `json:"lower"`
	Upper         *float64      `json:"upper"` // null when unbounded
	Terms         []string      `json:"terms"`
	Unseen        float64       `json:"unseen"`
	InfiniteTerms []string      `json:"infinite_terms"`
	Extended      bool          `json:"extended"`
	Method        string        `json:"method"`
	PThresh       *float64      `json:"pthresh,omitempty"`
	Interval      string        `json:"interval"`
	Boot          int           `json:"boot,omitempty"`
	Seed          *uint64       `json:"seed,omitempty"`
	BootFailed    int           `json:"boot_failed,omitempty"`
	WaldLower     float64       `json:"wald_lower"`
	WaldUpper     float64       `json:"wald_upper"`
	Lists         []string      `json:"lists"`
	Model         string        `json:"model"`
	Parameters    int           `json:"parameters"`
	Deviance      float64       `json:"deviance"`
	AIC           float64       `json:"aic"`
	BIC           float64       `json:"bic"`
	Steps         []stepJSON    `json:"steps,omitempty"`
	SkippedModels []skippedJSON `json:"skipped_models"`
	SkippedCount  int           `json:"skipped_count"`
	EmptyPairs    []string      `json:"empty_pairs"`
	Caveats       []string      `json:"caveats"`
	Lang          string        `json:"lang"`
	Search        string        `json:"search,omitempty"`
}

type stepJSON struct {
	Term   string  `json:"term"`
	PValue float64 `json:"p_value"`
}

type skippedJSON struct {
	Terms  []string `json:"terms"`
	Reason string   `json:"reason"`
	Code   string   `json:"code"`
}

func jsonResult(r *estimate.Result, lang string) estimateJSON {
	caveats := []string{}
	for _, c := range r.Caveats() {
		caveats = append(caveats, i18n.Text(lang, c))
	}
	j := estimateJSON{
		Observed:      r.Observed,
		Estimate:      r.Estimate,
		Lower:         r.Interval.Lower,
		Terms:         nonNil(r.TermNames()),
		Unseen:        r.Unseen,
		InfiniteTerms: nonNil(estimate.TermNames(r.Lists, r.Infinite)),
		Extended:      r.Options.Extended,
		Method:        string(r.Options.Method),
		Interval:      string(r.Options.Interval),
		WaldLower:     r.Wald.Lower,
		WaldUpper:     r.Wald.Upper,
		Lists:         r.Lists,
		Model:         i18n.Text(lang, r.ModelLabel()),
		Parameters:    r.Fit.Params,
		Deviance:      r.Fit.Deviance,
		AIC:           r.Fit.AIC(),
		BIC:           r.Fit.BIC(r.Observed),
		SkippedModels: []skippedJSON{},
		SkippedCount:  r.SkippedCount,
		EmptyPairs:    nonNil(estimate.TermNames(r.Lists, r.EmptyPairs)),
		Caveats:       caveats,
		Lang:          lang,
	}
	if !math.IsInf(r.Interval.Upper, 1) {
		u := r.Interval.Upper
		j.Upper = &u
	}
	if r.Options.Method == estimate.Stepwise {
		p := r.Options.PThresh
		j.PThresh = &p
	}
	if r.Options.Interval == estimate.BootstrapInterval {
		s := r.Options.Seed
		j.Boot, j.Seed, j.BootFailed = r.Options.Boot, &s, r.Interval.Failed
	}
	if r.Options.Method == estimate.AIC || r.Options.Method == estimate.BIC {
		j.Search = "exhaustive"
		if r.Forward {
			j.Search = "forward"
		}
	}
	for _, s := range r.Steps {
		j.Steps = append(j.Steps, stepJSON{Term: s.Term.Name(r.Lists), PValue: s.PValue})
	}
	for _, s := range r.Skipped {
		j.SkippedModels = append(j.SkippedModels, skippedJSON{
			Terms:  nonNil(estimate.TermNames(r.Lists, s.Terms)),
			Reason: i18n.Text(lang, s.Reason),
			Code:   strings.TrimPrefix(s.Reason.Code, "estimate."),
		})
	}
	return j
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// printTable writes the human-readable report; numbers are rounded and
// grouped in the reader's convention (11,418 in English, 11 418 in French).
func printTable(w io.Writer, r *estimate.Result, lang string) {
	t := func(id string, params map[string]any) string { return i18n.T(lang, "estimate."+id, params) }
	row := func(label, value string) { fmt.Fprintf(w, "%-44s %s\n", label, value) }
	num := func(v float64) string { return i18n.Number(lang, math.Round(v), 0) }

	row(t("label_lists", nil), strings.Join(r.Lists, ", "))
	row(t("label_observed", nil), num(float64(r.Observed)))
	row(t("label_unseen", nil), num(r.Unseen))
	row(t("label_estimate", nil), num(r.Estimate))
	upper := t("label_unbounded", nil)
	if !math.IsInf(r.Interval.Upper, 1) {
		upper = num(r.Interval.Upper)
	}
	row(t("label_interval", map[string]any{"Method": r.IntervalLabel()}), num(r.Interval.Lower)+" – "+upper)
	row(t("label_model", map[string]any{"Method": r.MethodLabel()}), i18n.Text(lang, r.ModelLabel()))
	if r.SkippedCount > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, t("label_skipped", nil))
		for _, s := range r.Skipped {
			fmt.Fprintln(w, "  - "+i18n.Text(lang, s.Reason))
		}
		if more := r.SkippedCount - len(r.Skipped); more > 0 {
			fmt.Fprintln(w, "  - "+t("skipped_many", map[string]any{"Count": more}))
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, t("label_caveats", nil))
	for _, c := range r.Caveats() {
		fmt.Fprintln(w, "  - "+i18n.Text(lang, c))
	}
}
