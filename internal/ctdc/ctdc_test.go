package ctdc

import (
	"bytes"
	"encoding/csv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/country"
)

func intp(n int) *int { return &n }

// TestFromCase: one case's row, column by column.
func TestFromCase(t *testing.T) {
	c := casework.Case{
		Gender: "Feminine", Citizenship: "NER", AgeWhenTrafficked: intp(16),
		CreatedAt:        time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC),
		MethodsOfControl: []string{"TakesEarnings", "ThreatensChildrenFamily", "WithholdsDocuments"},
		Exploitation:     []string{"ForcedBegging", "SexualExploitation"},
		LabourIndustry:   "T_ActivitiesOfHouseholdsAsEmployers",
		SexExploitation:  []string{"Pornography"},
		Relationship:     "Familial",
		Events: []casework.Event{{Kind: "recruitment", Country: "NER"}, {Kind: "exploitation", Country: "LBY"},
			{Kind: "transit", Country: "ITA"}, {Kind: "exploitation", Country: "FRA"}},
	}
	r := FromCase(c)
	want := map[string]string{
		ColYear: "2024", ColGender: Woman, ColAge: "9--17", ColCitizenship: "NER", ColExploitationCountry: "FRA",
		"meansDebtBondageEarnings": "1", "meansThreats": "1", "meansWithholdDocs": "1",
		"isForcedLabour": "1", "isSexualExploit": "1", "typeOfLabourDomesticWork": "1",
		"typeOfSexPornography": "1", "recruiterRelationFamily": "1",
	}
	for i, col := range Columns {
		if r[i] != want[col] {
			t.Errorf("%s = %q, want %q", col, r[i], want[col])
		}
	}
	if got := FromCase(casework.Case{Gender: "NonSpecifiedUnknown", PresumedMinor: true}); slices.ContainsFunc(got, func(s string) bool { return s != "" }) {
		t.Errorf("a case with nothing known: %q", got)
	}
}

// TestAgeBands: every age falls in the CTDC band that holds it.
func TestAgeBands(t *testing.T) {
	for age, want := range map[int]string{0: "0--8", 8: "0--8", 9: "9--17", 17: "9--17", 18: "18--20", 23: "21--23",
		29: "27--29", 30: "30--38", 47: "39--47", 48: "48+", 120: "48+"} {
		if got := ageBand(&age); got != want {
			t.Errorf("%d: %q, want %q", age, got, want)
		}
	}
	for _, c := range []struct{ v, l1, l2 string }{{"0--8", "0--17", "0--17"}, {"9--17", "0--17", "0--17"},
		{"21--23", "18--29", "18+"}, {"39--47", "30--47", "18+"}, {"48+", "48+", "18+"}} {
		if genAge(1, c.v) != c.l1 || genAge(2, c.v) != c.l2 || genAge(3, c.v) != "" {
			t.Errorf("%s: %q %q", c.v, genAge(1, c.v), genAge(2, c.v))
		}
	}
	if genYear(1, "2023") != "2022-2023" || genYear(2, "2023") != "2020-2023" || genYear(3, "2023") != "" {
		t.Errorf("years: %q %q", genYear(1, "2023"), genYear(2, "2023"))
	}
}

