package legislation

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// named are the articles the catalogue must cover, by instrument: the
// Protocol's definition, criminalisation, protection, status, return,
// prevention, cooperation, borders and documents, and the Convention's
// identification, assistance, reflection period, residence permit,
// compensation and non-punishment.
var named = map[Instrument][]string{
	Palermo: {"3", "5", "6", "7", "8", "9", "10", "11", "12", "13"},
	CoE:     {"10", "12", "13", "14", "15", "26"},
}

// TestEveryNamedArticleCovered: each article named has at least one
// requirement with a non-empty title and explanation in every language.
func TestEveryNamedArticleCovered(t *testing.T) {
	for inst, arts := range named {
		for _, art := range arts {
			n := 0
			for _, r := range Requirements() {
				if r.Instrument != inst || r.Article != art {
					continue
				}
				n++
				for _, lang := range i18n.Languages {
					for _, id := range []string{r.TitleID(), r.ExplanationID(), r.InstrumentID()} {
						if !i18n.Has(lang, id) || strings.TrimSpace(i18n.T(lang, id, nil)) == "" {
							t.Errorf("%s: %s missing or empty in %s", r.ID, id, lang)
						}
					}
				}
			}
			if n == 0 {
				t.Errorf("%s article %s: no requirement", inst, art)
			}
		}
	}
	// The Protocol's sub-rules the mission names are there by id.
	for _, id := range []string{"palermo-3-child", "palermo-3-consent", "palermo-5-attempt", "palermo-5-participation",
		"palermo-5-organising", "palermo-6-privacy", "palermo-6-proceedings", "palermo-6-housing", "palermo-6-counselling",
		"palermo-6-medical", "palermo-6-employment", "palermo-6-safety", "palermo-6-compensation",
		"palermo-10-information", "palermo-10-training", "coe-13-reflection", "coe-26-non-punishment"} {
		if _, ok := Lookup(id); !ok {
			t.Errorf("%s not in the catalogue", id)
		}
	}
}

// stableIDs are ids assessments already store: they must stay.
var stableIDs = []string{"palermo-3-definition", "palermo-5-offence", "palermo-7-residence", "palermo-8-repatriation",
	"palermo-9-prevention", "palermo-11-border", "palermo-12-documents", "palermo-13-verification",
	"coe-10-identification", "coe-12-assistance", "coe-14-residence", "coe-15-compensation"}

// TestCatalogueIDs: ids are unique, short, lower-case codes that start with
// their instrument and article, and the ones stored stay.
func TestCatalogueIDs(t *testing.T) {
	shape := regexp.MustCompile(`^[a-z]+-[0-9]+-[a-z-]+$`)
	seen := map[string]bool{}
	for _, r := range Requirements() {
		if seen[r.ID] {
			t.Errorf("%s twice", r.ID)
		}
		seen[r.ID] = true
		if !shape.MatchString(r.ID) || len(r.ID) > MaxRequirementID || !strings.HasPrefix(r.ID, string(r.Instrument)+"-"+r.Article+"-") {
			t.Errorf("id %q does not say its instrument and article (%s %s)", r.ID, r.Instrument, r.Article)
		}
	}
	for _, id := range stableIDs {
		if !seen[id] {
			t.Errorf("stable id %s is gone", id)
		}
	}
	if !slices.Equal(RequirementIDs()[:3], []string{"palermo-3-definition", "palermo-3-consent", "palermo-3-child"}) {
		t.Errorf("catalogue order changed: %v", RequirementIDs()[:3])
	}
	// The messages for statuses and changes exist too.
	for _, lang := range i18n.Languages {
		for _, s := range Statuses {
			if !i18n.Has(lang, StatusMessage(s)) {
				t.Errorf("%s missing in %s", StatusMessage(s), lang)
			}
		}
		for _, c := range Changes {
			if !i18n.Has(lang, ChangeMessage(c)) {
				t.Errorf("%s missing in %s", ChangeMessage(c), lang)
			}
		}
		for _, r := range Rules {
			if !i18n.Has(lang, "legislation.error."+r) || !i18n.Has(lang, "api.rule."+r) {
				t.Errorf("messages of rule %s missing in %s", r, lang)
			}
		}
	}
}

