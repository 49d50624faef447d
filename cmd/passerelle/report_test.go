package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReportDonor: "report donor" prints the demo organisation's report in
// the command-line language, every table with its method, writes the PDF
// and never overwrites a file; the network's report needs a coordinator or
// an analyst.
func TestReportDonor(t *testing.T) {
	dir := seeded(t)
	for lang, want := range map[string][]string{
		"en": {"Report to donors", "Scope: our organisation", "People identified, by gender and age", "Total · ",
			"(k = 11)", "PDF written to"},
		"fr": {"Rapport aux bailleurs", "Périmètre : notre organisation", "Services rendus", "Total · ",
			"(k = 11)", "PDF écrit dans"},
	} {
		t.Setenv("LANG", lang)
		out := filepath.Join(t.TempDir(), "report.pdf")
		code, stdout, errs := run(t, "report", "donor", "--data", dir, "--org", lyon, "--as", "supervisor@passage-lyon.example.org",
			"--out", out)
		if code != 0 {
			t.Fatalf("%s: %d %s", lang, code, errs)
		}
		for _, w := range want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: the report lacks %q:\n%s", lang, w, stdout)
			}
		}
		b, err := os.ReadFile(out)
		if err != nil || !strings.HasPrefix(string(b), "%PDF-") {
			t.Fatalf("%s: pdf %v", lang, err)
		}
		if code, _, _ := run(t, "report", "donor", "--data", dir, "--org", lyon, "--out", out); code == 0 {
			t.Errorf("%s: an existing file was overwritten", lang)
		}
	}
	t.Setenv("LANG", "en")
	if code, _, _ := run(t, "report", "donor", "--data", dir, "--org", lyon, "--as", "supervisor@passage-lyon.example.org",
		"--scope", "network"); code == 0 {
		t.Error("a supervisor printed the network's report")
	}
	if code, _, _ := run(t, "report", "donor", "--data", dir, "--org", lyon, "--from", "2026-02-30"); code != 2 {
		t.Errorf("bad date: exit %d", code)
	}
}
