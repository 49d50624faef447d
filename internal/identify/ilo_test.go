package identify

import (
	"slices"
	"strings"
	"testing"
)

func TestDimensionPositiveThresholds(t *testing.T) {
	cases := []struct {
		s, m, w int
		want    bool
		rule    DimensionRule
	}{
		{0, 0, 0, false, RuleNone},
		// two strong
		{1, 0, 0, false, RuleNone},
		{2, 0, 0, true, RuleTwoStrong},
		{3, 1, 1, true, RuleTwoStrong},
		// one strong plus one medium or weak
		{1, 1, 0, true, RuleStrongPlusOther},
		{1, 0, 1, true, RuleStrongPlusOther},
		{1, 2, 3, true, RuleStrongPlusOther},
		// three medium
		{0, 2, 0, false, RuleNone},
		{0, 3, 0, true, RuleThreeMedium},
		{0, 4, 0, true, RuleThreeMedium},
		// two medium and one weak
		{0, 2, 1, true, RuleTwoMediumOneWeak},
		{0, 1, 1, false, RuleNone},
		{0, 1, 5, false, RuleNone},
		{0, 0, 9, false, RuleNone},
		{0, 3, 1, true, RuleThreeMedium},
	}
	for _, c := range cases {
		got, rule := DimensionPositive(c.s, c.m, c.w)
		if got != c.want || rule != c.rule {
			t.Errorf("DimensionPositive(%d strong, %d medium, %d weak) = %v %q, want %v %q", c.s, c.m, c.w, got, rule, c.want, c.rule)
		}
	}
	// The rule stated plainly, over every small count.
	for s := range 4 {
		for m := range 5 {
			for w := range 5 {
				want := s >= 2 || (s >= 1 && m+w >= 1) || m >= 3 || (m >= 2 && w >= 1)
				if got, _ := DimensionPositive(s, m, w); got != want {
					t.Errorf("DimensionPositive(%d, %d, %d) = %v, want %v", s, m, w, got, want)
				}
			}
		}
	}
}

func TestCombinationRule(t *testing.T) {
	// Every one of the 64 patterns of positive dimensions, both rules.
	for bits := range 64 {
		var p [6]bool
		for d := range 6 {
			p[d] = bits&(1<<d) != 0
		}
		rec, expl, dest := p[0] || p[1] || p[2], p[3], p[4] || p[5]
		if got := CombinationPositive(p, false); got != (rec && expl && dest) {
			t.Errorf("adult %v = %v", p, got)
		}
		if got := CombinationPositive(p, true); got != (rec && expl) {
			t.Errorf("child %v = %v", p, got)
		}
	}
}

func mustCatalogue(t *testing.T, id string) *Catalogue {
	t.Helper()
	c, ok := Catalogues().Get(id)
	if !ok {
		t.Fatalf("no embedded catalogue %q", id)
	}
	return c
}

// ids picks indicators of a catalogue by dimension and strength.
func ids(t *testing.T, c *Catalogue, d int, s Strength, n int) []string {
	t.Helper()
	var out []string
	for _, ind := range c.Indicators {
		if ind.Dimension == d && ind.Strength == s && len(out) < n {
			out = append(out, ind.ID)
		}
	}
	if len(out) < n {
		t.Fatalf("catalogue %s has fewer than %d %s indicators in dimension %d", c.ID, n, s, d)
	}
	return out
}

func TestEvaluateAdultLabour(t *testing.T) {
	c := mustCatalogue(t, "adult_labour")
	rec := ids(t, c, 1, Strong, 1)                                          // deceived about the job
	rec = append(rec, ids(t, c, 1, Medium, 1)...)                           // + deceived about wages: positive
	expl := append(ids(t, c, 4, Medium, 2), ids(t, c, 4, Weak, 1)...)       // two medium + one weak: positive
	dest := ids(t, c, 5, Strong, 2)                                         // two strong: positive
	weakDest := append(ids(t, c, 6, Medium, 1), ids(t, c, 6, Weak, 2)...)   // one medium + two weak: not positive
	nearlyExpl := append(ids(t, c, 4, Medium, 1), ids(t, c, 4, Weak, 1)...) // one medium + one weak: not positive
	present := slices.Concat(rec, expl, dest)

	r := c.Evaluate(present, false)
	if !r.PresumedVictim || !r.RecruitmentPositive || !r.ExploitationPositive || !r.DestinationPositive {
		t.Fatalf("adult full set not presumed victim: %+v", r)
	}
	want := map[int]DimensionRule{1: RuleStrongPlusOther, 4: RuleTwoMediumOneWeak, 5: RuleTwoStrong}
	for _, d := range r.Dimensions {
		if d.Rule != want[d.Dimension] || d.Positive != (want[d.Dimension] != RuleNone) {
			t.Errorf("dimension %d: positive %v rule %q, want %q", d.Dimension, d.Positive, d.Rule, want[d.Dimension])
		}
	}
	if got := r.Dimensions[0].Strong; !slices.Equal(got, rec[:1]) {
		t.Errorf("dimension 1 strong = %v, want %v", got, rec[:1])
	}

	// Without the destination dimension an adult is not a presumed victim,
	// and the reason says what is missing.
	r = c.Evaluate(slices.Concat(rec, expl, weakDest), false)
	if r.PresumedVictim || r.DestinationPositive {
		t.Fatalf("adult without destination dimension presumed victim")
	}
	last := r.Reasons[6]
	if last.Code != "ilo_not_presumed_adult" || !strings.Contains(wordsEN.Reason(last), "destination dimension (5 or 6)") || !strings.Contains(wordsFR.Reason(last), "destination positive (5 ou 6)") {
		t.Errorf("missing-part reason = %+v", last)
	}
	// The children's rule on the same facts: recruitment and exploitation suffice.
	if r := c.Evaluate(slices.Concat(rec, expl, weakDest), true); !r.PresumedVictim {
		t.Errorf("children's rule not applied")
	}
	// Exploitation just below threshold.
	if r := c.Evaluate(slices.Concat(rec, nearlyExpl, dest), false); r.PresumedVictim || r.ExploitationPositive {
		t.Errorf("exploitation one medium + one weak counted positive")
	}
	// Duplicates count once: the same strong indicator twice is not two strong.
	if r := c.Evaluate([]string{rec[0], rec[0]}, false); r.Dimensions[0].Positive {
		t.Errorf("duplicate indicator counted twice")
	}
}

