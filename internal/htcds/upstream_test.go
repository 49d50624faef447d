package htcds

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

func upstreamWorkbooks(t *testing.T) []string {
	files, _ := filepath.Glob(filepath.Join(sharedtest.Path(t, "htcds"), "Toolkit", "Excel", "*.xlsx"))
	if len(files) == 0 {
		t.Skip("no upstream .xlsx template")
	}
	return files
}

// TestTemplateMatchesUpstream proves the built-in layout is the real
// template's header, quirks included.
func TestTemplateMatchesUpstream(t *testing.T) {
	for _, path := range upstreamWorkbooks(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows(pickSheet(f))
			if err != nil || len(rows) < 2 {
				t.Fatalf("rows: %v", err)
			}
			names, labels := rows[0], rows[1]
			if len(names) != len(Template) || len(labels) != len(Template) {
				t.Fatalf("upstream has %d/%d columns, Template %d", len(names), len(labels), len(Template))
			}
			for i, c := range Template {
				if names[i] != c.Name || labels[i] != c.Label {
					t.Errorf("column %s: upstream %q/%q, Template %q/%q", letter(i), names[i], labels[i], c.Name, c.Label)
				}
			}
		})
	}
}

// TestImportRealEmptyTemplate reads the real workbook as an NGO receives
// it: 1,000 numbered empty rows are no cases, and every quirk is reported.
func TestImportRealEmptyTemplate(t *testing.T) {
	for _, path := range upstreamWorkbooks(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			cases, rep, err := Import(bytes.NewReader(data), XLSX, Options{Today: testToday})
			if err != nil || len(cases) != 0 || rep.Rows != 0 {
				t.Fatalf("%v, %d cases, %d rows", err, len(cases), rep.Rows)
			}
			for _, id := range []string{NoticeAliasField, NoticeNameFromLabel, NoticeLabelMismatch} {
				found := false
				for _, n := range rep.Notices {
					found = found || n.ID == id
				}
				if !found {
					t.Errorf("quirk %s not reported", id)
				}
			}
		})
	}
}

// TestValidatedTemplateListsResolve: every dropdown value of the
// "single select with validation" workbook reads as a casework value.
func TestValidatedTemplateListsResolve(t *testing.T) {
	for _, path := range upstreamWorkbooks(t) {
		f, err := excelize.OpenFile(path)
		if err != nil {
			t.Fatal(err)
		}
		rows, err := f.GetRows("validation")
		f.Close()
		if err != nil {
			continue // the plain workbook has no validation sheet
		}
		lists := map[int]*picklist{1: genders, 5: recruitmentMethods, 6: controlMethods, 7: exploitationTypes,
			8: labourIndustries, 9: sexExploitationTypes, 11: caseStatuses, 14: traffickingStatuses, 15: decisionOrgs}
		n := 0
		for _, row := range rows[3:] {
			for col, p := range lists {
				if v := cell(row, col); v != "" {
					n++
					if _, _, ok := p.resolve(v); !ok {
						t.Errorf("validation column %s: %q unknown", letter(col), v)
					}
				}
			}
			if name := cell(row, 4); name != "" {
				n++
				code, _, ok := resolveCountry(name)
				if a2 := cell(row, 3); !ok || alpha2(code) != a2 {
					t.Errorf("country %q (%s) read as %q", name, a2, code)
				}
			}
		}
		if n < 300 {
			t.Errorf("only %d validation values checked", n)
		}
	}
}

// TestXLSFormChoicesResolve: the XLSForm's choices (alpha-2 countries,
// "DebtBondage ", the z-spelt ISIC section U) all read.
func TestXLSFormChoicesResolve(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sharedtest.Path(t, "htcds"), "csv_from_xlsx", "htcds_xlsform__choices.csv"))
	if err != nil {
		t.Skip("no XLSForm choices")
	}
	recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]*picklist{"gender": genders, "methodofrecruitment": recruitmentMethods,
		"methodsofcontrol": controlMethods, "typeofexploitation": exploitationTypes, "forcedlabourindustry": labourIndustries,
		"typeofsexexploitation": sexExploitationTypes, "status": caseStatuses, "traffickingstatus": traffickingStatuses,
		"traffickingstatusdecisionmakingorg": decisionOrgs}
	countries := 0
	for _, r := range recs[1:] {
		if r[0] == "citizenship" {
			countries++
			if _, how, ok := resolveCountry(strings.TrimSpace(r[1])); !ok || how != countryAlpha2 {
				t.Errorf("citizenship %q", r[1])
			}
			continue
		}
		p, ok := lists[r[0]]
		if !ok {
			continue
		}
		for _, v := range []string{strings.TrimSpace(r[1]), strings.TrimSpace(r[2])} {
			if _, _, ok := p.resolve(v); !ok {
				t.Errorf("%s: %q unknown", r[0], v)
			}
		}
	}
	if countries != 249 {
		t.Errorf("%d citizenship choices, want 249", countries)
	}
}

