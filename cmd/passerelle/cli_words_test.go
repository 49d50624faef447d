package main

import (
	"database/sql"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/i18n/pseudo"
)

// cliRun is one command of the language tests and what it prints for
// people: its standard output, or its standard error when it refuses.
type cliRun struct {
	name   string
	args   []string
	code   int
	stderr bool
}

// cliRuns runs help, a user with a bad e-mail, audit verify of a fresh data
// folder and version, in the language the environment gives LANG.
func cliRuns(t *testing.T, lang string) map[string]string {
	t.Helper()
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", lang)
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", "")
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %d %s", code, errs)
	}
	runs := []cliRun{
		{"help", []string{"help"}, 0, false},
		{"unknown command", []string{"frobnicate"}, 2, true},
		{"user add with a bad e-mail", []string{"user", "add", "--data", dir, "--email", "not-an-address", "--name", "Amina Garba", "--admin"}, 2, true},
		{"user add in no organisation", []string{"user", "add", "--data", dir, "--email", "amina.garba@refuge-sahel.example.org", "--org", "Nowhere"}, 3, true},
		{"user without an e-mail", []string{"user", "disable", "--data", dir}, 2, true},
		{"audit verify", []string{"audit", "verify", "--data", dir}, 0, false},
		{"retention apply", []string{"retention", "apply", "--data", dir}, 0, false},
		{"version", []string{"version"}, 0, false},
		{"user help", []string{"user", "-h"}, 0, false},
		{"user add flags", []string{"user", "add", "-h"}, 0, true},
		{"unknown flag", []string{"user", "add", "--frobnicate"}, 2, true},
	}
	out := map[string]string{}
	for _, r := range runs {
		code, stdout, stderr := run(t, r.args...)
		if code != r.code {
			t.Fatalf("%s: exit %d, want %d (%s%s)", r.name, code, r.code, stdout, stderr)
		}
		out[r.name] = stdout
		if r.stderr {
			out[r.name] = stderr
		}
	}
	return out
}

// TestCommandsSpeakFrench: with LANG=fr_FR.UTF-8, the help, refusals and
// reports of the commands are the French catalogue's.
func TestCommandsSpeakFrench(t *testing.T) {
	out := cliRuns(t, "fr_FR.UTF-8")
	fr := func(id string) string { return i18n.T("fr", id, nil) }
	want := map[string][]string{
		"help":                        {fr("cli.usage"), fr("cli.commands"), fr("cli.summary.serve"), fr("cli.summary.user"), fr("cli.usage_more")},
		"unknown command":             {"commande inconnue « frobnicate »", fr("cli.usage")},
		"user add with a bad e-mail":  {"« Adresse e-mail » doit être une adresse e-mail valide"},
		"user add in no organisation": {"aucune organisation d'identifiant ou de nom « Nowhere »"},
		"user without an e-mail":      {"--email est requis"},
		"audit verify":                {"journal d'audit intact : 0 entrée(s) vérifiée(s)"},
		"retention apply":             {"conservation appliquée : 0 dossier(s) clos"},
		"version":                     {"passerelle "},
		"user help":                   {fr("cli.user.usage")},
		"unknown flag":                {"passerelle user add: -frobnicate : option inconnue", "usage : passerelle user add [options]"},
		"user add flags":              {"usage : passerelle user add [options]", fr("cli.help.user_email"), "VALEUR", "(par défaut : caseworker)"},
	}
	for name, texts := range want {
		for _, s := range texts {
			if !strings.Contains(out[name], s) {
				t.Errorf("%s: %q lacks %q", name, out[name], s)
			}
		}
	}
	for name, text := range out {
		for _, english := range []string{"usage:", "commands:", "required", "intact:", "created", "unknown", "applied", "default"} {
			if strings.Contains(text, english) {
				t.Errorf("%s: English %q in %q", name, english, text)
			}
		}
	}
}

