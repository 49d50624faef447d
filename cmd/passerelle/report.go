package main

import (
	"context"
	"io"
	"os"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/donor"
)

func init() {
	register("report", "cli.summary.report", runReport)
}

// runReport is "passerelle report donor": the donor report of an
// organisation or the network (store.DonorReport: permission, disclosure
// control, audit) printed at the terminal and, with --out, written as PDF.
func runReport(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] != "donor" {
		say(stderr, "report.cli.usage", nil)
		return 2
	}
	var c config
	fs := c.dataFlags("report donor", stderr)
	orgRef := fs.String("org", "", help("org", nil))
	as := fs.String("as", "", help("cases_as", nil))
	from := fs.String("from", "", help("report_from", nil))
	to := fs.String("to", "", help("report_to", nil))
	scope := fs.String("scope", string(donor.ScopeOrganisation), help("report_scope", nil))
	out := fs.String("out", "", help("report_out", nil))
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	if *orgRef == "" {
		say(stderr, "report.cli.usage", nil)
		return 2
	}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, "report", err)
	}
	defer db.Close()
	org, err := findOrg(ctx, db, *orgRef)
	if err != nil {
		return report(stderr, "report", err)
	}
	actor, err := casesActor(ctx, db, org, *as)
	if err != nil {
		return report(stderr, "report", err)
	}
	ctx = auth.WithActor(context.Background(), actor)
	rep, err := db.DonorReport(ctx, donor.Request{From: *from, To: *to, Scope: donor.Scope(*scope)})
	if err != nil {
		return report(stderr, "report", err)
	}
	v := rep.View(cliTr)
	printView(stdout, v)
	if *out == "" {
		return 0
	}
	f, err := os.OpenFile(*out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return report(stderr, "report", err)
	}
	werr := donor.WritePDF(f, v, cliLang())
	if cerr := f.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(*out)
		return report(stderr, "report", werr)
	}
	say(stdout, "report.cli.written", map[string]any{"path": *out})
	return 0
}

// printView prints the report as plain text: each table's rows as
// "label: figure", the method under it.
func printView(w io.Writer, v donor.View) {
	lines := []string{v.Title, v.Scope, v.Period, v.Made, ""}
	for _, s := range v.Sections {
		lines = append(lines, s.Title)
		for _, t := range s.Tables {
			lines = append(lines, "  "+t.Caption)
			for _, r := range t.Rows {
				lines = append(lines, "    "+strings.Join(r, " · "))
			}
		}
		lines = append(lines, "  "+s.Method, "")
	}
	lines = append(lines, v.Notes...)
	io.WriteString(w, strings.Join(lines, "\n")+"\n")
}
