package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

func init() {
	register("dataset", "dataset.cli.summary", runDataset)
}

// runDataset implements
//
//	passerelle dataset import --name NAME FILE
//	passerelle dataset list
//	passerelle dataset drop NAME
//	passerelle dataset tabulate NAME --by COL[,COL...] [--k N] [--epsilon E]
//	    [--delta D] [--split] [--format table|csv|json]
//
// each through its store method, as the system.
func runDataset(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || !isDatasetVerb(args[0]) {
		return usageOf(args, stdout, stderr, "dataset.cli.usage")
	}
	sub, cmd := args[0], "dataset "+args[0]
	var c config
	fs := c.dataFlags(cmd, stderr)
	var name, by, format *string
	var k *int
	var epsilon, delta *float64
	var split, progress *bool
	switch sub {
	case "import":
		name = fs.String("name", "", tr("dataset.cli.help.name", nil))
		progress = fs.Bool("progress", false, tr("dataset.cli.help.progress", nil))
	case "tabulate":
		by = fs.String("by", "", tr("dataset.cli.help.by", map[string]any{"Max": dataset.MaxBy}))
		k = fs.Int("k", disclosure.DefaultK, tr("dataset.cli.help.k", nil))
		epsilon = fs.Float64("epsilon", 0, tr("dataset.cli.help.epsilon", nil))
		delta = fs.Float64("delta", dataset.DefaultDelta, tr("dataset.cli.help.delta", nil))
		split = fs.Bool("split", false, tr("dataset.cli.help.split", nil))
		format = fs.String("format", "table", tr("dataset.cli.help.format", nil))
	}
	pos, ok, st := parseInterleaved(fs, args[1:])
	if !ok {
		return st
	}
	want := map[string]int{"import": 1, "list": 0, "drop": 1, "tabulate": 1}[sub]
	if len(pos) != want || (sub == "import" && *name == "") || (sub == "tabulate" && *by == "") {
		return refuse(stderr, cmd, "dataset.cli.usage", nil)
	}
	if sub == "tabulate" && *format != "table" && *format != "csv" && *format != "json" {
		return refuse(stderr, cmd, "dataset.cli.bad_format", map[string]any{"Format": *format})
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, cmd, err)
	}
	defer db.Close()
	switch sub {
	case "import":
		return datasetImport(ctx, db, *name, pos[0], *progress, stdout, stderr)
	case "list":
		return datasetList(ctx, db, stdout, stderr)
	case "drop":
		if err := db.DropDataset(ctx, pos[0]); err != nil {
			return report(stderr, cmd, err)
		}
		tell(stdout, "dataset.cli.dropped", map[string]any{"Name": pos[0]})
		return 0
	}
	q := store.DatasetQuery{By: dataset.SplitBy(*by), Split: *split}
	var kp *int
	var ep, dp *float64
	if datasetFlagSet(fs, "k") {
		kp = k
	}
	if datasetFlagSet(fs, "epsilon") {
		ep, dp = epsilon, delta
	}
	q.Policy = dataset.PolicyOf(kp, ep, dp)
	rel, err := db.TabulateDataset(ctx, pos[0], q)
	if err != nil {
		return report(stderr, cmd, err)
	}
	return datasetPrint(rel, *format, stdout, stderr)
}

func isDatasetVerb(s string) bool {
	return s == "import" || s == "list" || s == "drop" || s == "tabulate"
}

func datasetFlagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// datasetImport reads the file through store.ImportDataset, with a progress
// bar when standard error is a terminal (or --progress), else quietly.
func datasetImport(ctx context.Context, db *store.DB, name, path string, progress bool, stdout, stderr io.Writer) int {
	cmd := "dataset import"
	f, err := os.Open(path)
	if err != nil {
		return report(stderr, cmd, err)
	}
	defer f.Close()
	var opts dataset.ReadOptions
	done := func() {}
	if st, err := f.Stat(); err == nil && (progress || linkIsTerminal(stderr)) {
		bar := progressbar.NewOptions64(st.Size(), progressbar.OptionSetWriter(stderr),
			progressbar.OptionShowBytes(true), progressbar.OptionSetDescription(name),
			progressbar.OptionThrottle(100*time.Millisecond),
			progressbar.OptionOnCompletion(func() { fmt.Fprintln(stderr) }))
		opts.Progress = func(n int64) { _ = bar.Set64(n) }
		done = func() { _ = bar.Finish() }
	}
	info, err := db.ImportDataset(ctx, name, f, opts)
	done()
	if err != nil {
		return report(stderr, cmd, err)
	}
	tell(stdout, "dataset.cli.imported", map[string]any{"Name": info.Name, "Rows": info.Rows, "Columns": len(info.Columns)})
	if info.TermsSkipped {
		tell(stdout, "dataset.cli.terms_skipped", nil)
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, tr("dataset.cli.columns_header", nil))
	for _, c := range info.Columns {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\n", c.Name, tr("dataset.kind."+string(c.Kind), nil), c.Values, c.Missing)
	}
	tw.Flush()
	return 0
}