// TestCommandsSpeakAPseudoLocale: with the pseudo-locale's catalogue files
// loaded and LANG naming it, every line these commands print for people
// comes from it: a word outside its brackets is a sentence left in Go.
func TestCommandsSpeakAPseudoLocale(t *testing.T) {
	pseudo.Use(t)
	out := cliRuns(t, "en_XA.UTF-8")
	// Command names, the program's name, flags and what the person typed
	// are not words to translate.
	allowed := []string{"frobnicate", "Nowhere"}
	flagName := regexp.MustCompile(`(^|\s)--?[a-z][a-z0-9-]*`)
	for name := range commands {
		allowed = append(allowed, "passerelle "+name+":", "  "+name+" ")
	}
	allowed = append(allowed, "passerelle:", "passerelle user add:")
	word := regexp.MustCompile(`\b[A-Za-z]*[a-z][A-Za-z]{2,}\b`)
	span := regexp.MustCompile(pseudo.Open + `.*?` + pseudo.Close)
	for name, text := range out {
		if strings.TrimSpace(text) == "" {
			t.Errorf("%s printed nothing", name)
		}
		for _, line := range strings.Split(text, "\n") {
			rest := flagName.ReplaceAllString(span.ReplaceAllString(line, " "), " ")
			for _, a := range allowed {
				rest = strings.ReplaceAll(rest, a, " ")
			}
			if w := word.FindString(rest); w != "" {
				t.Errorf("%s: %q is not in %s (%q)", name, w, pseudo.Tag, line)
			}
		}
	}
}

// TestAuditFindingsSpeakTheReadersLanguage: what audit verify finds wrong
// is worded from the catalogue, in French with LANG=fr_FR.UTF-8 and in the
// pseudo-locale with every line inside its brackets.
func TestAuditFindingsSpeakTheReadersLanguage(t *testing.T) {
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %d %s", code, errs)
	}
	if code, _, errs := run(t, "org", "add", "--data", dir, "--name", "Refuge Sahel Agadez", "--country", "NER"); code != 0 {
		t.Fatalf("org add: %d %s", code, errs)
	}
	db, err := sql.Open("sqlite", filepath.Join(dir, "passerelle.db"))
	if err != nil {
		t.Fatal(err)
	}
	// An entry edited, its hash left as it was.
	res, err := db.Exec("UPDATE audit_log SET ip = '10.0.0.66' WHERE leaf = (SELECT MIN(leaf) FROM audit_log)")
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("tampered %d rows", n)
	}

	t.Setenv("LANG", "fr_FR.UTF-8")
	code, out, _ := run(t, "audit", "verify", "--data", dir)
	if code != 1 || !strings.Contains(out, "journal d'audit ALTÉRÉ : ") || !strings.Contains(out, ", entrée 1") ||
		!strings.Contains(out, i18n.T("fr", "audit.finding.edited", nil)) {
		t.Fatalf("want the edited entry named in French, got %d %s", code, out)
	}

	pseudo.Use(t)
	t.Setenv("LANG", "en_XA.UTF-8")
	code, out, _ = run(t, "audit", "verify", "--data", dir)
	// The finding is a message inside the report's message: the whole line,
	// not only what stands outside the brackets, must be pseudo-localised
	// (accented words have no three plain letters in a row). Organisation
	// ids and checkpoint files are not words.
	word := regexp.MustCompile(`\b[A-Za-z]*[a-z][A-Za-z]{2,}\b`)
	id := regexp.MustCompile(`[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\S*/\S*\.checkpoint`)
	if code != 1 || !strings.Contains(out, pseudo.Open) {
		t.Fatalf("pseudo-locale: exit %d %s", code, out)
	}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		if w := word.FindString(id.ReplaceAllString(line, " ")); w != "" {
			t.Errorf("%q is not in %s (%q)", w, pseudo.Tag, line)
		}
	}
}
