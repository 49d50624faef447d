package identify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestEmbeddedCatalogues(t *testing.T) {
	want := map[string]struct {
		pop    Population
		counts [6]int
	}{
		// The adult labour counts are those of identification.md; the other
		// three lists are unverified reconstructions (their counts pin the
		// shipped data so that a change is deliberate).
		"adult_labour": {Adults, [6]int{10, 10, 16, 9, 15, 7}},
		"adult_sexual": {Adults, [6]int{10, 10, 16, 9, 15, 7}},
		"child_labour": {Children, [6]int{10, 10, 15, 8, 15, 7}},
		"child_sexual": {Children, [6]int{9, 10, 15, 7, 15, 7}},
	}
	set := Catalogues()
	if got := strings.Join(set.IDs(), ","); got != "adult_labour,adult_sexual,child_labour,child_sexual" {
		t.Fatalf("embedded catalogues = %s", got)
	}
	for id, w := range want {
		c := mustCatalogue(t, id)
		total := 0
		for d := 1; d <= 6; d++ {
			if got := c.Count(d); got != w.counts[d-1] {
				t.Errorf("%s dimension %d: %d indicators, want %d", id, d, got, w.counts[d-1])
			}
			total += c.Count(d)
		}
		if total != len(c.Indicators) {
			t.Errorf("%s: indicators outside dimensions 1-6", id)
		}
		if c.Population != w.pop {
			t.Errorf("%s population = %q", id, c.Population)
		}
		if c.Source.Document != "ILO WCMS_105023" || !strings.Contains(c.Source.Published, "2009") {
			t.Errorf("%s source = %+v", id, c.Source)
		}
		if c.Status.Code != "unverified" || c.Status.Labels["en"] != "awaiting verification against the ILO document" || c.Status.Labels["fr"] == "" {
			t.Errorf("%s status = %+v", id, c.Status)
		}
		if c.Version == "" || c.Source.Wording["en"] == "" || c.Source.Wording["fr"] == "" {
			t.Errorf("%s: version or wording note missing", id)
		}
	}
	if n := len(mustCatalogue(t, "adult_labour").Indicators); n != 67 {
		t.Errorf("adult labour has %d indicators, want 67", n)
	}
}

// TestAdultLabourGrades pins the strong and weak indicators that
// identification.md lists for the adult labour list.
func TestAdultLabourGrades(t *testing.T) {
	c := mustCatalogue(t, "adult_labour")
	want := map[Strength][]string{
		Strong: {"d1_deceived_nature_job", "d2_violence_victim", "d4_excessive_hours", "d5_confiscation_documents", "d5_debt_bondage", "d5_isolation_confinement", "d5_violence_victim"},
		Weak:   {"d1_deceived_education", "d3_cultural_beliefs", "d3_general_context", "d4_no_education", "d5_threat_inform_family", "d6_difficulties_past", "d6_personal_characteristics"},
	}
	for s, idList := range want {
		var got []string
		for _, ind := range c.Indicators {
			if ind.Strength == s {
				got = append(got, ind.ID)
			}
		}
		if strings.Join(got, " ") != strings.Join(idList, " ") {
			t.Errorf("%s indicators = %v, want %v", s, got, idList)
		}
	}
}

func validCatalogueJSON() map[string]any {
	return map[string]any{
		"id": "fr_national", "version": "1", "population": "adult", "exploitation": "labour",
		"title":  map[string]string{"en": "National form", "fr": "Formulaire national"},
		"source": map[string]any{"document": "Invented national form", "wording": map[string]string{"en": "invented for tests", "fr": "inventé pour les tests"}},
		"status": map[string]string{"code": "verified", "en": "verified", "fr": "vérifié"},
		"indicators": []any{
			map[string]any{"id": "a", "dimension": 1, "strength": "strong", "en": "A", "fr": "A fr"},
			map[string]any{"id": "b", "dimension": 4, "strength": "medium", "en": "B", "fr": "B fr"},
		},
	}
}

