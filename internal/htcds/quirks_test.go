package htcds

import (
	"bytes"
	"encoding/csv"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// simpleCSV is a file with a field-name row, a label row, and rows.
func simpleCSV(names []string, rows ...[]string) []byte {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	w.Write(names)
	labels := make([]string, len(names))
	for i, n := range names {
		if f, ok := fieldByName[n]; ok {
			labels[i] = f.Label
		}
	}
	w.Write(labels)
	for _, r := range rows {
		w.Write(r)
	}
	w.Flush()
	return buf.Bytes()
}

func mustImport(t *testing.T, data []byte, format Format) ([]*casework.Case, Report) {
	t.Helper()
	cases, rep, err := Import(bytes.NewReader(data), format, Options{Today: testToday})
	if err != nil {
		t.Fatalf("%v\n%s", err, text(rep, "en"))
	}
	return cases, rep
}

func wantNotice(t *testing.T, rep Report, id, column string, count int) {
	t.Helper()
	n, ok := rep.Notice(id, column)
	if !ok {
		t.Fatalf("no notice %s on %q; have %+v", id, column, rep.Notices)
	}
	if count > 0 && n.Count != count {
		t.Fatalf("notice %s on %q counts %d rows, want %d", id, column, n.Count, count)
	}
	en, fr := i18n.T("en", n.Code, n.Params), i18n.T("fr", n.Code, n.Params)
	if en == n.Code || fr == n.Code || strings.Contains(en+fr, "<no value>") {
		t.Fatalf("notice %s message %q / %q", id, en, fr)
	}
}

func TestDebtBondageTrailingSpaceIsTrimmed(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fControl},
		[]string{"Joy", "DebtBondage ;WithholdsDocuments"}, []string{"Efosa", "DebtBondage "}), CSV)
	if !slices.Equal(cases[0].MethodsOfControl, []string{"DebtBondage", "WithholdsDocuments"}) ||
		!slices.Equal(cases[1].MethodsOfControl, []string{"DebtBondage"}) {
		t.Fatalf("%v %v", cases[0].MethodsOfControl, cases[1].MethodsOfControl)
	}
	wantNotice(t, rep, NoticeTrimmed, fControl, 2)
}

func TestMultiSelectSeparators(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fControl, fIndustry, fExploitation},
		[]string{"Joy", "PhysicalThreats,DebtBondage", "Water supply; sewerage, waste management and remediation", "ForcedLabour; ChildLabour"},
		[]string{"Efosa", "Physical threats|Debt bondage", "Agriculture, forestry and fishing", "Forced labour;Forced begging"},
		[]string{"Hadiza", "PhysicalThreats;DebtBondage", "F_Construction;C_Manufacturing", "ForcedLabour"},
		[]string{"Mariama", "Physical threats\r\nDebt bondage", "", ""},
	), CSV)
	want := []string{"PhysicalThreats", "DebtBondage"}
	for i := range 4 {
		if !slices.Equal(cases[i].MethodsOfControl, want) {
			t.Errorf("row %d control %v", i+3, cases[i].MethodsOfControl)
		}
	}
	if cases[0].LabourIndustry != "E_WaterSupplySewerageWasteManagement" || cases[1].LabourIndustry != "A_AgricultureForestryAndFishing" ||
		cases[2].LabourIndustry != "F_Construction" {
		t.Errorf("industries %q %q %q", cases[0].LabourIndustry, cases[1].LabourIndustry, cases[2].LabourIndustry)
	}
	if !slices.Equal(cases[0].Exploitation, []string{"ForcedLabour", "ChildLabour"}) ||
		!slices.Equal(cases[1].Exploitation, []string{"ForcedLabour", "ForcedBegging"}) {
		t.Errorf("exploitation %v %v", cases[0].Exploitation, cases[1].Exploitation)
	}
	wantNotice(t, rep, NoticeSeparator, fControl, 3)
	wantNotice(t, rep, NoticeFirstValueKept, fIndustry, 1)
	if _, ok := rep.Notice(NoticeTrimmed, fExploitation); ok {
		t.Error("the space after ; was reported as a repair")
	}
}