func datasetList(ctx context.Context, db *store.DB, stdout, stderr io.Writer) int {
	list, err := db.Datasets(ctx)
	if err != nil {
		return report(stderr, "dataset list", err)
	}
	if len(list) == 0 {
		tell(stdout, "dataset.cli.none", nil)
		return 0
	}
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, tr("dataset.cli.list_header", nil))
	for _, d := range list {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\n", d.Name, d.Rows, d.CreatedAt.Format("2006-01-02 15:04"), store.DatasetReleaseKey(d))
	}
	tw.Flush()
	return 0
}

// datasetPrint writes a released table: a table for people with the rule
// under it, CSV (one column per variable, then count; empty when withheld)
// with the rule on standard error, or JSON (the API's shape).
func datasetPrint(rel store.DatasetRelease, format string, stdout, stderr io.Writer) int {
	lang := cliLang()
	switch format {
	case "csv":
		w := csv.NewWriter(stdout)
		_ = w.Write(append(append([]string{}, rel.Vars...), "count"))
		for _, c := range rel.Cells {
			n := ""
			if c.Count != nil {
				n = strconv.FormatInt(*c.Count, 10)
			}
			_ = w.Write(append(append([]string{}, c.Values...), n))
		}
		w.Flush()
		datasetNotes(stderr, rel, lang)
		return exitCode(w.Error())
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return exitCode(enc.Encode(datasetJSON(rel)))
	}
	// Labels to the left, counts to the right (padded here: tabwriter
	// aligns every column one way).
	counts := make([]string, len(rel.Cells))
	width := len([]rune(tr("dataset.count", nil)))
	for i, c := range rel.Cells {
		counts[i] = tr("dataset.withheld", nil)
		if c.Count != nil {
			counts[i] = i18n.Number(lang, float64(*c.Count), 0)
		}
		width = max(width, len([]rune(counts[i])))
	}
	pad := func(s string) string { return strings.Repeat(" ", width-len([]rune(s))) + s }
	tw := tabwriter.NewWriter(stdout, 2, 8, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(rel.Vars, "\t")+"\t"+pad(tr("dataset.count", nil)))
	for i, c := range rel.Cells {
		for j, v := range c.Values {
			fmt.Fprint(tw, rel.Kinds[j].Label(lang, v)+"\t")
		}
		fmt.Fprintln(tw, pad(counts[i]))
	}
	tw.Flush()
	fmt.Fprintln(stdout)
	datasetNotes(stdout, rel, lang)
	return 0
}

// datasetNotes prints the rule the table was released under and the rows
// left out.
func datasetNotes(w io.Writer, rel store.DatasetRelease, lang string) {
	id, params := rel.Message()
	fmt.Fprintln(w, i18n.T(lang, id, params))
	if rel.Policy.Method == disclosure.Public {
		fmt.Fprintln(w, i18n.T(lang, "dataset.public_note", nil))
	}
	if rel.Excluded != nil {
		fmt.Fprintln(w, i18n.T(lang, "dataset.excluded", map[string]any{"Count": i18n.Number(lang, float64(*rel.Excluded), 0)}))
	}
	if rel.Split {
		fmt.Fprintln(w, i18n.T(lang, "dataset.split_note", nil))
	}
}

// datasetJSON is the released table as the API gives it:
// {"method", "k"|"epsilon"(,"delta"), "excluded"?, "cells": [{<var>: value,
// ..., "count": n|null, "suppressed": bool}]}.
func datasetJSON(rel store.DatasetRelease) map[string]any {
	out := map[string]any{"method": string(rel.Policy.Method)}
	switch rel.Policy.Method {
	case disclosure.Suppression:
		out["k"] = rel.Policy.K
	case disclosure.Differential:
		out["epsilon"], out["delta"] = rel.Policy.Epsilon, rel.Policy.Delta
	case disclosure.Public:
		out["k"] = 0
	}
	if rel.Excluded != nil {
		out["excluded"] = *rel.Excluded
	}
	cells := make([]map[string]any, len(rel.Cells))
	for i, c := range rel.Cells {
		cell := map[string]any{"count": c.Count, "suppressed": c.Suppressed}
		for j, v := range rel.Vars {
			cell[v] = c.Values[j]
		}
		cells[i] = cell
	}
	out["cells"] = cells
	return out
}