// TestEveryHTCDSValueMapped: every value casework offers either sets a CTDC
// flag or is named here as having no CTDC counterpart.
func TestEveryHTCDSValueMapped(t *testing.T) {
	unmapped := map[string]bool{"Other": true} // methods of control: CTDC dropped meansOfControlOther in 2024
	check := func(name string, values []string, groups map[string][]string, skip map[string]bool) {
		for _, v := range values {
			found := false
			for _, vs := range groups {
				found = found || slices.Contains(vs, v)
			}
			if !found && !skip[v] {
				t.Errorf("%s: %s sets no CTDC column", name, v)
			}
		}
	}
	check("methods of control", casework.MethodsOfControl, meansOf, unmapped)
	check("exploitation", casework.ExploitationTypes, exploitationOf, nil)
	check("relationship", casework.Relationships, recruiterOf, nil)
	check("sex exploitation", casework.SexExploitationTypes, sexOf,
		map[string]bool{"RemoteInteractiveServices": true, "PrivateSexualServices": true})
	for g := range genders {
		if !slices.Contains(casework.Genders, g) {
			t.Errorf("gender %s is not an HTCDS value", g)
		}
	}
	for _, groups := range []map[string][]string{meansOf, exploitationOf, labourOf, sexOf, recruiterOf} {
		for col := range groups {
			if _, ok := colIndex[col]; !ok {
				t.Errorf("%s is not a CTDC column", col)
			}
		}
	}
}

// TestRegions: M49 sub-regions and regions from CLDR, and every current
// country but Antarctica has both.
func TestRegions(t *testing.T) {
	for code, want := range map[string][2]string{"NER": {"011", "002"}, "NGA": {"011", "002"}, "FRA": {"155", "150"},
		"LBY": {"015", "002"}, "MEX": {"013", "019"}, "USA": {"021", "019"}, "HTI": {"029", "019"},
		"VNM": {"035", "142"}, "ROU": {"151", "150"}, "ITA": {"039", "150"}, "FJI": {"054", "009"}} {
		if got := [2]string{SubRegion(code), Region(code)}; got != want {
			t.Errorf("%s: %v, want %v", code, got, want)
		}
	}
	for _, c := range country.Codes {
		if (SubRegion(c) == "" || Region(c) == "") && c != "ATA" {
			t.Errorf("%s has no M49 sub-region or region", c)
		}
	}
}

// genRows makes n rows from generated cases: skewed like a register (a few
// corridors hold most victims, a long tail of rare countries and ages).
func genRows(rng *rand.Rand, n int) []Row {
	common := []string{"NER", "NGA", "MLI", "FRA", "ITA"}
	rows := make([]Row, n)
	for i := range rows {
		c := casework.Case{CreatedAt: time.Date(2015+rng.IntN(10), 1, 1, 0, 0, 0, 0, time.UTC)}
		if rng.IntN(10) > 0 {
			c.Gender = casework.Genders[rng.IntN(len(casework.Genders))]
		}
		if rng.IntN(8) > 0 {
			c.AgeWhenTrafficked = intp(rng.IntN(70))
		}
		pick := func() string {
			if rng.IntN(4) == 0 {
				return country.Codes[rng.IntN(len(country.Codes))]
			}
			return common[rng.IntN(len(common))]
		}
		if rng.IntN(10) > 0 {
			c.Citizenship = pick()
		}
		if rng.IntN(3) > 0 {
			c.Events = []casework.Event{{Kind: "exploitation", Country: pick()}}
		}
		c.Exploitation = []string{casework.ExploitationTypes[rng.IntN(len(casework.ExploitationTypes))]}
		c.MethodsOfControl = []string{casework.MethodsOfControl[rng.IntN(len(casework.MethodsOfControl))]}
		rows[i] = FromCase(c)
	}
	return rows
}

// qiKey is the QI part of a row.
func qiKey(r []string) string { return strings.Join(r[:len(QIs)], "|") }