func encode(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestLoadCatalogueValid(t *testing.T) {
	c, err := LoadCatalogue(bytes.NewReader(encode(t, validCatalogueJSON())))
	if err != nil {
		t.Fatal(err)
	}
	if ind, ok := c.Indicator("b"); !ok || ind.Dimension != 4 {
		t.Errorf("Indicator(b) = %+v %v", ind, ok)
	}
	set, err := NewCatalogueSet(c)
	if err != nil {
		t.Fatal(err)
	}
	// A replacement catalogue drives parsing and assessment.
	f, err := ParseFactsWith(strings.NewReader(`{"indicators":{"catalogue":"fr_national","present":["a","b"]}}`), set)
	if err != nil {
		t.Fatal(err)
	}
	r, err := AssessWith(f, set)
	if err != nil || r.ILO == nil || strings.Join(r.ILO.Dimensions[0].Strong, ",") != "a" || strings.Join(r.ILO.Dimensions[3].Medium, ",") != "b" {
		t.Errorf("AssessWith national catalogue = %+v, %v", r.ILO, err)
	}
	if _, err := ParseFactsWith(strings.NewReader(`{"indicators":{"catalogue":"adult_labour"}}`), set); err == nil {
		t.Errorf("catalogue outside the set accepted")
	}
	if _, err := NewCatalogueSet(c, c); err == nil {
		t.Errorf("duplicate catalogue ids accepted")
	}
}

func TestLoadCatalogueErrors(t *testing.T) {
	ind := func(m map[string]any) func(map[string]any) {
		return func(c map[string]any) { c["indicators"] = append(c["indicators"].([]any), m) }
	}
	cases := []struct {
		name   string
		edit   func(map[string]any)
		fields []string // problems expected, by field
	}{
		{"duplicate id", ind(map[string]any{"id": "a", "dimension": 2, "strength": "weak", "en": "x", "fr": "x"}), []string{`indicators[2] ("a").id`}},
		{"bad dimension", ind(map[string]any{"id": "c", "dimension": 7, "strength": "weak", "en": "x", "fr": "x"}), []string{`indicators[2] ("c").dimension`}},
		{"bad strength", ind(map[string]any{"id": "c", "dimension": 2, "strength": "strongish", "en": "x", "fr": "x"}), []string{`indicators[2] ("c").strength`}},
		{"missing French", ind(map[string]any{"id": "c", "dimension": 2, "strength": "weak", "en": "x"}), []string{`indicators[2] ("c").fr`}},
		{"missing English", ind(map[string]any{"id": "c", "dimension": 2, "strength": "weak", "en": " ", "fr": "x"}), []string{`indicators[2] ("c").en`}},
		{"bad id", ind(map[string]any{"id": "Has Space", "dimension": 2, "strength": "weak", "en": "x", "fr": "x"}), []string{`indicators[2] ("Has Space").id`}},
		{"missing id", ind(map[string]any{"dimension": 2, "strength": "weak", "en": "x", "fr": "x"}), []string{`indicators[2].id`}},
		{"several problems at once", ind(map[string]any{"id": "a", "dimension": 0, "strength": "", "en": "", "fr": ""}),
			[]string{`indicators[2] ("a").id`, `indicators[2] ("a").dimension`, `indicators[2] ("a").strength`, `indicators[2] ("a").en`, `indicators[2] ("a").fr`}},
		{"bad population", func(c map[string]any) { c["population"] = "elderly" }, []string{"population"}},
		{"no version", func(c map[string]any) { delete(c, "version") }, []string{"version"}},
		{"no indicators", func(c map[string]any) { c["indicators"] = []any{} }, []string{"indicators"}},
		{"status without French", func(c map[string]any) { c["status"] = map[string]string{"code": "x", "en": "x"} }, []string{"status.fr"}},
		{"unknown field", func(c map[string]any) { c["colour"] = "red" }, []string{`"colour"`}},
		{"wrong type", func(c map[string]any) {
			c["indicators"] = []any{map[string]any{"id": "a", "dimension": "one", "strength": "weak", "en": "x", "fr": "x"}}
		}, []string{"indicators.dimension"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			doc := validCatalogueJSON()
			c.edit(doc)
			_, err := LoadCatalogue(bytes.NewReader(encode(t, doc)))
			var ce *CatalogueError
			if !errors.As(err, &ce) {
				t.Fatalf("LoadCatalogue = %v, want *CatalogueError", err)
			}
			var got []string
			for _, p := range ce.Problems {
				got = append(got, p.Field)
				if p.Text(wordsEN) == "" || p.Text(wordsFR) == "" {
					t.Errorf("problem %q lacks a language", p.Field)
				}
			}
			if strings.Join(got, "|") != strings.Join(c.fields, "|") {
				t.Errorf("problems on %v, want %v\n%s", got, c.fields, ce.Text(wordsFR))
			}
		})
	}
	for _, bad := range []string{"", "{", `{"id":"x"} {}`, "[]"} {
		if _, err := LoadCatalogue(strings.NewReader(bad)); err == nil {
			t.Errorf("LoadCatalogue(%q) accepted", bad)
		}
	}
}

func TestCatalogueErrorMessages(t *testing.T) {
	doc := validCatalogueJSON()
	doc["population"] = "everyone"
	doc["indicators"] = []any{map[string]any{"id": "a", "dimension": 9, "strength": "weak", "en": "x", "fr": "x"}}
	_, err := LoadCatalogue(bytes.NewReader(encode(t, doc)))
	var ce *CatalogueError
	if !errors.As(err, &ce) {
		t.Fatal(err)
	}
	en, fr := ce.Text(wordsEN), ce.Text(wordsFR)
	for _, w := range []string{"catalogue: 2 problem(s)", "population: must be adult or child", `indicators[0] ("a").dimension: dimension must be 1 to 6`} {
		if !strings.Contains(en, w) {
			t.Errorf("English message lacks %q:\n%s", w, en)
		}
	}
	for _, w := range []string{"catalogue : 2 problème(s)", "population: doit valoir adult ou child", `indicators[0] ("a").dimension: la dimension doit être comprise entre 1 et 6`} {
		if !strings.Contains(fr, w) {
			t.Errorf("French message lacks %q:\n%s", w, fr)
		}
	}
}

// TestHandBuiltCatalogue: a catalogue built in Go (say, from a database)
// works before validation and is validated when put in a set.
func TestHandBuiltCatalogue(t *testing.T) {
	c := &Catalogue{ID: "ngo_form", Version: "3", Population: Children, Title: Labels{"en": "Form", "fr": "Formulaire"},
		Source: Source{Document: "Invented NGO form", Wording: Labels{"en": "own words", "fr": "nos mots"}},
		Status: Status{Code: "verified", Labels: Labels{"en": "verified", "fr": "vérifié"}},
		Indicators: []Indicator{
			{ID: "r1", Dimension: 2, Strength: Strong, Labels: Labels{"en": "Beaten at recruitment", "fr": "Battu au recrutement"}},
			{ID: "r2", Dimension: 2, Strength: Weak, Labels: Labels{"en": "Threatened", "fr": "Menacé"}},
			{ID: "e1", Dimension: 4, Strength: Medium, Labels: Labels{"en": "Unpaid", "fr": "Non payé"}},
			{ID: "e2", Dimension: 4, Strength: Medium, Labels: Labels{"en": "Long hours", "fr": "Longues heures"}},
			{ID: "e3", Dimension: 4, Strength: Medium, Labels: Labels{"en": "No school", "fr": "Pas d'école"}},
		}}
	if r := c.Evaluate([]string{"r1", "r2", "e1", "e2", "e3"}, true); !r.PresumedVictim {
		t.Errorf("hand-built catalogue: not presumed victim: %+v", r.Dimensions)
	}
	set, err := NewCatalogueSet(c)
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := set.Get("ngo_form"); !ok || got != c || strings.Join(set.IDs(), ",") != "ngo_form" {
		t.Errorf("set = %v", set.IDs())
	}
	if _, ok := set.Get("adult_labour"); ok {
		t.Errorf("set holds a catalogue it was not given")
	}
	c.Indicators = append(c.Indicators, Indicator{ID: "r1", Dimension: 1, Strength: Weak, Labels: Labels{"en": "x", "fr": "x"}})
	if _, err := NewCatalogueSet(c); err == nil {
		t.Errorf("invalid hand-built catalogue accepted")
	}
}
