package htcds

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// comparable keeps the fields an HTCDS file carries.
func comparable(c casework.Case) casework.Case {
	out := casework.Case{
		Person: c.Person, Gender: c.Gender, Citizenship: c.Citizenship, AgeWhenTrafficked: c.AgeWhenTrafficked,
		PresumedMinor: c.PresumedMinor, TraffickingStatus: c.TraffickingStatus, StatusDecidedBy: c.StatusDecidedBy,
		Relationship: c.Relationship, RecruitmentMethods: c.RecruitmentMethods, RecruitmentPlace: c.RecruitmentPlace,
		MethodsOfControl: c.MethodsOfControl, Exploitation: c.Exploitation, LabourIndustry: c.LabourIndustry,
		SexExploitation: c.SexExploitation, Events: c.Events, Status: c.Status,
	}
	if c.Status.IsClosed() {
		out.ClosureStatus, out.ClosureReason = c.ClosureStatus, c.ClosureReason
	}
	out.Person.Narrative = ""
	return out
}

func roundTrip(t *testing.T, format Format) {
	cases := genCases(300, 1)
	cases[0].Exploitation = []string{"SexualExploitation", "ForcedCriminality"}
	cases[1].Exploitation = []string{"ForcedCriminality", "Other", "ForcedBegging"}
	cases[2].Person.Phone = "+33 6 12 34 56 78" // a leading + is guarded against formulas
	cases[3].Person.GivenName = "=HYPERLINK(\"x\")"
	cases[4].Person.FamilyName = "Dan Mallam; dit « Petit »"
	cases[5].Person.Address = "12, rue de la République\n69002 Lyon"
	cases[6].Events = nil
	var buf bytes.Buffer
	if err := Export(&buf, format, cases); err != nil {
		t.Fatal(err)
	}
	got, rep, err := Import(bytes.NewReader(buf.Bytes()), format, Options{Today: testToday})
	if err != nil {
		t.Fatalf("import of our own export: %v\n%s", err, text(rep, "en"))
	}
	if len(got) != len(cases) || rep.Rows != len(cases) || rep.Imported != len(cases) {
		t.Fatalf("got %d cases, report %d rows %d imported", len(got), rep.Rows, rep.Imported)
	}
	for i := range cases {
		want, have := comparable(cases[i]), comparable(*got[i])
		if !reflect.DeepEqual(want, have) {
			t.Fatalf("case %d changed in the round trip:\nwant %+v\nhave %+v", i, want, have)
		}
	}
	for _, n := range rep.Notices {
		switch n.ID {
		case NoticeUnknownColumn, NoticeLabelMismatch, NoticeAliasField, NoticeNameFromLabel, NoticeNoLabelRow, NoticeNotImported:
			t.Errorf("our own export needed a repair: %+v", n)
		}
	}
}

func TestRoundTripCSV(t *testing.T)  { roundTrip(t, CSV) }
func TestRoundTripXLSX(t *testing.T) { roundTrip(t, XLSX) }

func TestExportHeaderIsTheTemplateCorrected(t *testing.T) {
	if len(ExportLayout) < len(Template) {
		t.Fatal("export layout shorter than the template")
	}
	for i, c := range Template {
		e := ExportLayout[i]
		switch {
		case i == 0:
			if e.Name != "" || e.Label != "" {
				t.Errorf("column A: %+v", e)
			}
		case c.Name == "":
			if e.Name != fOutgoingReason || e.Label != c.Label {
				t.Errorf("unnamed column %d exported as %+v", i, e)
			}
		case c.Name == "vic_TraffickinStatusDecisionMakingOrg":
			if e.Name != fDecisionOrg {
				t.Errorf("misspelt name kept: %+v", e)
			}
		case strings.HasPrefix(c.Name, "prs_Mailing"):
			if e.Name != c.Name || e.Label != fieldByName[c.Name].Label {
				t.Errorf("mailing column %d: %+v", i, e)
			}
		default:
			if e != c {
				t.Errorf("column %d: template %+v, export %+v", i, c, e)
			}
		}
	}
	if ExportLayout[13].Label != "Mailing City" || Template[13].Label != "Mailing Street" {
		t.Error("mailing labels not corrected")
	}
}

