package htcds

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Invented people and places of the Nigeria - Niger - Libya - France
// corridors; no real person.
var (
	givenNames  = []string{"Blessing", "Joy", "Precious", "Osas", "Efosa", "Aïssata", "Hadiza", "Moussa", "Mariama", "Ifeoma", "Chidinma", "Amina", "Zeinabou", "Ousmane", "Favour", "Gift", "Ngozi", "Halima", "Abdou", "Fatouma"}
	familyNames = []string{"Osagie", "Igbinedion", "Omoregie", "Ehigiator", "Okonkwo", "Adeyemi", "Issoufou", "Mahamadou", "Abdoulaye", "Garba", "Diallo", "Ogbeide", "Uwadiae", "Moumouni", "Saidou", "Nwosu", "Eze", "Hamani", "Aliyu", "Bello"}
	origins     = []struct{ place, a3, a2, name string }{
		{"Benin City", "NGA", "NG", "Nigeria"}, {"Lagos", "NGA", "NG", "Nigeria"}, {"Kano", "NGA", "NG", "Nigeria"},
		{"Zinder", "NER", "NE", "Niger"}, {"Niamey", "NER", "NE", "Niger"}, {"Maradi", "NER", "NE", "Niger"},
	}
	transits = []struct{ place, a3 string }{{"Agadez", "NER"}, {"Sabha", "LBY"}, {"Arlit", "NER"}}
	targets  = []struct{ place, a3, a2, name string }{
		{"Paris", "FRA", "FR", "France"}, {"Lyon", "FRA", "FR", "France"}, {"Marseille", "FRA", "FR", "France"},
		{"Nice", "FRA", "FR", "France"}, {"Castel Volturno", "ITA", "IT", "Italy"},
	}
)

var testToday = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func intp(i int) *int { return &i }

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// somePick returns 0..max distinct values of xs in their list order.
func somePick(r *rand.Rand, xs []string, max int) []string {
	var out []string
	for _, x := range xs {
		if len(out) < max && r.IntN(len(xs)) < max {
			out = append(out, x)
		}
	}
	return out
}

// genCase invents a valid case.
func genCase(r *rand.Rand, i int) casework.Case {
	o, t := pick(r, origins), pick(r, targets)
	c := casework.Case{
		Person: casework.Person{
			GivenName: pick(r, givenNames), FamilyName: pick(r, familyNames),
			BirthDate: fmt.Sprintf("%04d-%02d-%02d", 1975+r.IntN(30), 1+r.IntN(12), 1+r.IntN(28)),
			Phone:     fmt.Sprintf("+234 80%d %03d %04d", r.IntN(10), r.IntN(1000), i%10000),
			Email:     fmt.Sprintf("person%d@example.org", i),
		},
		Gender: pick(r, casework.Genders), Citizenship: o.a3, AgeWhenTrafficked: intp(12 + r.IntN(30)),
		TraffickingStatus: pick(r, casework.TraffickingStatuses), StatusDecidedBy: pick(r, casework.DecisionMakingOrgs),
		Relationship:       pick(r, casework.Relationships),
		RecruitmentMethods: somePick(r, casework.RecruitmentMethods, 2),
		MethodsOfControl:   somePick(r, casework.MethodsOfControl, 3),
		Exploitation:       somePick(r, casework.ExploitationTypes, 2),
		SexExploitation:    somePick(r, casework.SexExploitationTypes, 1),
		RecruitmentPlace:   o.place,
		Status:             casework.Status(pick(r, casework.Statuses)),
		Events: []casework.Event{
			{Kind: "recruitment", Country: o.a3, Place: o.place, Date: fmt.Sprintf("%d-%02d", 2015+r.IntN(8), 1+r.IntN(12))},
			{Kind: "transit", Country: pick(r, transits).a3, Place: pick(r, transits).place},
			{Kind: "exploitation", Country: t.a3, Place: t.place},
		},
	}
	if r.IntN(3) == 0 {
		c.LabourIndustry = pick(r, casework.LabourIndustries)
	}
	if r.IntN(4) == 0 {
		c.Person.OtherNames = pick(r, givenNames)
		c.Person.IdentityNumber = "A" + strconv.Itoa(10000000+i)
		c.Person.Address = fmt.Sprintf("%d rue des Lilas, 69007 Lyon", 1+r.IntN(90))
	}
	if r.IntN(10) == 0 {
		c.AgeWhenTrafficked, c.PresumedMinor = nil, true
	}
	if c.Status.IsClosed() {
		c.ClosureStatus, c.ClosureReason = c.Status, "Returned to her family in Benin City with IOM support"
	}
	return c
}

func genCases(n int, seed uint64) []casework.Case {
	r := rand.New(rand.NewPCG(seed, 7))
	out := make([]casework.Case, n)
	for i := range out {
		out[i] = genCase(r, i)
	}
	return out
}

