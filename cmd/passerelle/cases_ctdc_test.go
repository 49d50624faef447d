package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCasesExportCTDC: "cases export --format ctdc" writes the CTDC header
// and prints the generalisation report in the command-line language; a k
// out of range is refused and writes nothing; a caseworker may not export.
func TestCasesExportCTDC(t *testing.T) {
	dir := seeded(t)
	for _, lang := range []string{"en", "fr"} {
		t.Setenv("LANG", lang)
		out := filepath.Join(t.TempDir(), "ctdc.csv")
		code, stdout, errs := run(t, "cases", "export", "--data", dir, "--org", lyon, "--format", "ctdc", "--k", "3",
			"--out", out, "--as", "supervisor@passage-lyon.example.org")
		if code != 0 {
			t.Fatalf("%s: %d %s", lang, code, errs)
		}
		data, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(data), "yearOfRegistration,gender,ageBroad,citizenship,CountryOfExploitation,traffickMonths,") {
			t.Fatalf("%s: file %q %v", lang, data, err)
		}
		want := map[string][]string{
			"en": {"k = 3", "Quasi-identifiers", "citizenship: ", "values generalised", "Information lost"},
			"fr": {"k = 3", "Quasi-identifiants", "citizenship : ", "valeurs généralisées", "Information perdue"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: report lacks %q:\n%s", lang, w, stdout)
			}
		}
	}
	t.Setenv("LANG", "en")
	out := filepath.Join(t.TempDir(), "bad.csv")
	if code, _, _ := run(t, "cases", "export", "--data", dir, "--org", lyon, "--format", "ctdc", "--k", "1",
		"--out", out, "--as", "supervisor@passage-lyon.example.org"); code != 2 {
		t.Fatalf("k=1: exit %d", code)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Fatalf("a refused export left a file: %v", err)
	}
	if code, _, _ := run(t, "cases", "export", "--data", dir, "--org", lyon, "--format", "ctdc",
		"--out", out, "--as", "caseworker@passage-lyon.example.org"); code == 0 {
		t.Fatal("a caseworker exported")
	}
}