// Acceptance: "importing the HTCDS Excel template filled with
// 1,000 generated rows works".
func TestImportTemplateWith1000Rows(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	rows := make([]map[string]any, 1000)
	for i := range rows {
		rows[i] = templateRow(r, i+1, true)
	}
	data := writeTemplateXLSX(t, Template, rows)
	cases, rep, err := Import(bytes.NewReader(data), XLSX, Options{Today: testToday})
	if err != nil {
		t.Fatalf("%v\n%s", err, text(rep, "en"))
	}
	if len(cases) != 1000 || rep.Rows != 1000 || len(rep.BadRows) != 0 {
		t.Fatalf("%d cases, %d rows, %d bad", len(cases), rep.Rows, len(rep.BadRows))
	}
	for _, i := range []int{0, 1, 2, 499, 998, 999} {
		c, row := cases[i], rows[i]
		if c.Person.GivenName != row[fFirstName] || c.Person.FamilyName != row[fSecondName] {
			t.Errorf("row %d: names %q %q", i+3, c.Person.GivenName, c.Person.FamilyName)
		}
		if c.Citizenship != "NGA" && c.Citizenship != "NER" {
			t.Errorf("row %d: citizenship %q", i+3, c.Citizenship)
		}
		if !slices.Contains(casework.Genders, c.Gender) || !slices.Contains(casework.TraffickingStatuses, c.TraffickingStatus) {
			t.Errorf("row %d: gender %q status %q", i+3, c.Gender, c.TraffickingStatus)
		}
		if _, ok := casework.ParseDate(c.Person.BirthDate); !ok || len(c.Person.BirthDate) != 10 {
			t.Errorf("row %d: birth date %q", i+3, c.Person.BirthDate)
		}
		if len(c.Events) != 2 || c.Events[0].Kind != "recruitment" || c.Events[1].Kind != "exploitation" {
			t.Errorf("row %d: events %+v", i+3, c.Events)
		}
		if c.Events[1].Country != "FRA" && c.Events[1].Country != "ITA" {
			t.Errorf("row %d: exploitation country %q", i+3, c.Events[1].Country)
		}
		if c.StatusDecidedBy == "" || c.Person.Address == "" || !strings.HasSuffix(c.Person.Address, "69007 Lyon, France") {
			t.Errorf("row %d: decided by %q, address %q", i+3, c.StatusDecidedBy, c.Person.Address)
		}
		for _, m := range c.MethodsOfControl {
			if !slices.Contains(casework.MethodsOfControl, m) {
				t.Errorf("row %d: control %q", i+3, m)
			}
		}
	}
	// Row 3 (i=1 is odd): birth date typed DD/MM/YYYY; row 4 (i=2): a date cell.
	wantBirth := func(i int) string {
		switch v := rows[i][fBirthdate].(type) {
		case string:
			if d, ok := parseDMY(v); ok {
				return d
			}
			return v
		default:
			return v.(interface{ Format(string) string }).Format("2006-01-02")
		}
	}
	for _, i := range []int{0, 1, 2, 3} {
		if cases[i].Person.BirthDate != wantBirth(i) {
			t.Errorf("row %d: birth date %q, want %q", i+3, cases[i].Person.BirthDate, wantBirth(i))
		}
	}
	for _, n := range []struct{ id, col string }{
		{NoticeAliasField, "vic_TraffickinStatusDecisionMakingOrg"}, {NoticeLabelMismatch, ""},
		{NoticeCountryAlpha2, fCitizenship}, {NoticeCountryName, fCitizenship}, {NoticeDateSerial, fBirthdate},
		{NoticeDateDMY, fBirthdate}, {NoticeValueLabel, fGender}, {NoticeTrimmed, fControl},
		{NoticeNotImported, fCaseOwner}, {NoticeNotImported, fConsent}, {NoticeNotImported, fReferringOrg},
		{NoticeLocationEvent, fRecruitmentPlace}, {NoticeNameFromLabel, "AJ"},
	} {
		if _, ok := rep.Notice(n.id, n.col); !ok {
			t.Errorf("no notice %s on %q", n.id, n.col)
		}
	}
	if n, _ := rep.Notice(NoticeNotImported, fCaseOwner); n.Count != 1000 {
		t.Errorf("owner notice counts %d rows", n.Count)
	}
}