func TestCountryForms(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fCitizenship},
		[]string{"Joy", "NG"}, []string{"Moussa", "Niger"}, []string{"Ngozi", "nga"}, []string{"Aïssata", "Côte d’Ivoire"},
		[]string{"Amina", "NGA;FRA"}, []string{"Halima", "Nigéria"}, []string{"Zeinabou", "NER"}), CSV)
	want := []string{"NGA", "NER", "NGA", "CIV", "NGA", "NGA", "NER"}
	for i, w := range want {
		if cases[i].Citizenship != w {
			t.Errorf("row %d: %q, want %q", i+3, cases[i].Citizenship, w)
		}
	}
	wantNotice(t, rep, NoticeCountryAlpha2, fCitizenship, 1)
	wantNotice(t, rep, NoticeCountryName, fCitizenship, 3)
	wantNotice(t, rep, NoticeCountryLower, fCitizenship, 1)
	wantNotice(t, rep, NoticeFirstValueKept, fCitizenship, 1)
}

func TestDateForms(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		how     int
	}{
		{"2004-03-11", "2004-03-11", dateISO}, {"2004-03", "2004-03", dateISO}, {"2004", "2004", dateISO},
		{"11/03/2004", "2004-03-11", dateDMY}, {"1/3/2004", "2004-03-01", dateDMY}, {"11.03.2004", "2004-03-11", dateDMY},
		{"11-03-2004", "2004-03-11", dateDMY}, {"38057", "2004-03-11", dateSerial}, {"38057.75", "2004-03-11", dateSerial},
		{"2004-03-11T00:00:00", "2004-03-11", dateTime}, {"2004-03-11 08:30", "2004-03-11", dateTime},
		{"03/13/2004", "03/13/2004", dateBad}, {"31/02/2004", "31/02/2004", dateBad}, {"11-03-04", "11-03-04", dateBad},
		{"yesterday", "yesterday", dateBad}, {"123456", "123456", dateBad},
	} {
		out, how := normaliseDate(tc.in)
		if out != tc.out || how != tc.how {
			t.Errorf("%q: %q/%d, want %q/%d", tc.in, out, how, tc.out, tc.how)
		}
	}
	_, rep := mustImport(t, simpleCSV([]string{fFirstName, fBirthdate}, []string{"Joy", "11/03/2004"}, []string{"Efosa", "38057"}), CSV)
	wantNotice(t, rep, NoticeDateDMY, fBirthdate, 1)
	wantNotice(t, rep, NoticeDateSerial, fBirthdate, 1)
}

func TestForcedCriminalityIsExportedAsOtherAndComesBack(t *testing.T) {
	c := genCases(1, 9)[0]
	c.Exploitation = []string{"ForcedBegging", "ForcedCriminality"}
	var buf bytes.Buffer
	if err := Export(&buf, CSV, []casework.Case{c}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\xef\xbb\xbf")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got := recs[2][colIndex(fExploitation)]; got != "ForcedBegging;Other" {
		t.Fatalf("exported %q", got)
	}
	if got := recs[2][colIndex(fExploitationOther)]; got != "ForcedCriminality" {
		t.Fatalf("note %q", got)
	}
	cases, rep := mustImport(t, buf.Bytes(), CSV)
	if !slices.Equal(cases[0].Exploitation, c.Exploitation) {
		t.Fatalf("back as %v", cases[0].Exploitation)
	}
	wantNotice(t, rep, NoticeOtherRestored, fExploitation, 1)
}

func TestUnknownColumnReportedOnceAndIgnored(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, "ngo_ShelterName", fGender},
		[]string{"Joy", "Foyer Saint-Michel", "Feminine"}, []string{"Efosa", "Foyer Saint-Michel", "Masculine"}), CSV)
	if len(cases) != 2 || cases[1].Gender != "Masculine" {
		t.Fatalf("%d cases", len(cases))
	}
	n := 0
	for _, x := range rep.Notices {
		if x.ID == NoticeUnknownColumn {
			n++
			if x.Column != "ngo_ShelterName" {
				t.Errorf("unknown column named %q", x.Column)
			}
		}
	}
	if n != 1 {
		t.Fatalf("%d unknown-column notices", n)
	}
}

func TestUnnamedOutgoingReferralColumnMatchedByLabel(t *testing.T) {
	vals := map[string]string{fFirstName: "Joy", "Reason for Outgoing Referral": "MigrationOrChangeOfLocation"}
	_, rep := mustImport(t, templateCSV(Template, [][]string{csvRow(Template, 1, vals)}), CSV)
	wantNotice(t, rep, NoticeNameFromLabel, "AJ", 0)
	wantNotice(t, rep, NoticeNotImported, "AJ", 1)
	if _, ok := rep.Notice(NoticeUnknownColumn, "AJ"); ok {
		t.Fatal("the unnamed column was called unknown")
	}
}