// TestFieldNamesAreTheStandards: every HTCDS name Passerelle reads or
// writes is in the Field Standards 2.0 (psl_ are Passerelle's own).
func TestFieldNamesAreTheStandards(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(sharedtest.Path(t, "htcds"), "HTCDS_Field_Standards_2.0_Field_Standards.csv"))
	if err != nil {
		t.Skip("no Field Standards CSV")
	}
	r := csv.NewReader(bytes.NewReader(data))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	std := map[string]bool{}
	for _, rec := range recs {
		if len(rec) > 6 {
			std[rec[6]] = true
		}
	}
	for _, f := range fields {
		if !strings.HasPrefix(f.Name, "psl_") && !std[f.Name] {
			t.Errorf("%s is not in the Field Standards", f.Name)
		}
	}
}

// TestRealValidatedTemplateFilledIn fills the real "single select with
// validation" workbook the way its dropdowns do (labels, country names,
// "Debt bondage " with its space, real date cells) and imports it.
func TestRealValidatedTemplateFilledIn(t *testing.T) {
	var path string
	for _, p := range upstreamWorkbooks(t) {
		if strings.Contains(p, "validation") {
			path = p
		}
	}
	if path == "" {
		t.Skip("no validated template upstream")
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	lists, err := f.GetRows("validation")
	if err != nil {
		t.Fatal(err)
	}
	choice := func(col, i int) string { // the i-th entry of a dropdown list, cycling
		var vs []string
		for _, r := range lists[3:] {
			if v := cell(r, col); col < len(r) && r[col] != "" && v != "" {
				vs = append(vs, r[col]) // untrimmed, as the dropdown writes it
			}
		}
		return vs[i%len(vs)]
	}
	sheet := "Case Sheet"
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i := 0; i < 10; i++ {
		row := i + 3
		set := func(col, v string) {
			if err := f.SetCellValue(sheet, col+strconv.Itoa(row), v); err != nil {
				t.Fatal(err)
			}
		}
		set("D", givenNames[i])
		set("E", familyNames[i])
		f.SetCellValue(sheet, "G"+strconv.Itoa(row), time.Date(1990+i, 3, 11, 0, 0, 0, 0, time.UTC))
		f.SetCellStyle(sheet, "G"+strconv.Itoa(row), "G"+strconv.Itoa(row), dateStyle)
		set("H", choice(1, i))
		set("I", []string{"Nigeria", "Niger", "France", "Côte d'Ivoire", "Mali"}[i%5])
		set("S", choice(14, i))
		set("T", choice(15, i))
		set("U", choice(5, i))
		set("W", choice(6, 3)) // "Debt bondage "
		set("X", choice(7, i))
		set("Y", choice(8, i))
		set("Z", choice(9, i))
		set("AB", choice(11, i%2)) // Active, Follow up
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	cases, rep := mustImport(t, buf.Bytes(), XLSX)
	if len(cases) != 10 || rep.Sheet != sheet {
		t.Fatalf("%d cases from sheet %q", len(cases), rep.Sheet)
	}
	for i, c := range cases {
		if c.Person.GivenName != givenNames[i] || c.Person.BirthDate != strconv.Itoa(1990+i)+"-03-11" {
			t.Errorf("row %d: %+v", i+3, c.Person)
		}
		if want := []string{"NGA", "NER", "FRA", "CIV", "MLI"}[i%5]; c.Citizenship != want {
			t.Errorf("row %d: citizenship %q, want %q", i+3, c.Citizenship, want)
		}
		if !slices.Equal(c.MethodsOfControl, []string{"DebtBondage"}) || c.Gender == "" || c.LabourIndustry == "" ||
			len(c.Exploitation) != 1 || c.TraffickingStatus == "" || c.StatusDecidedBy == "" || len(c.RecruitmentMethods) != 1 {
			t.Errorf("row %d: %+v", i+3, c)
		}
	}
	if cases[1].Status != casework.FollowUp || cases[0].Status != casework.Active {
		t.Errorf("statuses %q %q", cases[0].Status, cases[1].Status)
	}
	wantNotice(t, rep, NoticeDateSerial, fBirthdate, 10)
	wantNotice(t, rep, NoticeCountryName, fCitizenship, 10)
	wantNotice(t, rep, NoticeTrimmed, fControl, 10)
}
