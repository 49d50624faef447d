package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n/pseudo"
)

// TestCommandsSpeakANewLanguage: with a pseudo-locale's catalogue files
// loaded, and no Go change, the estimate and link commands accept it for
// --lang and from LANG, and every line they print for people comes from it.
func TestCommandsSpeakANewLanguage(t *testing.T) {
	pseudo.Use(t)
	dir := t.TempDir()
	table := filepath.Join(dir, "lists.csv")
	if err := os.WriteFile(table, []byte("ngo,police,count\n1,0,60\n0,1,40\n1,1,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A line for people has words; each must sit inside the pseudo brackets.
	// Figures, list names, flags and file names are not words to translate.
	word := regexp.MustCompile(`\b[A-Za-z]*[a-z][A-Za-z]{2,}\b`)
	span := regexp.MustCompile(pseudo.Open + `.*?` + pseudo.Close)
	check := func(what, text string, allowed ...string) {
		t.Helper()
		if strings.TrimSpace(text) == "" {
			t.Fatalf("%s printed nothing", what)
		}
		for _, line := range strings.Split(text, "\n") {
			rest := span.ReplaceAllString(line, " ")
			for _, a := range allowed {
				rest = strings.ReplaceAll(rest, a, " ")
			}
			if w := word.FindString(rest); w != "" {
				t.Errorf("%s: %q is not in %s (%q)", what, w, pseudo.Tag, line)
			}
		}
	}
	code, out, errs := run(t, "estimate", table, "--lang", pseudo.Tag)
	if code != 0 {
		t.Fatalf("estimate --lang %s: %d %s", pseudo.Tag, code, errs)
	}
	check("estimate", out, "ngo", "police")

	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_XA.UTF-8")
	code, _, errs = run(t, "estimate", filepath.Join(dir, "none.csv"))
	if code != 2 {
		t.Fatalf("estimate of a missing file: exit %d", code)
	}
	check("estimate error", errs, "passerelle estimate:", "none.csv")
	code, out, errs = run(t, "link", "keygen", "--out", filepath.Join(dir, "key"))
	if code != 0 {
		t.Fatalf("link keygen: %d %s", code, errs)
	}
	check("link keygen", out, dir+"/key")
	code, _, errs = run(t, "link", "keygen", "--out", filepath.Join(dir, "key"))
	if code != 2 {
		t.Fatalf("link keygen over an existing secret: exit %d", code)
	}
	check("link keygen refusal", errs, "passerelle link:", dir+"/key")
}