func TestEvaluateReasonsNameIndicators(t *testing.T) {
	c := mustCatalogue(t, "adult_labour")
	r := c.Evaluate([]string{"d1_deceived_nature_job", "d1_deceived_wages"}, false)
	d1 := r.Dimensions[0].Reason
	for _, w := range []string{"Dimension 1, deceptive recruitment: positive", "Deceived about the nature of the job", "Deceived about wages", "one strong and one medium or weak"} {
		if !strings.Contains(wordsEN.Reason(d1), w) {
			t.Errorf("EN reason %q lacks %q", wordsEN.Reason(d1), w)
		}
	}
	for _, w := range []string{"recrutement trompeur : positive", "Tromperie sur la nature de l'emploi", "Tromperie sur le salaire", "un indicateur fort et un moyen ou faible"} {
		if !strings.Contains(wordsFR.Reason(d1), w) {
			t.Errorf("FR reason %q lacks %q", wordsFR.Reason(d1), w)
		}
	}
	if r.Dimensions[1].Reason.Code != "ilo_dimension_empty" {
		t.Errorf("empty dimension reason = %q", r.Dimensions[1].Reason.Code)
	}
	if got := r.Reasons[len(r.Reasons)-1]; got.Code != "ilo_catalogue_status" || !strings.Contains(wordsEN.Reason(got), "awaiting verification") {
		t.Errorf("status reason = %+v", got)
	}
}

func TestEvaluateMismatchAndUnknown(t *testing.T) {
	c := mustCatalogue(t, "adult_sexual")
	r := c.Evaluate([]string{"d1_deceived_wages", "no_such"}, true)
	got := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		got[i] = x.Code
	}
	if !slices.Contains(got, "ilo_population_mismatch") || !slices.Contains(got, "ilo_unknown_ignored") || !slices.Equal(r.Unknown, []string{"no_such"}) {
		t.Errorf("reasons %v unknown %v", got, r.Unknown)
	}
}

func TestAssessWithIndicators(t *testing.T) {
	c := mustCatalogue(t, "child_labour")
	present := slices.Concat(ids(t, c, 2, Strong, 2), ids(t, c, 4, Strong, 1), ids(t, c, 4, Medium, 1))
	r := mustAssess(t, Facts{AgeAtRecruitment: age(15), Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"},
		Indicators: &IndicatorFacts{Catalogue: "child_labour", Present: present}})
	if r.ILO == nil || !r.ILO.PresumedVictim || !r.ILO.ChildRule {
		t.Fatalf("ILO section = %+v", r.ILO)
	}
	// The Palermo fields do not depend on the indicators.
	r2 := mustAssess(t, Facts{AgeAtRecruitment: age(15), Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"}})
	if r.MeetsDefinition != r2.MeetsDefinition || r.Recommendation != r2.Recommendation || len(r.Reasons) != len(r2.Reasons) {
		t.Errorf("indicators changed the Palermo result")
	}
	iloCodes := func(r Result) []string {
		var out []string
		for _, x := range r.ILO.Reasons {
			out = append(out, x.Code)
		}
		return out
	}
	if slices.Contains(iloCodes(r), "ilo_palermo_gap") || slices.Contains(iloCodes(r), "ilo_palermo_gap_other") {
		t.Errorf("agreement reported as a gap: %v", iloCodes(r))
	}
	// Indicators positive, Palermo elements not recorded: say so.
	r = mustAssess(t, Facts{AgeAtRecruitment: age(15), Indicators: &IndicatorFacts{Catalogue: "child_labour", Present: present}})
	if !slices.Contains(iloCodes(r), "ilo_palermo_gap") {
		t.Errorf("gap not reported: %v", iloCodes(r))
	}
	// Palermo elements met, indicators short of the rule: say so too.
	r = mustAssess(t, Facts{AgeAtRecruitment: age(15), Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"},
		Indicators: &IndicatorFacts{Catalogue: "child_labour", Present: present[:1]}})
	if !slices.Contains(iloCodes(r), "ilo_palermo_gap_other") {
		t.Errorf("reverse gap not reported: %v", iloCodes(r))
	}
}

func BenchmarkAssessWithIndicators(b *testing.B) {
	c, _ := Catalogues().Get("adult_labour")
	present := make([]string, 0, 20)
	for _, ind := range c.Indicators[:20] {
		present = append(present, ind.ID)
	}
	f := Facts{AgeAtRecruitment: new(int), Acts: []string{"recruitment"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"},
		Indicators: &IndicatorFacts{Catalogue: "adult_labour", Present: present}}
	*f.AgeAtRecruitment = 31
	for b.Loop() {
		if _, err := Assess(f); err != nil {
			b.Fatal(err)
		}
	}
}