// Acceptance: "a file with bad rows changes nothing and reports each".
func TestBadRowsChangeNothingAndAreEachReported(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	type bad struct {
		row          int // file row (data starts at 3)
		field, value string
		column, rule string
	}
	bads := []bad{
		{row: 9, field: fGender, value: "Female-ish", column: fGender, rule: valid.RuleOneOf},
		{row: 27, field: fBirthdate, value: "31/02/2001", column: fBirthdate, rule: casework.RuleDate},
		{row: 48, field: fExploitation, value: "Smuggling", column: fExploitation, rule: valid.RuleOneOf},
		{row: 70, field: fCitizenship, value: "Wakanda", column: fCitizenship, rule: "country"},
		{row: 101, field: fFirstName, value: strings.Repeat("Osasumwen", 30), column: fFirstName, rule: valid.RuleTooLong},
	}
	var rows [][]string
	for i := 0; i < 100; i++ {
		vals := map[string]string{}
		for k, v := range templateRow(r, i+1, false) {
			if s, ok := v.(string); ok {
				vals[k] = s
			}
		}
		for _, b := range bads {
			if b.row == i+3 {
				vals[b.field] = b.value
			}
		}
		rows = append(rows, csvRow(Template, i+1, vals))
	}
	data := templateCSV(Template, rows)

	cases, rep, err := Import(bytes.NewReader(data), CSV, Options{Today: testToday})
	var e *Error
	if !errors.As(err, &e) || e.ID != ErrBadRows || cases != nil {
		t.Fatalf("want ErrBadRows and no case, got %v and %d cases", err, len(cases))
	}
	if len(rep.BadRows) != len(bads) || rep.Rows != 100 || rep.Imported != 0 {
		t.Fatalf("report: %d bad rows of %d, %d imported: %+v", len(rep.BadRows), rep.Rows, rep.Imported, rep.BadRows)
	}
	for i, b := range bads {
		got := rep.BadRows[i]
		if got.Row != b.row || got.Skipped || len(got.Problems) != 1 {
			t.Errorf("bad row %d: %+v", b.row, got)
			continue
		}
		p := got.Problems[0]
		if p.Column != b.column || p.Rule != b.rule || p.Code == "" || i18n.T("fr", p.Code, p.Params) == p.Code {
			t.Errorf("row %d: %+v, want %s/%s", b.row, p, b.column, b.rule)
		}
	}
	for _, lang := range []string{"en", "fr"} {
		var sb strings.Builder
		rep.Write(&sb, tr(lang))
		for _, b := range bads {
			if strings.Contains(sb.String(), b.value) {
				t.Errorf("report in %s shows a cell's value %q", lang, b.value)
			}
		}
		if !strings.Contains(sb.String(), "101") {
			t.Errorf("report in %s lacks row 101:\n%s", lang, sb.String())
		}
	}
	if fr := i18n.T("fr", e.Code, e.Params); !strings.Contains(fr, "lignes incorrectes : 5") {
		t.Errorf("French error: %q", fr)
	}

	cases, rep, err = Import(bytes.NewReader(data), CSV, Options{Today: testToday, SkipBad: true})
	if err != nil || len(cases) != 95 || rep.Imported != 95 || rep.Skipped() != 5 || len(rep.BadRows) != 5 {
		t.Fatalf("skip bad: %v, %d cases, %d skipped", err, len(cases), rep.Skipped())
	}
	for i, b := range bads {
		if rep.BadRows[i].Row != b.row || !rep.BadRows[i].Skipped {
			t.Errorf("skipped row %+v, want %d", rep.BadRows[i], b.row)
		}
	}
}

func TestEveryProblemOfARowIsReported(t *testing.T) {
	rows := [][]string{csvRow(Template, 1, map[string]string{
		fFirstName: "", fSecondName: "", fGender: "F", fBirthdate: "2030-01-01", fEmail: "osagie@",
		fMobilePhone: "call her sister", fStatus: "Open", fCitizenship: "XX",
	})}
	_, rep, err := Import(bytes.NewReader(templateCSV(Template, rows)), CSV, Options{Today: testToday})
	if err == nil || len(rep.BadRows) != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	want := map[string]string{
		fFirstName: valid.RuleRequired, fGender: valid.RuleOneOf, fBirthdate: casework.RuleFutureDate,
		fEmail: valid.RuleEmail, fMobilePhone: "phone", fStatus: valid.RuleOneOf, fCitizenship: "country",
	}
	got := map[string]string{}
	for _, p := range rep.BadRows[0].Problems {
		got[p.Column] = p.Rule
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("problems %v, want %v", got, want)
	}
}
