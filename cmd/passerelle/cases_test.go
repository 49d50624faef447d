package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
)

const lyon = "Association Passage Lyon"

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// An HTCDS CSV as an NGO writes it from the template: field names, labels,
// then rows (invented people).
const htcdsCSV = "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Gender,prs_Citizenship,vic_TypeOfExploitation,vic_LocationOfExploitation\n" +
	"First Name,Second Name,Birthdate,Gender,Citizenship,Type of Exploitation,Location of Exploitation\n" +
	"Blessing,Ehigiator,11/03/2001,Feminine,NG,Sexual exploitation,\"Lyon, France\"\n" +
	"Moussa,Garba,2003-07-02,Masculine,NE,ForcedLabour;ForcedBegging,\"Marseille, France\"\n" +
	"Zeinabou,Hamani,1999-12-24,Feminine,Niger,Servitude,\n"

// exportLyon exports Lyon's cases as CSV (a supervisor may; a caseworker may not).
func exportLyon(t *testing.T, dir, name string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), name)
	code, _, errs := run(t, "cases", "export", "--data", dir, "--org", lyon, "--out", out, "--as", "supervisor@passage-lyon.example.org")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(out)
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file mode %v", fi.Mode())
	}
	return string(data)
}

func TestCasesImportExport(t *testing.T) {
	t.Setenv("LANG", "en")
	dir := seeded(t)
	// The demo's own cases: the export's two header lines and one per case.
	base := strings.Count(exportLyon(t, dir, "before.csv"), "\n")
	good := writeFile(t, "cases.csv", htcdsCSV)
	code, out, errs := run(t, "cases", "import", "--data", dir, "--org", lyon, "--file", good, "--as", "caseworker@passage-lyon.example.org")
	if code != 0 || !strings.Contains(out, "3 cases recorded") || !strings.Contains(out, "two-letter country codes") {
		t.Fatalf("import: %d\n%s\n%s", code, out, errs)
	}
	csvOut := exportLyon(t, dir, "out.csv")
	for _, name := range []string{"Blessing", "Ehigiator", "Garba", "Hamani", "NG", "SexualExploitation"} {
		if !strings.Contains(csvOut, name) {
			t.Errorf("export lacks %q", name)
		}
	}
	// The export goes back in as it is (xlsx this time), into another organisation.
	xlsx := filepath.Join(t.TempDir(), "lyon.xlsx")
	if code, _, errs := run(t, "cases", "export", "--data", dir, "--org", lyon, "--out", xlsx, "--as", "supervisor@passage-lyon.example.org"); code != 0 {
		t.Fatalf("xlsx export: %s", errs)
	}
	code, out, errs = run(t, "cases", "import", "--data", dir, "--org", "Fondation Lumière d'Edo", "--file", xlsx, "--as", "caseworker@lumiere-edo.example.org")
	if code != 0 || !strings.Contains(out, fmt.Sprintf("%d cases recorded", base-2+3)) {
		t.Fatalf("re-import: %d\n%s\n%s", code, out, errs)
	}

	// Without --as the system imports (audited as such), unassigned.
	if code, out, errs := run(t, "cases", "import", "--data", dir, "--org", "Refuge Sahel Agadez", "--file", good); code != 0 ||
		!strings.Contains(out, "3 cases recorded") {
		t.Fatalf("system import: %d %s %s", code, out, errs)
	}

	// A file with a bad row changes nothing and says which row and column, in French too.
	bad := writeFile(t, "bad.csv", htcdsCSV+"Ngozi,Eze,31/02/2002,F,NG,Smuggling,\n")
	t.Setenv("LANG", "fr_FR.UTF-8")
	code, out, errs = run(t, "cases", "import", "--data", dir, "--org", lyon, "--file", bad, "--as", "caseworker@passage-lyon.example.org")
	if code != 2 || !strings.Contains(out, "ligne 6, prs_Birthdate") || !strings.Contains(out, "ligne 6, prs_Gender") ||
		!strings.Contains(out, "ligne 6, vic_TypeOfExploitation") || !strings.Contains(errs, "rien n'a été importé") {
		t.Fatalf("bad import: %d\n%s\n%s", code, out, errs)
	}
	if strings.Contains(out, "Smuggling") || strings.Contains(out, "31/02/2002") {
		t.Fatalf("report shows cell values:\n%s", out)
	}
	t.Setenv("LANG", "en")
	if csvOut := exportLyon(t, dir, "after-bad.csv"); strings.Count(csvOut, "\n") != base+3 {
		t.Fatalf("a refused file changed the register:\n%s", csvOut)
	}
	code, out, _ = run(t, "cases", "import", "--data", dir, "--org", lyon, "--file", bad, "--skip-bad", "--as", "caseworker@passage-lyon.example.org")
	if code != 0 || !strings.Contains(out, "3 cases recorded") || !strings.Contains(out, "(1 skipped)") {
		t.Fatalf("skip-bad: %d\n%s", code, out)
	}
	if csvOut := exportLyon(t, dir, "after-skip.csv"); strings.Count(csvOut, "\n") != base+6 {
		t.Fatalf("after skip-bad:\n%s", csvOut)
	}
}

func TestCasesRefusals(t *testing.T) {
	t.Setenv("LANG", "en")
	dir := seeded(t)
	good := writeFile(t, "cases.csv", htcdsCSV)
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no action", []string{"cases"}, 2, "usage"},
		{"no org", []string{"cases", "import", "--data", dir, "--file", good}, 2, "--org"},
		{"bad format", []string{"cases", "import", "--data", dir, "--org", lyon, "--file", good, "--format", "ods"}, 2, "unknown format"},
		{"caseworker may not export", []string{"cases", "export", "--data", dir, "--org", lyon, "--out", filepath.Join(t.TempDir(), "x.csv"),
			"--as", "caseworker@passage-lyon.example.org"}, exitCodes[fault.Forbidden], "not allowed"},
		{"not a member", []string{"cases", "import", "--data", dir, "--org", lyon, "--file", good,
			"--as", "caseworker@lumiere-edo.example.org"}, 1, "not a member"},
		{"no such user", []string{"cases", "import", "--data", dir, "--org", lyon, "--file", good,
			"--as", "nobody@passage-lyon.example.org"}, 1, `no active user with e-mail "nobody@passage-lyon.example.org"`},
		{"export never overwrites", []string{"cases", "export", "--data", dir, "--org", lyon, "--out", good,
			"--as", "supervisor@passage-lyon.example.org"}, 1, "exists"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := run(t, tc.args...)
			if code != tc.code || !strings.Contains(strings.ToLower(errs), strings.ToLower(tc.want)) {
				t.Fatalf("want %d %q, got %d %q", tc.code, tc.want, code, errs)
			}
		})
	}
	if data, _ := os.ReadFile(good); string(data) != htcdsCSV {
		t.Fatal("export overwrote a file")
	}
	t.Setenv("LANG", "fr_FR.UTF-8")
	if _, _, errs := run(t, "cases", "import", "--data", dir, "--org", lyon, "--file", good,
		"--as", "caseworker@lumiere-edo.example.org"); !strings.Contains(errs, "n'est pas membre de") {
		t.Fatalf("not a member (fr): %q", errs)
	}
}