func TestMisalignedMailingLabelsFollowFieldNames(t *testing.T) {
	vals := map[string]string{fFirstName: "Joy", fMailingStreet: "12 rue Victor Hugo", fMailingCity: "Lyon",
		fMailingPostalCode: "69002", fMailingCountry: "France", fMailingState: "Rhône"}
	cases, rep := mustImport(t, templateCSV(Template, [][]string{csvRow(Template, 1, vals), csvRow(Template, 2, vals)}), CSV)
	if a := cases[0].Person.Address; a != "12 rue Victor Hugo, 69002 Lyon, Rhône, France" {
		t.Fatalf("address %q", a)
	}
	var mismatch []Notice
	for _, n := range rep.Notices {
		if n.ID == NoticeLabelMismatch {
			mismatch = append(mismatch, n)
		}
	}
	if len(mismatch) != 1 || !strings.Contains(i18n.T("en", mismatch[0].Code, mismatch[0].Params), "prs_MailingCity, prs_MailingCountry, prs_MailingStreet, prs_MailingPostalCode") {
		t.Fatalf("label mismatch notices %+v", mismatch)
	}
}

func TestMisspeltDecisionOrgKeepsTheFilesNameInProblems(t *testing.T) {
	_, rep, err := Import(bytes.NewReader(simpleCSV([]string{fFirstName, "vic_TraffickinStatusDecisionMakingOrg"},
		[]string{"Joy", "Gendarmerie"})), CSV, Options{Today: testToday})
	if err == nil || len(rep.BadRows) != 1 {
		t.Fatalf("%v %+v", err, rep)
	}
	if p := rep.BadRows[0].Problems[0]; p.Column != "vic_TraffickinStatusDecisionMakingOrg" || p.Field != "status_decided_by" {
		t.Fatalf("%+v", p)
	}
	wantNotice(t, rep, NoticeAliasField, "vic_TraffickinStatusDecisionMakingOrg", 0)
	cases, _ := mustImport(t, simpleCSV([]string{fFirstName, "vic_TraffickinStatusDecisionMakingOrg"},
		[]string{"Joy", "Non-police governmental organization"}), CSV)
	if cases[0].StatusDecidedBy != "NonPoliceGovernmentalOrganization" {
		t.Fatalf("%q", cases[0].StatusDecidedBy)
	}
}

func TestFrenchExcelCSV(t *testing.T) {
	text := "prs_FirstName;prs_SecondName;prs_Birthdate;vic_LocationOfExploitation\r\n" +
		"Prénom;Nom;Date de naissance;Lieu\r\n" + // a translated label row
		"Aïssata;Maïga;11/03/2001;Saint-Étienne, France\r\n"
	latin1, err := charmap.Windows1252.NewEncoder().String(text)
	if err != nil {
		t.Fatal(err)
	}
	cases, rep := mustImport(t, []byte(latin1), CSV)
	if len(cases) != 1 {
		t.Fatalf("%d cases", len(cases))
	}
	c := cases[0]
	if c.Person.GivenName != "Aïssata" || c.Person.FamilyName != "Maïga" || c.Person.BirthDate != "2001-03-11" {
		t.Fatalf("%+v", c.Person)
	}
	if len(c.Events) != 1 || c.Events[0] != (casework.Event{Kind: "exploitation", Country: "FRA", Place: "Saint-Étienne"}) {
		t.Fatalf("events %+v", c.Events)
	}
	wantNotice(t, rep, NoticeCSVSemicolon, "", 1)
	wantNotice(t, rep, NoticeWindows1252, "", 1)
	wantNotice(t, rep, NoticeLabelMismatch, "", 1) // "Nom", "Lieu"
}