// TestKAnonymityProperty: over generated registers of many sizes and k,
// every combination of QIs in the file occurs at least k times; the counts
// of the report add up; the other columns are the input's, untouched; every
// released QI value is a value of the level the report names.
func TestKAnonymityProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 11))
	for trial := range 40 {
		n := []int{0, 1, 5, 10, 11, 12, 30, 100, 400, 1500}[trial%10]
		k := []int{2, 5, 11, 25}[trial%4]
		in := genRows(rng, n)
		out, rep := Anonymise(in, Options{K: k})
		var buf bytes.Buffer
		if err := WriteCSV(&buf, out); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(recs[0], Columns) || len(recs)-1 != rep.Written {
			t.Fatalf("n=%d k=%d: header %v, %d rows for %d written", n, k, recs[0], len(recs)-1, rep.Written)
		}
		groups := map[string]int{}
		for _, r := range recs[1:] {
			groups[qiKey(r)]++
		}
		for g, c := range groups {
			if c < k {
				t.Errorf("n=%d k=%d: %q occurs %d times", n, k, g, c)
			}
		}
		if rep.Cases != n || rep.Written+rep.RowsRemoved != n || rep.K != k {
			t.Errorf("n=%d k=%d: report %+v", n, k, rep)
		}
		// The non-QI columns of the rows kept are the input's.
		rest := func(rows []Row) []string {
			var s []string
			for _, r := range rows {
				s = append(s, strings.Join(r[len(QIs):], "|"))
			}
			slices.Sort(s)
			return s
		}
		if rep.RowsRemoved == 0 && !slices.Equal(rest(in), rest(out)) {
			t.Errorf("n=%d k=%d: the other columns changed", n, k)
		}
		for _, r := range out {
			for q, l := range rep.Levels {
				if r[q] != "" && !valueOfLevel(q, l.Level, r[q]) {
					t.Errorf("n=%d k=%d: %s %q is not a value of level %d", n, k, QIs[q], r[q], l.Level)
				}
			}
		}
	}
}

// valueOfLevel reports whether v is a value the hierarchy of QI q gives at
// level.
func valueOfLevel(q, level int, v string) bool {
	h := hierarchies[q]
	if level >= h.height {
		return false
	}
	switch h.column {
	case ColYear:
		if level == 0 {
			_, err := strconv.Atoi(v)
			return err == nil
		}
		a, b, ok := strings.Cut(v, "-")
		x, _ := strconv.Atoi(a)
		y, _ := strconv.Atoi(b)
		return ok && y-x+1 == 2*level && x%(2*level) == 0
	case ColGender:
		return v == Man || v == Woman || v == Trans
	case ColAge:
		for _, b := range AgeBands {
			if genAge(level, b.Band) == v {
				return true
			}
		}
		return false
	}
	switch level {
	case 0:
		return country.Accepted(v)
	case 1:
		return slices.ContainsFunc(SubRegions, func(m int) bool { return v == pad(m) })
	}
	return slices.ContainsFunc(Regions, func(m int) bool { return v == pad(m) })
}

func pad(m int) string { s := strconv.Itoa(m); return strings.Repeat("0", 3-len(s)) + s }

// TestLeastLoss: a register already k-anonymous is released unchanged; one
// rare citizenship of a common sub-region generalises citizenship rather
// than suppressing eleven rows; k above the register's size leaves nothing.
func TestLeastLoss(t *testing.T) {
	row := func(cit string) Row {
		return FromCase(casework.Case{Gender: "Feminine", Citizenship: cit, AgeWhenTrafficked: intp(25),
			CreatedAt: time.Date(2023, 5, 1, 0, 0, 0, 0, time.UTC), Events: []casework.Event{{Kind: "exploitation", Country: "FRA"}}})
	}
	var in []Row
	for range 11 {
		in = append(in, row("NER"), row("NGA"))
	}
	out, rep := Anonymise(in, Options{})
	if rep.Loss != 0 || rep.RowsSuppressed != 0 || len(out) != 22 || out[0][3] != "NER" && out[0][3] != "NGA" {
		t.Errorf("k-anonymous input changed: %+v", rep)
	}
	in = in[:21] // 11 NER, 10 NGA
	in = append(in, row("MLI"))
	out, rep = Anonymise(in, Options{})
	if rep.Levels[3].Level != 1 || rep.Levels[0].Level != 0 || rep.RowsSuppressed != 0 || out[0][3] != "011" {
		t.Errorf("levels %+v, suppressed %d, first row %q", rep.Levels, rep.RowsSuppressed, out[0])
	}
	if rep.Columns[3].Generalised != 22 || rep.Columns[0].Generalised != 0 {
		t.Errorf("columns %+v", rep.Columns)
	}
	out, rep = Anonymise(in[:5], Options{})
	if len(out) != 0 || rep.RowsRemoved != 5 {
		t.Errorf("5 rows under k=11: %d written, %+v", len(out), rep)
	}
}

