package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

func linkPickKernel(name string) (kernel.Kernel, error) {
	if name == "" {
		return kernel.Best()
	}
	k, err := kernel.ByName(name)
	if err != nil {
		return nil, linkage.NewError("flag.kernel", map[string]any{"Kernel": name, "Available": kernelNames()})
	}
	return k, nil
}

// linkBlockFlags adds --min-block and --max-block to fs and returns a
// function giving the validated LSH parameters.
func linkBlockFlags(fs *linkFlags) func() (linkage.LSHParams, error) {
	minB := fs.Int("min-block", linkage.DefaultMinBlock, linkHelp("min_block", nil))
	maxB := fs.Int("max-block", linkage.DefaultMaxBlock, linkHelp("max_block", nil))
	return func() (linkage.LSHParams, error) {
		if err := linkage.CheckBlockSizes(*minB, *maxB); err != nil {
			return linkage.LSHParams{}, err
		}
		return linkage.LSHParams{MinBlock: *minB, MaxBlock: *maxB}, nil
	}
}

func linkMatch(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newLinkFlags("match", stderr)
	threshold := fs.String("threshold", "auto", linkHelp("match_threshold", map[string]any{"Default": linkage.DefaultThreshold, "Balanced": linkage.DefaultBalancedThreshold}))
	out := fs.String("out", "", linkHelp("match_out", nil))
	counts := fs.String("counts", "", linkHelp("counts", nil))
	blocking := fs.String("blocking", linkage.BlockAuto, linkHelp("blocking", nil))
	kname := fs.String("kernel", "", linkHelp("match_kernel", map[string]any{"Kernels": kernelNames(), "Env": kernel.EnvVar}))
	blockSizes := linkBlockFlags(fs)
	progress := fs.Bool("progress", false, linkHelp("match_progress", nil))
	lang, code := fs.parse(args, stderr)
	if code != 0 {
		return linkExit(code)
	}
	lsh, err := blockSizes()
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	if *out == "" {
		return linkFail(stderr, lang, linkage.NewError("flag.required", map[string]any{"Flag": "--out"}))
	}
	auto, thr, err := linkParseThreshold(*threshold)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	files := fs.positional
	if len(files) < 2 {
		return linkFail(stderr, lang, linkage.NewError("match.parties", map[string]any{"Count": len(files)}))
	}
	k, err := linkPickKernel(*kname)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	encs := make([]*linkage.Encodings, len(files))
	for i, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			return linkFail(stderr, lang, linkIOErr("io.read", name, err))
		}
		if encs[i], err = linkage.ParseCLK(data, name); err != nil {
			return linkFail(stderr, lang, err)
		}
	}
	if err := linkage.Compatible(encs, files); err != nil {
		return linkFail(stderr, lang, err)
	}
	prog, done := linkProgress(stderr, lang, *progress)
	res, err := linkage.Match(encs, linkage.MatchOptions{Threshold: thr, Auto: auto, Kernel: k, Blocking: *blocking, LSH: lsh, Progress: prog})
	done()
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	if auto {
		linkSayAuto(stderr, lang, res.Auto, res.AutoFallback, res.Threshold)
	}
	if err := linkWriteFile(*out, func(w io.Writer) error { return linkage.WriteGroups(w, res, encs) }); err != nil {
		return linkFail(stderr, lang, linkIOErr("io.write", *out, err))
	}
	linkSay(stdout, lang, "out.matched", map[string]any{"Groups": res.MatchedGroups(), "Parties": len(encs), "File": *out,
		"Threshold": strconv.FormatFloat(res.Threshold, 'f', 4, 64), "Comparisons": res.Comparisons, "Blocking": res.Blocking})
	for _, m := range res.BlockingMessages() {
		fmt.Fprintln(stdout, i18n.Text(lang, m))
	}
	if *counts != "" {
		labels := make([]string, len(encs))
		for i := range encs {
			labels[i] = linkage.PartyLabel(encs, i)
		}
		oc := linkage.OverlapCounts(res.Groups, len(encs))
		if err := linkWriteFile(*counts, func(w io.Writer) error { return linkage.WriteCounts(w, oc, labels) }); err != nil {
			return linkFail(stderr, lang, linkIOErr("io.write", *counts, err))
		}
		linkSay(stdout, lang, "out.counts", map[string]any{"File": *counts})
	}
	return 0
}