// templateRow writes an invented case as an NGO fills the real v2.0
// template by hand: labels rather than value names, alpha-2 codes or
// country names, DD/MM/YYYY dates, "Place, Country" locations, the
// XLSForm's "DebtBondage ", and the template's own columns (owner,
// consent, referral) that Passerelle reports and does not keep.
func templateRow(r *rand.Rand, i int, xlsx bool) map[string]any {
	o, t := pick(r, origins), pick(r, targets)
	row := map[string]any{
		"":                                      i,
		fCaseOwner:                              "Awa Traoré",
		fFirstName:                              pick(r, givenNames),
		fSecondName:                             pick(r, familyNames),
		fConsent:                                "TRUE",
		fGender:                                 pick(r, []string{"Feminine", "Masculine", "Transgender Feminine", "Not Specified/Unknown"}),
		fCitizenship:                            pick(r, []string{o.a2, o.name}),
		fEmail:                                  fmt.Sprintf("p%d@example.org", i),
		fMobilePhone:                            fmt.Sprintf("+227 9%d %02d %02d %02d", r.IntN(10), r.IntN(100), r.IntN(100), r.IntN(100)),
		fMailingCity:                            "Lyon",
		fMailingCountry:                         "France",
		fMailingStreet:                          fmt.Sprintf("%d avenue Jean Jaurès", 1+r.IntN(200)),
		fMailingPostalCode:                      "69007",
		fTraffickingStatus:                      pick(r, []string{"Possible victim of trafficking", "ActualVictimOfTrafficking"}),
		"vic_TraffickinStatusDecisionMakingOrg": pick(r, []string{"NGO", "Police", "Court or prosecution"}),
		fRecruitment:                            pick(r, []string{"Through friends or social events", "ThroughOnlineSocialNetworks;AtWork"}),
		fRecruitmentPlace:                       o.place + ", " + o.name,
		fControl:                                pick(r, []string{"DebtBondage ;WithholdsDocuments", "Debt bondage;Physical threats", "FalsePromises"}),
		fExploitation:                           pick(r, []string{"Sexual exploitation", "ForcedLabour;ForcedBegging", "Forced labour"}),
		fExploitationPlace:                      t.place + ", " + t.name,
		fStatus:                                 pick(r, []string{"Active", "Follow Up"}),
		fReferringOrg:                           "Association Accueil Niamey",
		"Reason for Outgoing Referral":          "",
	}
	if strings.Contains(row[fExploitation].(string), "abour") && r.IntN(2) == 0 {
		row[fIndustry] = pick(r, []string{"Agriculture, forestry and fishing", "Water supply; sewerage, waste management and remediation", "F_Construction"})
	}
	if strings.HasPrefix(row[fExploitation].(string), "Sexual") {
		row[fSexExploitation] = "Prostitution"
	}
	birth := time.Date(1980+r.IntN(25), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	switch {
	case xlsx && i%2 == 0:
		row[fBirthdate] = birth // a real date cell
	case i%3 == 0:
		row[fBirthdate] = birth.Format("2006-01-02")
	default:
		row[fBirthdate] = birth.Format("02/01/2006")
	}
	return row
}

// writeTemplateXLSX makes a workbook shaped like the real v2.0 template:
// Sheet1, row 1 (hidden) field names, row 2 labels, with all the
// template's quirks (they are in Template), then the rows.
func writeTemplateXLSX(tb testing.TB, header []Column, rows []map[string]any) []byte {
	tb.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		tb.Fatal(err)
	}
	names, labels := make([]any, len(header)), make([]any, len(header))
	for i, c := range header {
		names[i], labels[i] = c.Name, c.Label
	}
	if err := sw.SetRow("A1", names, excelize.RowOpts{Hidden: true}); err != nil {
		tb.Fatal(err)
	}
	if err := sw.SetRow("A2", labels); err != nil {
		tb.Fatal(err)
	}
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for j, row := range rows {
		cells := make([]any, len(header))
		for i, c := range header {
			key := c.Name
			if key == "" && c.Label != "" {
				key = c.Label
			}
			v, ok := row[key]
			if !ok {
				continue
			}
			if d, isDate := v.(time.Time); isDate {
				cells[i] = excelize.Cell{StyleID: dateStyle, Value: d}
				continue
			}
			cells[i] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, j+3)
		if err := sw.SetRow(cell, cells); err != nil {
			tb.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		tb.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}

// templateCSV writes rows under the template header as CSV.
func templateCSV(header []Column, rows [][]string) []byte {
	var b strings.Builder
	line := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteByte(',')
			}
			if strings.ContainsAny(c, ",\"\n;") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteString("\r\n")
	}
	names, labels := make([]string, len(header)), make([]string, len(header))
	for i, c := range header {
		names[i], labels[i] = c.Name, c.Label
	}
	line(names)
	line(labels)
	for _, r := range rows {
		line(r)
	}
	return []byte(b.String())
}

// csvRow places values by field name (or label for the unnamed column) in
// the template's columns.
func csvRow(header []Column, n int, vals map[string]string) []string {
	out := make([]string, len(header))
	out[0] = strconv.Itoa(n)
	for i, c := range header {
		key := c.Name
		if key == "" {
			key = c.Label
		}
		if v, ok := vals[key]; ok && key != "" {
			out[i] = v
		}
	}
	return out
}