func TestOptions(t *testing.T) {
	o := Options{}
	o.Normalise()
	if o.K != DefaultK || o.Validate() != nil {
		t.Errorf("default %+v", o)
	}
	for _, k := range []int{1, -3, MaxK + 1} {
		if err := (Options{K: k}).Validate(); err == nil {
			t.Errorf("k=%d accepted", k)
		}
	}
}

// TestSearchIsExhaustive: the search over groups finds a node as good as
// evaluating every node over the rows.
func TestSearchIsExhaustive(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 8))
	for trial := range 12 {
		rows := genRows(rng, []int{15, 60, 300}[trial%3])
		rows = append(rows, FromCase(casework.Case{Citizenship: "ATA", Events: []casework.Event{{Kind: "exploitation", Country: "ATA"}}}))
		k := []int{2, 5, 11, 20}[trial%4]
		l := newLattice(rows)
		counts := map[key]int{}
		at, ok := l.search(k)
		if !ok {
			t.Fatal("the hierarchies do not nest")
		}
		got, want := l.evaluate(at, k, counts), l.evaluate(l.exhaustive(k, counts), k, counts)
		if d := got.loss - want.loss; d > 1e-9 || d < -1e-9 || got.suppressed != want.suppressed && d != 0 {
			t.Errorf("trial %d: search %v loss %.4f, exhaustive %v loss %.4f", trial, got.at, got.loss, want.at, want.loss)
		}
	}
}

// TestNoDirectIdentifiers: cases whose every personal field, place, code and
// date holds a distinct marker give a file in which no marker appears,
// whatever k.
func TestNoDirectIdentifiers(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 4))
	mark := func() string { return "ZQ" + strconv.FormatUint(rng.Uint64(), 36) }
	var markers []string
	var rows []Row
	for i := range 300 {
		c := casework.Case{Code: mark(), Gender: casework.Genders[i%len(casework.Genders)], Citizenship: []string{"NER", "NGA", "FRA"}[i%3],
			AgeWhenTrafficked: intp(i % 60), CreatedAt: time.Date(2020+i%5, 3, 1, 0, 0, 0, 0, time.UTC),
			Person: casework.Person{GivenName: mark(), FamilyName: mark(), OtherNames: mark(), BirthDate: "1987-11-23", Phone: mark(),
				Email: mark() + "@example.org", Address: mark(), IdentityNumber: mark(), Narrative: mark()},
			RecruitmentPlace: mark(), ClosureReason: mark(),
			Events: []casework.Event{{Kind: "exploitation", Country: "ITA", Place: mark(), Date: "2019-07-14"}}}
		p := c.Person
		markers = append(markers, c.Code, p.GivenName, p.FamilyName, p.OtherNames, p.Phone, p.Email, p.Address, p.IdentityNumber,
			p.Narrative, c.RecruitmentPlace, c.ClosureReason, c.Events[0].Place)
		rows = append(rows, FromCase(c))
	}
	markers = append(markers, "1987", "2019-07", "ZQ")
	for _, k := range []int{2, 11} {
		out, _ := Anonymise(rows, Options{K: k})
		var buf bytes.Buffer
		if err := WriteCSV(&buf, out); err != nil {
			t.Fatal(err)
		}
		for _, m := range markers {
			if bytes.Contains(buf.Bytes(), []byte(m)) {
				t.Fatalf("k=%d: the file holds %q", k, m)
			}
		}
	}
}