func TestHeaderVariants(t *testing.T) {
	// Field names only (a KoBo export of the XLSForm): data from row 2, XLSForm spellings.
	data := []byte("prs_First_Name,prs_Second_Name,vic_Methods_of_Control\nJoy,Osagie,FalsePromises\n")
	cases, rep := mustImport(t, data, CSV)
	if len(cases) != 1 || cases[0].Person.FamilyName != "Osagie" || cases[0].MethodsOfControl[0] != "FalsePromises" {
		t.Fatalf("%+v", cases)
	}
	wantNotice(t, rep, NoticeAliasField, "vic_Methods_of_Control", 0)
	// Labels only.
	data = []byte("First Name,Second Name,Gender\nJoy,Osagie,Feminine\nEfosa,Ogbeide,Masculine\n")
	cases, rep = mustImport(t, data, CSV)
	if len(cases) != 2 || cases[1].Gender != "Masculine" {
		t.Fatalf("%+v", cases)
	}
	wantNotice(t, rep, NoticeHeaderByLabel, "", 1)
	// Row numbers of problems are the file's, whichever header.
	_, rep, _ = Import(bytes.NewReader([]byte("prs_FirstName,prs_Gender\nJoy,F\n")), CSV, Options{Today: testToday})
	if len(rep.BadRows) != 1 || rep.BadRows[0].Row != 2 {
		t.Fatalf("%+v", rep.BadRows)
	}
}

func TestFileLevelErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		data   []byte
		format Format
		id     string
	}{
		{"no header", []byte("name,age\nJoy,17\n"), CSV, ErrNoHeader},
		{"duplicate column", []byte("vic_TraffickingStatusDecisionMakingOrg,vic_TraffickinStatusDecisionMakingOrg\nNGO,NGO\n"), CSV, ErrDuplicateColumn},
		{"not a workbook", []byte("PK\x03\x04 not really"), XLSX, ErrUnreadable},
		{"unknown format", []byte("x"), Format("ods"), ErrFormat},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cases, _, err := Import(bytes.NewReader(tc.data), tc.format, Options{})
			var e *Error
			if !errors.As(err, &e) || e.ID != tc.id || cases != nil {
				t.Fatalf("%v", err)
			}
			if en, fr := i18n.T("en", e.Code, e.Params), i18n.T("fr", e.Code, e.Params); en == e.Code || fr == e.Code || strings.Contains(en+fr, "<no value>") {
				t.Fatalf("message %q / %q", en, fr)
			}
		})
	}
}

func TestEventsColumns(t *testing.T) {
	names := []string{fFirstName, fEventType, fEventCountry, fEventCity, fEventDate}
	cases, rep := mustImport(t, simpleCSV(names,
		[]string{"Joy", "Recruitment;Transit;Exploitation", "NG;NE;FR", "Benin City;Agadez;Paris", "15/06/2021;2021-07;"}), CSV)
	want := []casework.Event{{Kind: "recruitment", Country: "NGA", Place: "Benin City", Date: "2021-06-15"},
		{Kind: "transit", Country: "NER", Place: "Agadez", Date: "2021-07"}, {Kind: "exploitation", Country: "FRA", Place: "Paris"}}
	if !reflect.DeepEqual(cases[0].Events, want) {
		t.Fatalf("%+v", cases[0].Events)
	}
	wantNotice(t, rep, NoticeCountryAlpha2, fEventCountry, 1)
	_, rep, err := Import(bytes.NewReader(simpleCSV(names, []string{"Joy", "Recruitment;Exploitation", "NG", "", ""})), CSV, Options{Today: testToday})
	if err == nil || rep.BadRows[0].Problems[0].Rule != RuleEvents || rep.BadRows[0].Problems[0].Column != fEventCountry {
		t.Fatalf("%v %+v", err, rep.BadRows)
	}
	_, rep, err = Import(bytes.NewReader(simpleCSV(names, []string{"Joy", "Recruitment;Exploitation", "NG;Atlantis", "", ""})), CSV, Options{Today: testToday})
	if err == nil || rep.BadRows[0].Problems[0].Rule != "country" || rep.BadRows[0].Problems[0].Field != "events[1].country" ||
		rep.BadRows[0].Problems[0].Column != fEventCountry {
		t.Fatalf("%v %+v", err, rep.BadRows)
	}
}