// TestParseCatalogueRefuses: the loader refuses what readers could not use.
func TestParseCatalogueRefuses(t *testing.T) {
	for name, src := range map[string]string{
		"duplicate":          "[[requirement]]\nid='a-1-x'\ninstrument='coe'\narticle='1'\n[[requirement]]\nid='a-1-x'\ninstrument='coe'\narticle='1'\n",
		"unknown instrument": "[[requirement]]\nid='a-1-x'\ninstrument='ilo'\narticle='1'\n",
		"no article":         "[[requirement]]\nid='a-1-x'\ninstrument='coe'\n",
		"unknown key":        "[[requirement]]\nid='a-1-x'\ninstrument='coe'\narticle='1'\ntitle='x'\n",
		"empty":              "",
	} {
		if _, err := parseCatalogue([]byte(src)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

// TestDraftAndItemRules checks the rules on their own (the store test checks
// that a refusal writes nothing).
func TestDraftAndItemRules(t *testing.T) {
	today := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	d := Draft{Country: " fra ", AssessedOn: "2026-03-10 ", Title: " Revue "}
	d.Normalise()
	if es := d.Validate(today); len(es) > 0 || d.Country != "FRA" || d.Title != "Revue" {
		t.Fatalf("today's assessment refused: %v %+v", es, d)
	}
	if es := (Draft{Country: "FRA", AssessedOn: "2026-03-11"}).Validate(today); !es.Has("assessed_on", RuleFutureDate) {
		t.Fatalf("tomorrow accepted: %v", es)
	}
	if es := (Draft{Country: "YUG", AssessedOn: "2026-03-01"}).Validate(today); !es.Has("country", RuleCountry) {
		t.Fatalf("a withdrawn country accepted for a new assessment: %v", es)
	}
	if es := (Draft{Country: "FRA", AssessedOn: "2026-3-1"}).Validate(today); !es.Has("assessed_on", RuleDate) {
		t.Fatalf("a short date accepted: %v", es)
	}
	if es := (ItemInput{RequirementID: "coe-13-reflection", Status: "unknown"}).Validate(); len(es) > 0 {
		t.Fatalf("unknown is a status one may record: %v", es)
	}
}

// TestGapsAndCompare: gaps are every requirement not in line, grouped by
// article; a comparison orders the assessments and classifies each move.
func TestGapsAndCompare(t *testing.T) {
	all := Requirements()
	old := Assessment{Country: "NER", AssessedOn: "2022-01-01", Items: []Item{
		{RequirementID: "palermo-3-definition", Status: Partly},
		{RequirementID: "palermo-3-consent", Status: InLine},
		{RequirementID: "coe-13-reflection", Status: InLine},
		{RequirementID: "coe-26-non-punishment", Status: NotInLine},
	}}
	gs := old.Gaps()
	if GapCount(gs) != len(all)-2 {
		t.Fatalf("gaps %d, want %d", GapCount(gs), len(all)-2)
	}
	if gs[0].Instrument != Palermo || gs[0].Article != "3" || len(gs[0].Findings) != 2 ||
		gs[0].Findings[0].Requirement.ID != "palermo-3-definition" || !gs[0].Findings[0].Recorded {
		t.Fatalf("first gap %+v", gs[0])
	}
	for _, g := range gs {
		for _, f := range g.Findings {
			if f.Item.Status == InLine || f.Requirement.Article != g.Article || f.Requirement.Instrument != g.Instrument {
				t.Fatalf("gap %s/%s holds %+v", g.Instrument, g.Article, f)
			}
		}
	}
	everything := Assessment{}
	for _, r := range all {
		everything.Items = append(everything.Items, Item{RequirementID: r.ID, Status: InLine})
	}
	if len(everything.Gaps()) != 0 {
		t.Fatal("an assessment with everything in line has gaps")
	}
	if n := everything.Tally()[InLine]; n != len(all) {
		t.Fatalf("tally %d", n)
	}

	recent := Assessment{Country: "NER", AssessedOn: "2025-06-30", Items: []Item{
		{RequirementID: "palermo-3-definition", Status: InLine},   // improved
		{RequirementID: "palermo-3-consent", Status: InLine},      // unchanged
		{RequirementID: "coe-13-reflection", Status: Partly},      // regressed
		{RequirementID: "coe-26-non-punishment", Status: Unknown}, // unassessed
		{RequirementID: "coe-14-residence", Status: NotInLine},    // assessed
	}}
	c, es := Compare(recent, old)
	if len(es) > 0 {
		t.Fatal(es)
	}
	if c.Earlier.AssessedOn != "2022-01-01" {
		t.Fatal("the earlier assessment is not first")
	}
	want := map[Change]int{Improved: 1, Regressed: 1, Assessed: 1, Unassessed: 1, Unchanged: len(all) - 4}
	for ch, n := range want {
		if c.Count(ch) != n {
			t.Errorf("%s: %d, want %d", ch, c.Count(ch), n)
		}
	}
	if m := c.Of(Regressed); len(m) != 1 || m[0].Requirement.ID != "coe-13-reflection" {
		t.Errorf("regressed %+v", m)
	}
	if _, es := Compare(old, Assessment{Country: "FRA"}); !es.Has("with", RuleSameCountry) {
		t.Errorf("two countries compared: %v", es)
	}
}
