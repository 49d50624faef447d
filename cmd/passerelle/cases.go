package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

func init() {
	register("cases", "cli.summary.cases", runCases)
}

// say prints message id in the command-line language.
func say(w io.Writer, id string, params map[string]any) {
	fmt.Fprintln(w, i18n.T(cliLang(), id, params))
}

// cliTr renders htcds's codes in the command-line language.
func cliTr(code string, params map[string]any) string { return i18n.T(cliLang(), code, params) }

func runCases(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		say(stderr, "htcds.cli.usage", nil)
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("cases "+sub, stderr)
	orgRef := fs.String("org", "", help("org", nil))
	format := fs.String("format", "", help("cases_format", nil))
	as := fs.String("as", "", help("cases_as", nil))
	var file *string
	var skipBad *bool
	var k *int
	if sub == "import" {
		file = fs.String("file", "", help("cases_file", nil))
		skipBad = fs.Bool("skip-bad", false, help("cases_skip_bad", nil))
	} else {
		file = fs.String("out", "", help("cases_out", nil))
		k = fs.Int("k", 0, help("cases_k", map[string]any{"default": ctdc.DefaultK}))
	}
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	flagName := map[string]string{"import": "--file", "export": "--out"}[sub]
	if *orgRef == "" || *file == "" {
		say(stderr, "htcds.cli.required", map[string]any{"command": sub, "flag": flagName})
		return 2
	}
	f := htcds.FormatOf(*file)
	isCTDC := sub == "export" && *format == formatCTDC
	if *format != "" && !isCTDC {
		var err error
		if f, err = htcds.ParseFormat(*format); err != nil {
			say(stderr, "htcds.cli.bad_format", map[string]any{"command": sub, "message": htcdsText(err)})
			return 2
		}
	}
	if f == "" {
		f = htcds.CSV
	}

	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		return report(stderr, "cases", err)
	}
	defer db.Close()
	org, err := findOrg(ctx, db, *orgRef)
	if err != nil {
		return report(stderr, "cases", err)
	}
	actor, err := casesActor(ctx, db, org, *as)
	if err != nil {
		return report(stderr, "cases", err)
	}
	ctx = auth.WithActor(context.Background(), actor)
	if sub == "import" {
		return importCases(ctx, db, org, *file, f, *skipBad, stdout, stderr)
	}
	if isCTDC {
		return exportCTDC(ctx, db, org, *file, *k, stdout, stderr)
	}
	return exportCases(ctx, db, org, *file, f, stdout, stderr)
}

// casesActor is the member named by email acting for org, or the system
// acting within org.
func casesActor(ctx context.Context, db *store.DB, org account.Organisation, email string) (auth.Actor, error) {
	if email == "" {
		a := auth.SystemActor()
		a.OrgID, a.IP = org.ID, "cli"
		return a, nil
	}
	u, err := db.UserForLogin(ctx, email)
	if err != nil || u.Disabled {
		return auth.Actor{}, fault.New(fault.Internal, "cli.cases.no_active_user", map[string]any{"Email": email})
	}
	ms, err := db.Memberships(ctx, u.ID)
	if err != nil {
		return auth.Actor{}, err
	}
	for _, m := range ms {
		if m.OrgID == org.ID {
			return auth.Actor{UserID: u.ID, OrgID: org.ID, Role: m.Role, IP: "cli", Lang: u.Lang}, nil
		}
	}
	return auth.Actor{}, fault.New(fault.Internal, "cli.cases.not_member", map[string]any{"Email": email, "Org": org.Name})
}

// importCases translates the file to the import use case
// (store.ImportCases: the same checks and job as the server's, run to its
// end in this process) and prints its report.
func importCases(ctx context.Context, db *store.DB, org account.Organisation, path string, f htcds.Format,
	skipBad bool, stdout, stderr io.Writer) int {
	in, err := os.Open(path)
	if err != nil {
		return report(stderr, "cases", err)
	}
	defer in.Close()
	res, err := db.ImportCases(ctx, store.ImportRequest{File: in, Format: f, SkipBad: skipBad})
	res.Report.Write(stdout, cliTr)
	if err != nil {
		if fault.As(err) != nil || errors.As(err, new(*htcds.Error)) {
			say(stderr, "htcds.cli.failed", map[string]any{"message": htcdsText(err)})
			return 2
		}
		say(stderr, "htcds.cli.nothing_imported", nil)
		return report(stderr, "cases", err)
	}
	say(stdout, "htcds.cli.recorded", map[string]any{"count": len(res.Cases), "organisation": org.Name})
	return 0
}

// exportCases writes the file through the export use case
// (store.ExportHTCDS, audited).
func exportCases(ctx context.Context, db *store.DB, org account.Organisation, path string, f htcds.Format,
	stdout, stderr io.Writer) int {
	// The file holds personal data: only its owner may read it, and an
	// existing file is never overwritten.
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return report(stderr, "cases", err)
	}
	n, werr := db.ExportHTCDS(ctx, out, f, store.CaseFilter{})
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return report(stderr, "cases", werr)
	}
	say(stdout, "htcds.cli.written", map[string]any{"count": n, "organisation": org.Name, "path": path, "format": string(f)})
	return 0
}

// formatCTDC is the export's other format: the de-identified CTDC file.
const formatCTDC = "ctdc"

// exportCTDC writes the CTDC submission file through its use case
// (store.ExportCTDC, audited) and prints what anonymisation did.
func exportCTDC(ctx context.Context, db *store.DB, org account.Organisation, path string, k int,
	stdout, stderr io.Writer) int {
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return report(stderr, "cases", err)
	}
	rep, werr := db.ExportCTDC(ctx, out, ctdc.Options{K: k})
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return report(stderr, "cases", werr)
	}
	rep.Write(stdout, cliTr)
	say(stdout, "ctdc.cli.written", map[string]any{"rows": rep.Written, "organisation": org.Name, "path": path, "k": rep.K})
	return 0
}

// htcdsText renders an htcds or fault error in the command-line language.
func htcdsText(err error) string {
	var e *htcds.Error
	if errors.As(err, &e) {
		return cliTr(e.Code, e.Params)
	}
	if fe := fault.As(err); fe != nil && fe.Code != "" {
		return cliTr(fe.Code, fe.Params)
	}
	return err.Error()
}