func TestLocationsBecomeEventsWhenTheyNameACountry(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fRecruitmentPlace, fExploitationPlace},
		[]string{"Joy", "Zinder (NE)", "Paris, France; Castel Volturno, Italy"},
		[]string{"Efosa", "a village near the market", "Lyon"}), CSV)
	want := []casework.Event{{Kind: "recruitment", Country: "NER", Place: "Zinder"}, {Kind: "exploitation", Country: "FRA", Place: "Paris"},
		{Kind: "exploitation", Country: "ITA", Place: "Castel Volturno"}}
	if !reflect.DeepEqual(cases[0].Events, want) || cases[0].RecruitmentPlace != "Zinder (NE)" {
		t.Fatalf("%+v", cases[0])
	}
	if len(cases[1].Events) != 0 || cases[1].RecruitmentPlace != "a village near the market" {
		t.Fatalf("%+v", cases[1])
	}
	wantNotice(t, rep, NoticeLocationPlace, fRecruitmentPlace, 1)
	wantNotice(t, rep, NoticeLocationPlace, fExploitationPlace, 1)
}

func TestStatusClosureAndPhones(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fStatus, fClosureReason, fMobilePhone, fHomePhone},
		[]string{"Joy", "Closed Referred", "Referred to a shelter in Marseille", "+227 96 00 00 01", ""},
		[]string{"Efosa", "Active", "moved", "+234 803 000 0001", "+33 4 78 00 00 01"}), CSV)
	if cases[0].Status != casework.ClosedReferred || cases[0].ClosureStatus != casework.ClosedReferred || cases[0].ClosureReason == "" {
		t.Fatalf("%+v", cases[0])
	}
	if cases[1].Status != casework.Active || cases[1].ClosureReason != "" || cases[1].Person.Phone != "+234 803 000 0001 / +33 4 78 00 00 01" {
		t.Fatalf("%+v", cases[1])
	}
	wantNotice(t, rep, NoticeClosureDropped, fClosureReason, 1)
	wantNotice(t, rep, NoticeBothPhones, fHomePhone, 1)
}

func TestFormulaGuard(t *testing.T) {
	c := genCases(1, 4)[0]
	c.Person.GivenName = "=HYPERLINK(\"http://example.org\")"
	var buf bytes.Buffer
	if err := Export(&buf, CSV, []casework.Case{c}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `'=HYPERLINK`) || !strings.Contains(buf.String(), "'+234") {
		t.Fatalf("no guard: %s", buf.String())
	}
	cases, _ := mustImport(t, buf.Bytes(), CSV)
	if cases[0].Person.GivenName != c.Person.GivenName || cases[0].Person.Phone != c.Person.Phone {
		t.Fatalf("%q %q", cases[0].Person.GivenName, cases[0].Person.Phone)
	}
}

func TestAgeAndPresumedMinor(t *testing.T) {
	cases, _ := mustImport(t, simpleCSV([]string{fFirstName, fAgeWhenTrafficked, fPresumedMinor},
		[]string{"Joy", "16.0", ""}, []string{"Efosa", "", "oui"}), CSV)
	if cases[0].AgeWhenTrafficked == nil || *cases[0].AgeWhenTrafficked != 16 || !cases[1].PresumedMinor {
		t.Fatalf("%+v %+v", cases[0], cases[1])
	}
	_, rep, _ := Import(bytes.NewReader(simpleCSV([]string{fFirstName, fAgeWhenTrafficked, fPresumedMinor},
		[]string{"Joy", "sixteen", "maybe"})), CSV, Options{Today: testToday})
	var rules []string
	for _, p := range rep.BadRows[0].Problems {
		rules = append(rules, p.Column+"/"+p.Rule)
	}
	if !slices.Equal(rules, []string{fAgeWhenTrafficked + "/" + RuleNumber, fPresumedMinor + "/" + RuleBoolean}) {
		t.Fatalf("%v", rules)
	}
}

func TestFrenchValueLabels(t *testing.T) {
	cases, rep := mustImport(t, simpleCSV([]string{fFirstName, fGender, fExploitation, fControl, fStatus, fTraffickingStatus},
		[]string{"Aïssata", "Féminin", "Exploitation sexuelle;Criminalité forcée", "Servitude pour dettes; Confiscation des documents",
			"Suivi", "Victime présumée de la traite"}), CSV)
	c := cases[0]
	if c.Gender != "Feminine" || !slices.Equal(c.Exploitation, []string{"SexualExploitation", "ForcedCriminality"}) ||
		!slices.Equal(c.MethodsOfControl, []string{"DebtBondage", "WithholdsDocuments"}) || c.Status != casework.FollowUp ||
		c.TraffickingStatus != "PossibleVictimOfTrafficking" {
		t.Fatalf("%+v", c)
	}
	wantNotice(t, rep, NoticeValueLabel, fGender, 1)
}
