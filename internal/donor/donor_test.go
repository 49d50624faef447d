package donor

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

var today = time.Date(2026, 6, 30, 12, 0, 0, 0, time.UTC)

func TestRequest(t *testing.T) {
	r := Request{}
	r.Normalise(today)
	if r.From != "2026-01-01" || r.To != "2026-06-30" || r.Scope != ScopeOrganisation || r.Validate(today) != nil {
		t.Fatalf("defaults %+v: %v", r, r.Validate(today))
	}
	for _, c := range []struct {
		r           Request
		field, rule string
	}{
		{Request{From: "2026-02-30", To: "2026-03-01", Scope: ScopeNetwork}, "from", "date"},
		{Request{From: "2026", To: "2026-03-01", Scope: ScopeNetwork}, "from", "date"},
		{Request{From: "2026-01-01", To: "2026-07-01", Scope: ScopeNetwork}, "to", "future_date"},
		{Request{From: "2026-03-01", To: "2026-02-01", Scope: ScopeNetwork}, "to", "date_order"},
		{Request{From: "2010-01-01", To: "2026-02-01", Scope: ScopeNetwork}, "from", RulePeriod},
		{Request{From: "2026-01-01", To: "2026-02-01", Scope: "country"}, "scope", valid.RuleOneOf},
	} {
		var es valid.Errors
		if err := c.r.Validate(today); err == nil || !asErrors(err, &es) || !es.Has(c.field, c.rule) {
			t.Errorf("%+v: %v, want %s %s", c.r, err, c.field, c.rule)
		}
	}
	r = Request{From: "2026-01-01", To: "2026-03-31"}
	for d, want := range map[string]bool{"2026-03-31": true, "2026-04-01": false, "2026-02": true, "2025-12-31": false, "2026": true, "": false} {
		if r.Within(d) != want {
			t.Errorf("Within(%q) = %v", d, !want)
		}
	}
}

func asErrors(err error, es *valid.Errors) bool {
	e, ok := err.(valid.Errors)
	*es = e
	return ok
}

// input is a small register: 30 women 18-29 in sexual exploitation, 12 boys
// 9-17 in forced begging, 2 girls 0-8 in forced labour (a cell under k), 3
// people left out; services 15 shelters, 11 legal aid, 3 health care.
func input() Input {
	var in Input
	add := func(n int, g, age, x string) {
		for range n {
			in.Cases = append(in.Cases, CaseFact{Gender: g, AgeGroup: age, Exploitation: []string{x}})
		}
	}
	add(30, "Feminine", "18-29", "SexualExploitation")
	add(12, "Masculine", "9-17", "ForcedBegging")
	add(2, "Feminine", "0-8", "ForcedLabour")
	in.Excluded = 3
	for i := range 17 {
		in.Participants = append(in.Participants, []string{"police", "judge"}[min(i/14, 1)])
	}
	in.Campaigns = []string{"local", "local"}
	for _, s := range []struct {
		t string
		n int
	}{{"shelter", 15}, {"legal_assistance", 11}, {"health", 3}} {
		for range s.n {
			in.Services = append(in.Services, s.t)
		}
	}
	return in
}

func tr(lang string) Translator {
	return func(code string, p map[string]any) string { return i18n.T(lang, code, p) }
}

// TestBuildProtects: every figure of the report went through disclosure
// control: no released count between 1 and k-1, the small cell of two girls
// is hidden and cannot be recovered from the released gender margin and the
// other cells.
func TestBuildProtects(t *testing.T) {
	req := Request{From: "2026-01-01", To: "2026-06-30", Scope: ScopeOrganisation}
	rep, err := Build(req, input(), disclosure.DefaultPolicy(), today)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Sections) != 5 || rep.Counted != 44 || rep.Excluded != 3 {
		t.Fatalf("report %+v", rep)
	}
	for _, s := range rep.Sections {
		check := func(what string, c *int64) {
			if c != nil && *c > 0 && *c < disclosure.DefaultK {
				t.Errorf("%s: %s released as %d", s.ID, what, *c)
			}
		}
		for _, c := range s.Release.Cells {
			check(strings.Join(c.Values, ","), c.Count)
		}
		for _, m := range s.Release.Margins {
			check(m.Var+"="+m.Value, m.Count)
		}
		check("total", s.Release.Total.Count)
	}
	ga := rep.Sections[0].Release
	fem, _ := ga.Margin("gender", "Feminine")
	var big *int64
	for _, c := range ga.Cells {
		if slices.Equal(c.Values, []string{"Feminine", "18-29"}) {
			big = c.Count
		}
	}
	if fem.Count != nil && big != nil {
		t.Fatalf("the two girls are recoverable: women %d, women 18-29 %d", *fem.Count, *big)
	}
}

// TestPDFInBothLanguages: the PDF's text (read back from its streams) holds
// the title, the headings, each released figure beside its label, the
// method under each table and the notes, in English and in French with its
// accents.
func TestPDFInBothLanguages(t *testing.T) {
	req := Request{From: "2026-01-01", To: "2026-06-30", Scope: ScopeNetwork}
	rep, err := Build(req, input(), disclosure.DefaultPolicy(), today)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]string{
		"en": {"Report to donors", "Scope: the whole network", "Period: 2026-01-01 to 2026-06-30",
			"People identified, by gender and age", "Services delivered", "Shelter", "15", "Legal assistance", "11",
			"(k = 11)", "3 people identified in the period are left out",
			"Trainings of professionals", "Police", "Total", "17", "Prevention campaigns", "[c]"},
		"fr": {"Rapport aux bailleurs", "Périmètre : tout le réseau", "Période : du 2026-01-01 au 2026-06-30",
			"Personnes identifiées, par genre et par âge", "Services rendus", "Hébergement", "15", "Établi le 2026-06-30",
			"3 personnes identifiées pendant la période sont écartées", "[c]"},
	}
	for lang, wants := range want {
		v := rep.View(tr(lang))
		var buf bytes.Buffer
		if err := WritePDF(&buf, v, lang); err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) || !bytes.Contains(buf.Bytes(), []byte("/MediaBox [0 0 595.28 841.89]")) {
			t.Fatalf("%s: not an A4 PDF", lang)
		}
		pieces := pdfText(t, buf.Bytes())
		text := strings.Join(pieces, " ") // wrapped lines read as one
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the PDF lacks %q:\n%s", lang, w, text)
			}
		}
		// Every row of every table is in the PDF as printed: its label
		// and its figure side by side.
		for _, s := range v.Sections {
			if !slices.Contains(pieces, s.Method) && !strings.Contains(strings.Join(pieces, " "), s.Method) {
				t.Errorf("%s: method of %s missing", lang, s.ID)
			}
			for _, tb := range s.Tables {
				for _, row := range tb.Rows {
					found := false
					for i := range pieces {
						found = found || i+len(row) <= len(pieces) && slices.Equal(pieces[i:i+len(row)], row)
					}
					if !found {
						t.Errorf("%s: row %q not printed as one line", lang, row)
					}
					if n, err := strconv.Atoi(row[len(row)-1]); err == nil && n > 0 && n < disclosure.DefaultK {
						t.Errorf("%s: %q prints a count under k", lang, row)
					}
				}
			}
		}
	}
}