// linkParseThreshold reads --threshold: auto, or a Dice threshold in (0, 1].
func linkParseThreshold(s string) (auto bool, t float64, err error) {
	if strings.TrimSpace(s) == "auto" {
		return true, 0, nil
	}
	t, perr := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if perr != nil || t <= 0 || t > 1 {
		return false, 0, linkage.NewError("match.threshold", map[string]any{"Threshold": s})
	}
	return false, t, nil
}

// linkSayAuto reports the automatic threshold on w (stderr): the choice with
// its estimated precision and recall and the plot of the scores, or why the
// default threshold was used.
func linkSayAuto(w io.Writer, lang string, a *linkage.AutoThreshold, fallback error, used float64) {
	if fallback != nil {
		reason, ok := i18n.ErrorText(lang, fallback)
		if !ok {
			reason = fallback.Error()
		}
		linkSay(w, lang, "auto.fallback", map[string]any{"Reason": reason, "Threshold": strconv.FormatFloat(used, 'f', 4, 64)})
		return
	}
	if a == nil {
		return
	}
	for _, m := range a.Messages() {
		fmt.Fprintln(w, i18n.Text(lang, m))
	}
	linkSay(w, lang, "auto.plot", nil)
	for _, l := range a.Plot(50, 40) {
		fmt.Fprintln(w, "  "+l)
	}
}

func linkWriteFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func linkBench(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newLinkFlags("bench", stderr)
	n := fs.Int("n", 10000, linkHelp("bench_n", nil))
	format := fs.String("format", "text", linkHelp("format", nil))
	kname := fs.String("kernel", "", linkHelp("bench_kernel", map[string]any{"Kernels": kernelNames(), "Env": kernel.EnvVar}))
	minTime := fs.Duration("time", 2*time.Second, linkHelp("bench_time", nil))
	lang, code := fs.parse(args, stderr)
	if code != 0 {
		return linkExit(code)
	}
	if *format != "text" && *format != "json" {
		return linkFail(stderr, lang, linkage.NewError("flag.format", map[string]any{"Format": *format}))
	}
	if *n < 8 || *n > 1_000_000 {
		return linkFail(stderr, lang, linkage.NewError("flag.n", map[string]any{"N": *n, "Min": 8, "Max": 1_000_000}))
	}
	// "all" measures every kernel this CPU runs (not the slow reference),
	// slowest first; JSON is then an array.
	var ks []kernel.Kernel
	if *kname == "all" {
		for _, k := range kernel.Available() {
			if k.Name() != "reference" {
				ks = append(ks, k)
			}
		}
	} else {
		k, err := linkPickKernel(*kname)
		if err != nil {
			return linkFail(stderr, lang, err)
		}
		ks = []kernel.Kernel{k}
	}
	var rs []*linkage.BenchResult
	for _, k := range ks {
		r, err := linkage.Bench(k, *n, *minTime)
		if err != nil {
			return linkFail(stderr, lang, err)
		}
		rs = append(rs, r)
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		var v any = rs
		if *kname != "all" {
			v = rs[0]
		}
		if err := enc.Encode(v); err != nil {
			return 1
		}
		return 0
	}
	for _, r := range rs {
		linkSay(stdout, lang, "bench.line", map[string]any{"Kernel": r.Kernel, "N": r.N, "Bits": r.Bits,
			"Single": fmt.Sprintf("%.3g", r.SingleCorePerSecond), "All": fmt.Sprintf("%.3g", r.AllCoresPerSecond), "Cores": r.Cores})
		if r.PerCPUSecond > 0 {
			linkSay(stdout, lang, "bench.cpu", map[string]any{"PerCPU": fmt.Sprintf("%.3g", r.PerCPUSecond)})
		}
	}
	return 0
}

func linkEvalFEBRL(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return linkEval("eval-febrl", linkage.EvalFEBRL, args, stdout, stderr)
}

