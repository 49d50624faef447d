package htcds

import (
	"bytes"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// FuzzImportCSV: whatever the bytes, Import returns (cases or an error and
// a report) without panicking, and never both cases and an error.
func FuzzImportCSV(f *testing.F) {
	var rows [][]string
	for i := range 3 {
		rows = append(rows, csvRow(Template, i+1, map[string]string{fFirstName: "Joy", fGender: "Feminine",
			fControl: "DebtBondage ;Physical threats", fRecruitmentPlace: "Benin City, Nigeria", fBirthdate: "11/03/2004"}))
	}
	f.Add(templateCSV(Template, rows))
	f.Add([]byte("prs_FirstName;prs_Citizenship;hte_Type;hte_Country\nJoy;NG;Recruitment;NG\n"))
	f.Add([]byte("\xef\xbb\xbfFirst Name,Gender\n\"Jo\"\"y\",F\n"))
	f.Add([]byte("hte_Type,hte_Country,hte_City,hte_Date\n;;;\n,,,\n"))
	f.Add([]byte(strings.Repeat(",", 100) + "\n\xff\xfe"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, rep, err := Import(bytes.NewReader(data), CSV, Options{Today: testToday})
		if err != nil && len(cases) > 0 {
			t.Fatalf("cases and an error: %v", err)
		}
		if err == nil && len(cases) != rep.Imported {
			t.Fatalf("%d cases, report says %d", len(cases), rep.Imported)
		}
		if err != nil && fault.KindOf(err) == fault.Internal {
			t.Fatalf("refusal without a kind: %v", err)
		}
		var sb strings.Builder
		rep.Write(&sb, tr("fr"))
	})
}

// FuzzImportXLSX: whatever the bytes (seeded with workbooks, so that the
// fuzzer mutates real zip parts), Import returns without panicking, never
// both cases and an error, and a refusal has a kind.
func FuzzImportXLSX(f *testing.F) {
	var buf bytes.Buffer
	if err := Export(&buf, XLSX, genCases(2, 3)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	r := rand.New(rand.NewPCG(5, 6))
	f.Add(writeTemplateXLSX(f, Template, []map[string]any{templateRow(r, 1, true), templateRow(r, 2, true)}))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cases, rep, err := Import(bytes.NewReader(data), XLSX, Options{Today: testToday})
		if err != nil && len(cases) > 0 {
			t.Fatalf("cases and an error: %v", err)
		}
		if err == nil && len(cases) != rep.Imported {
			t.Fatalf("%d cases, report says %d", len(cases), rep.Imported)
		}
		if err != nil && fault.KindOf(err) == fault.Internal {
			t.Fatalf("refusal without a kind: %v", err)
		}
	})
}
