package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/store"
)

func init() {
	register("cases", "import or export an organisation's cases as HTCDS 2.0 files (CSV or Excel)", runCases)
}

// say prints a line in the command-line language.
func say(w io.Writer, en, fr string, a ...any) {
	if cliLang() == "fr" {
		fmt.Fprintf(w, fr+"\n", a...)
	} else {
		fmt.Fprintf(w, en+"\n", a...)
	}
}

func runCases(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "import" && args[0] != "export") {
		say(stderr, "usage: passerelle cases import|export --org ID|NAME [flags]",
			"usage : passerelle cases import|export --org ID|NOM [options]")
		return 2
	}
	sub := args[0]
	var c config
	fs := c.dataFlags("cases "+sub, stderr)
	orgRef := fs.String("org", "", "organisation id or exact name")
	format := fs.String("format", "", "csv or xlsx (default: from the file name's extension)")
	as := fs.String("as", "", "e-mail of the member acting (audited as them; cases imported are assigned to them); default: the system")
	var file *string
	var skipBad *bool
	if sub == "import" {
		file = fs.String("file", "", "HTCDS file to read (.csv or .xlsx, e.g. the HTCDS v2.0 Excel template filled in)")
		skipBad = fs.Bool("skip-bad", false, "import the good rows and skip the bad ones (default: any bad row imports nothing)")
	} else {
		file = fs.String("out", "", "file to write (.csv or .xlsx); it must not exist yet")
	}
	if ok, st := parseFlags(fs, args[1:]); !ok {
		return st
	}
	flagName := map[string]string{"import": "--file", "export": "--out"}[sub]
	if *orgRef == "" || *file == "" {
		say(stderr, "passerelle cases %s: --org and %s are required", "passerelle cases %s : --org et %s sont obligatoires", sub, flagName)
		return 2
	}
	f := htcds.FormatOf(*file)
	if *format != "" {
		var err error
		if f, err = htcds.ParseFormat(*format); err != nil {
			say(stderr, "passerelle cases %s: --format: %s", "passerelle cases %s : --format : %s", sub, htcdsText(err))
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
		return auth.Actor{}, fmt.Errorf("no active user with e-mail %q", email)
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
	return auth.Actor{}, fmt.Errorf("%s is not a member of %s", email, org.Name)
}

func importCases(ctx context.Context, db *store.DB, org account.Organisation, path string, f htcds.Format,
	skipBad bool, stdout, stderr io.Writer) int {
	in, err := os.Open(path)
	if err != nil {
		return report(stderr, "cases", err)
	}
	defer in.Close()
	cases, rep, err := htcds.Import(in, f, htcds.Options{SkipBad: skipBad})
	rep.Write(stdout, cliLang())
	if err != nil {
		say(stderr, "passerelle cases import: %s", "passerelle cases import : %s", htcdsText(err))
		return 2
	}
	for _, c := range cases {
		c.OrgID = org.ID
	}
	if len(cases) > 0 {
		if err := db.CreateCases(ctx, cases); err != nil {
			say(stderr, "passerelle cases import: nothing was imported", "passerelle cases import : rien n'a été importé")
			return report(stderr, "cases", err)
		}
	}
	say(stdout, "%d cases recorded in %s", "%d dossiers enregistrés dans %s", len(cases), org.Name)
	return 0
}

func exportCases(ctx context.Context, db *store.DB, org account.Organisation, path string, f htcds.Format,
	stdout, stderr io.Writer) int {
	cases, err := db.ExportCases(ctx, store.CaseFilter{})
	if err != nil {
		return report(stderr, "cases", err)
	}
	// The file holds personal data: only its owner may read it, and an
	// existing file is never overwritten.
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return report(stderr, "cases", err)
	}
	werr := htcds.Export(out, f, cases)
	if cerr := out.Close(); werr == nil {
		werr = cerr
	}
	if werr != nil {
		os.Remove(path)
		return report(stderr, "cases", werr)
	}
	say(stdout, "%d cases of %s written to %s (%s)", "%d dossiers de %s écrits dans %s (%s)", len(cases), org.Name, path, f)
	return 0
}

// htcdsText renders an htcds error in the command-line language.
func htcdsText(err error) string {
	var e *htcds.Error
	if errors.As(err, &e) {
		return e.Message().In(cliLang())
	}
	return err.Error()
}