func linkEvalMultiparty(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return linkEval("eval-multiparty", linkage.EvalMultiparty, args, stdout, stderr)
}

func linkEval(name string, eval func(string, linkage.EvalOptions, ...float64) ([]*linkage.EvalReport, error), args []string, stdout, stderr io.Writer) int {
	fs := newLinkFlags(name, stderr)
	thresholds := fs.String("threshold", "", linkHelp("eval_threshold", map[string]any{"FEBRL": linkage.DefaultThreshold, "Multi": linkage.MultipartyThreshold}))
	balance := fs.Bool("balance", false, linkHelp("eval_balance", nil))
	blip := fs.Float64("blip", 0, linkHelp("eval_blip", nil))
	saltYear := fs.Bool("salt-year", false, linkHelp("salt_year", nil))
	kname := fs.String("kernel", "", linkHelp("eval_kernel", map[string]any{"Kernels": kernelNames()}))
	blocking := fs.String("blocking", linkage.BlockAuto, linkHelp("eval_blocking", nil))
	format := fs.String("format", "text", linkHelp("format", nil))
	blockSizes := linkBlockFlags(fs)
	lang, code := fs.parse(args, stderr)
	if code != 0 {
		return linkExit(code)
	}
	lsh, err := blockSizes()
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	if len(fs.positional) != 1 {
		linkSay(stderr, lang, "usage_eval", map[string]any{"Name": name})
		return 2
	}
	if *format != "text" && *format != "json" {
		return linkFail(stderr, lang, linkage.NewError("flag.format", map[string]any{"Format": *format}))
	}
	var ts []float64
	auto := strings.TrimSpace(*thresholds) == "auto"
	for _, s := range strings.Split(*thresholds, ",") {
		if *thresholds == "" || auto {
			break
		}
		t, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil || t <= 0 || t > 1 {
			return linkFail(stderr, lang, linkage.NewError("match.threshold", map[string]any{"Threshold": s}))
		}
		ts = append(ts, t)
	}
	k, err := linkPickKernel(*kname)
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	reps, err := eval(fs.positional[0], linkage.EvalOptions{Auto: auto, Balance: *balance, BLIP: *blip, SaltYear: *saltYear, Kernel: k, Blocking: *blocking, LSH: lsh}, ts...)
	for _, r := range reps {
		if *format == "json" {
			json.NewEncoder(stdout).Encode(map[string]any{"data": r.Name, "threshold": r.Threshold, "precision": r.Precision,
				"recall": r.Recall, "true_pairs": r.TruePairs, "found": r.Found, "correct": r.Correct,
				"balance": *balance, "blip": *blip, "salt_year": *saltYear,
				"comparisons": r.Comparisons, "blocking": r.Blocking,
				"blocks": r.Blocks, "smallest_block": r.SmallestBlock, "largest_block": r.LargestBlock,
				"match_seconds": r.MatchTime.Seconds(), "match_cpu_seconds": r.MatchCPU.Seconds(), "auto": linkAutoJSON(r)})
		} else {
			if auto {
				linkSayAuto(stderr, lang, r.Auto, r.AutoFallback, r.Threshold)
			}
			parts := make([]string, 0, 5)
			for _, m := range r.Lines() {
				parts = append(parts, i18n.Text(lang, m))
			}
			fmt.Fprintln(stdout, strings.Join(parts, "; "))
		}
	}
	if err != nil {
		return linkFail(stderr, lang, err)
	}
	return 0
}

// linkAutoJSON is the automatic threshold's estimates for --format json
// (nil without auto or when it fell back to the default).
func linkAutoJSON(r *linkage.EvalReport) any {
	if r.Auto == nil || r.AutoFallback != nil {
		return nil
	}
	return map[string]any{"estimated_precision": r.Auto.Precision, "estimated_recall": r.Auto.Recall, "match_weight": r.Auto.Model.Weight}
}

// kernelNames lists the kernels this CPU can run, slowest first.
func kernelNames() string {
	var names []string
	for _, k := range kernel.Available() {
		names = append(names, k.Name())
	}
	return strings.Join(names, ", ")
}
