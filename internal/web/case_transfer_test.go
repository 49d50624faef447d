package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/htcds"
)

// cwCSV is an HTCDS CSV of three invented cases; badRow (0-based data row,
// -1 for none) gets a birth date in the future.
func cwCSV(t *testing.T, badRow int) []byte {
	t.Helper()
	age := 27
	var cases []casework.Case
	for _, p := range [][2]string{{"Abena", "Owusu"}, {"Esi", "Boateng"}, {"Yaa", "Asante"}} {
		cases = append(cases, casework.Case{Person: casework.Person{GivenName: p[0], FamilyName: p[1], BirthDate: "1996-02-03"},
			Gender: "Feminine", Citizenship: "GHA", AgeWhenTrafficked: &age, Exploitation: []string{"ForcedLabour"},
			Events: []casework.Event{{Kind: "recruitment", Country: "GHA", Place: "Kumasi"}, {Kind: "exploitation", Country: "CIV", Place: "Abidjan"}}})
	}
	var buf bytes.Buffer
	if err := htcds.Export(&buf, htcds.CSV, cases); err != nil {
		t.Fatal(err)
	}
	if badRow < 0 {
		return buf.Bytes()
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, name := range recs[0] {
		if strings.Contains(strings.ToLower(name), "birth") {
			col = i
		}
	}
	if col < 0 {
		t.Fatalf("no birth date column in %v", recs[0])
	}
	recs[2+badRow][col] = "2999-01-01"
	var out bytes.Buffer
	w := csv.NewWriter(&out)
	_ = w.WriteAll(recs)
	return out.Bytes()
}

// TestCaseImportExport: a good file imports every row; a file with a bad row
// imports nothing and reports the row, column and rule, unless bad rows are
// skipped; export gives the filtered cases as a download, to the roles
// allowed to export.
func TestCaseImportExport(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	if r := cw.get("/cases/import"); r.Code != http.StatusOK {
		t.Fatalf("import form: %d", r.Code)
	}
	r := cw.cwUpload("/cases/import", "file", "cases.csv", cwCSV(t, 1), nil)
	if r.Code != http.StatusUnprocessableEntity || e.cwCount() != 0 {
		t.Fatalf("bad file: %d, %d cases", r.Code, e.cwCount())
	}
	cwHas(t, "report", r.Body, "Nothing was imported: 1 bad rows", "<td>4</td>", "prs_Birthdate", "in the future")
	cwLacks(t, "report", r.Body, "Esi", "2999-01-01")

	r = cw.cwUpload("/cases/import", "file", "cases.csv", cwCSV(t, 1), map[string]string{"skip_bad": "1"})
	r = e.importJobDone(cw, r)
	if e.cwCount() != 2 {
		t.Fatalf("skip bad rows: %d cases %.2000s", e.cwCount(), r.Body)
	}
	cwHas(t, "skipped", r.Body, "2 cases imported from 3 rows", "1 bad rows skipped", "<td>4</td>", `id="import-codes"`)

	r = cw.cwUpload("/cases/import", "file", "cases.csv", cwCSV(t, -1), nil)
	if e.importJobDone(cw, r); e.cwCount() != 5 {
		t.Fatalf("good file: %d cases", e.cwCount())
	}
	// A file over a limit is refused with what the limit is, in the
	// reader's language, and nothing is imported.
	wide := []byte("prs_FirstName" + strings.Repeat(",", 5000) + "\n")
	r = cw.cwUpload("/cases/import", "file", "wide.csv", wide, nil)
	if r.Code != http.StatusRequestEntityTooLarge || e.cwCount() != 5 {
		t.Fatalf("wide file: %d, %d cases", r.Code, e.cwCount())
	}
	cwHas(t, "wide file", r.Body, `id="import-error"`, "a row has more than 1024 columns")
	r = cw.cwUpload("/cases/import", "file", "notes.docx", []byte("PK\x03\x04"), nil)
	if r.Code != http.StatusUnprocessableEntity || e.cwCount() != 5 {
		t.Errorf("unknown format: %d", r.Code)
	}

	// Export: supervisors (PermCaseExport), not caseworkers.
	if r := cw.get("/cases/export?format=csv"); r.Code != http.StatusForbidden {
		t.Errorf("caseworker export: %d", r.Code)
	}
	sup := e.signedIn("supervisor")
	cwHas(t, "export links", sup.get("/cases").Body, `href="/cases/export?format=csv"`)
	ex := sup.get("/cases/export?country=CIV&format=csv")
	if ex.Code != http.StatusOK || !strings.HasPrefix(ex.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("export: %d %q", ex.Code, ex.Header.Get("Content-Disposition"))
	}
	recs, err := csv.NewReader(strings.NewReader(ex.Body)).ReadAll()
	if err != nil || len(recs) != 2+5 {
		t.Fatalf("exported %d rows (%v)", len(recs), err)
	}
	cwHas(t, "export", ex.Body, "Abena", "Yaa")
	x := sup.get("/cases/export?format=xlsx")
	if x.Code != http.StatusOK || !strings.HasPrefix(x.Body, "PK") {
		t.Errorf("xlsx export: %d", x.Code)
	}
	if r := sup.get("/cases/export?format=pdf"); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad export format: %d", r.Code)
	}
	// What is exported goes back in.
	r = cw.cwUpload("/cases/import", "file", "back.csv", []byte(ex.Body), nil)
	if e.importJobDone(cw, r); e.cwCount() != 10 {
		t.Errorf("round trip: %d cases", e.cwCount())
	}
	cwNoMissing(t)
}
