package identify

import (
	"slices"
	"strings"
	"testing"
)

func age(n int) *int { return &n }

// codes lists the reason codes of a result, for assertions.
func reasonCodes(r Result) []string {
	out := make([]string, len(r.Reasons))
	for i, x := range r.Reasons {
		out[i] = x.Code
	}
	return out
}

func mustAssess(t *testing.T, f Facts) Result {
	t.Helper()
	r, err := Assess(f)
	if err != nil {
		t.Fatalf("Assess(%+v): %v", f, err)
	}
	return r
}

func TestAssessEdges(t *testing.T) {
	cases := []struct {
		name    string
		facts   Facts
		child   bool
		act     bool
		means   MeansStatus
		purpose bool
		meets   bool
		rec     Recommendation
		pattern Pattern
		want    []string // reason codes that must be present
		notWant []string // reason codes that must be absent
	}{
		{
			name:  "adult with act, means and purpose",
			facts: Facts{AgeAtRecruitment: age(24), Acts: []string{"recruitment", "transportation"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"}, ExploitationOccurred: true, CrossedBorder: true},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
			want:    []string{"age_adult", "act_met", "means_met", "purpose_met", "border_crossed", "outcome_met_adult", "outcome_presumed_victim"},
			notWant: []string{"purpose_not_yet_exploited", "border_domestic"},
		},
		{
			name:  "child: act and purpose suffice without means",
			facts: Facts{AgeAtRecruitment: age(15), Acts: []string{"harbouring"}, Purposes: []string{"sexual_exploitation"}, ExploitationOccurred: true},
			child: true, act: true, means: MeansNotRequired, purpose: true, meets: true, rec: RecReferChildProtection, pattern: PatternTrafficking,
			want: []string{"age_child", "means_child_none", "outcome_met_child", "outcome_presumed_victim"},
		},
		{
			name:  "child at the act, adult now: age at recruitment decides",
			facts: Facts{AgeAtRecruitment: age(17), Acts: []string{"recruitment"}, Purposes: []string{"forced_begging"}},
			child: true, act: true, means: MeansNotRequired, purpose: true, meets: true, rec: RecReferChildProtection, pattern: PatternTrafficking,
			want: []string{"age_child", "purpose_extended"},
		},
		{
			name:  "18 at the act is an adult",
			facts: Facts{AgeAtRecruitment: age(18), Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"}},
			act:   true, means: MeansNotMet, purpose: true, rec: RecContinueAssessment, pattern: PatternIncomplete,
			want: []string{"age_adult", "means_not_met", "outcome_not_met"},
		},
		{
			name:  "child with means recorded: still not required",
			facts: Facts{AgeAtRecruitment: age(12), Acts: []string{"transfer"}, Means: []string{"payments_to_controller"}, Purposes: []string{"illegal_adoption"}},
			child: true, act: true, means: MeansNotRequired, purpose: true, meets: true, rec: RecReferChildProtection, pattern: PatternTrafficking,
			want: []string{"means_child_recorded"},
		},
		{
			name:  "age unknown, presumed minor: treated as a child",
			facts: Facts{PresumedMinor: true, Acts: []string{"receipt"}, Purposes: []string{"forced_criminality"}},
			child: true, act: true, means: MeansNotRequired, purpose: true, meets: true, rec: RecReferChildProtection, pattern: PatternTrafficking,
			want: []string{"age_presumed_minor"},
		},
		{
			name:  "age unknown, not presumed minor: adult, needs means",
			facts: Facts{Acts: []string{"receipt"}, Purposes: []string{"forced_criminality"}},
			act:   true, means: MeansNotMet, purpose: true, rec: RecContinueAssessment, pattern: PatternIncomplete,
			want: []string{"age_unknown_adult", "outcome_not_met"},
		},
		{
			name:  "known adult age overrides a presumption of minority",
			facts: Facts{AgeAtRecruitment: age(20), PresumedMinor: true, Acts: []string{"recruitment"}, Purposes: []string{"servitude"}},
			act:   true, means: MeansNotMet, purpose: true, rec: RecContinueAssessment, pattern: PatternIncomplete,
			want: []string{"age_adult", "age_known_overrides_presumption"},
		},
		{
			name:  "adult consent irrelevant where a means was used",
			facts: Facts{AgeAtRecruitment: age(22), Consented: true, Acts: []string{"recruitment"}, Means: []string{"abuse_of_vulnerability"}, Purposes: []string{"sexual_exploitation"}, ExploitationOccurred: true},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
			want:    []string{"consent_irrelevant_means"},
			notWant: []string{"consent_adult_no_means", "consent_child"},
		},
		{
			name:  "adult consent without means: neither makes nor stops trafficking",
			facts: Facts{AgeAtRecruitment: age(30), Consented: true, Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"}, ExploitationOccurred: true},
			act:   true, means: MeansNotMet, purpose: true, rec: RecContinueAssessment, pattern: PatternIncomplete,
			want: []string{"consent_adult_no_means", "outcome_not_met"},
		},
		{
			name:  "child consent is irrelevant",
			facts: Facts{AgeAtRecruitment: age(16), Consented: true, Acts: []string{"recruitment"}, Purposes: []string{"forced_marriage"}},
			child: true, act: true, means: MeansNotRequired, purpose: true, meets: true, rec: RecReferChildProtection, pattern: PatternTrafficking,
			want: []string{"consent_child"},
		},
		{
			name:  "intercepted in transit: purpose without exploitation yet",
			facts: Facts{AgeAtRecruitment: age(19), Acts: []string{"transportation"}, Means: []string{"fraud"}, Purposes: []string{"sexual_exploitation"}, CrossedBorder: true},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
			want: []string{"purpose_not_yet_exploited"},
		},
		{
			name:  "domestic trafficking: no border needed",
			facts: Facts{AgeAtRecruitment: age(27), Acts: []string{"harbouring"}, Means: []string{"use_of_force"}, Purposes: []string{"servitude"}, ExploitationOccurred: true},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
			want: []string{"border_domestic"},
		},
		{
			name:  "migrant smuggling: consensual paid crossing, no means, no purpose",
			facts: Facts{AgeAtRecruitment: age(26), Consented: true, CrossedBorder: true, Acts: []string{"transportation"}},
			act:   true, means: MeansNotMet, rec: RecContinueAssessment, pattern: PatternSmuggling,
			want: []string{"pattern_smuggling", "consent_adult_no_means", "outcome_not_met"},
		},
		{
			name:  "smuggled child: outside the definition, still child protection",
			facts: Facts{AgeAtRecruitment: age(16), Consented: true, CrossedBorder: true, Acts: []string{"transportation"}},
			child: true, act: true, means: MeansNotRequired, rec: RecReferChildProtection, pattern: PatternSmuggling,
			want: []string{"pattern_smuggling", "purpose_not_met"},
		},
		{
			name:  "smuggling that turns into exploitation is no longer smuggling",
			facts: Facts{AgeAtRecruitment: age(26), Consented: true, CrossedBorder: true, Acts: []string{"transportation"}, Means: []string{"deception"}, Purposes: []string{"forced_labour"}},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
			notWant: []string{"pattern_smuggling"},
		},
		{
			name:  "forced labour without an act: another offence",
			facts: Facts{AgeAtRecruitment: age(40), Means: []string{"threat"}, Purposes: []string{"forced_labour"}, ExploitationOccurred: true},
			means: MeansMet, purpose: true, rec: RecReferLabourInspection, pattern: PatternExploitationWithoutAct,
			want: []string{"act_not_met", "pattern_exploitation_without_act"},
		},
		{
			name:  "exploitation occurred, form and act not recorded",
			facts: Facts{AgeAtRecruitment: age(33), ExploitationOccurred: true},
			means: MeansNotMet, rec: RecReferLabourInspection, pattern: PatternExploitationWithoutAct,
			want: []string{"purpose_form_missing", "pattern_exploitation_without_act"},
		},
		{
			name:  "child exploited without an act: child protection first",
			facts: Facts{AgeAtRecruitment: age(14), Purposes: []string{"forced_labour"}, ExploitationOccurred: true},
			child: true, means: MeansNotRequired, purpose: true, rec: RecReferChildProtection, pattern: PatternExploitationWithoutAct,
			want: []string{"pattern_exploitation_without_act"},
		},
		{
			name:  "act and means without purpose",
			facts: Facts{AgeAtRecruitment: age(29), Acts: []string{"recruitment"}, Means: []string{"abduction"}},
			act:   true, means: MeansMet, rec: RecContinueAssessment, pattern: PatternIncomplete,
			want: []string{"purpose_not_met", "outcome_not_met"},
		},
		{
			name:  "nothing recorded",
			facts: Facts{},
			means: MeansNotMet, rec: RecContinueAssessment, pattern: PatternNone,
			want: []string{"age_unknown_adult", "act_not_met", "means_not_met", "purpose_not_met", "outcome_not_met"},
		},
		{
			name:  "duplicated identifiers count once",
			facts: Facts{AgeAtRecruitment: age(25), Acts: []string{"recruitment", "recruitment"}, Means: []string{"deception", "deception"}, Purposes: []string{"organ_removal", "organ_removal"}},
			act:   true, means: MeansMet, purpose: true, meets: true, rec: RecReferFormalIdentification, pattern: PatternTrafficking,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := mustAssess(t, c.facts)
			if r.Child != c.child || r.Act != c.act || r.Means != c.means || r.Purpose != c.purpose || r.MeetsDefinition != c.meets {
				t.Errorf("elements = child %v act %v means %q purpose %v meets %v; want %v %v %q %v %v",
					r.Child, r.Act, r.Means, r.Purpose, r.MeetsDefinition, c.child, c.act, c.means, c.purpose, c.meets)
			}
			if r.Recommendation != c.rec {
				t.Errorf("recommendation = %q, want %q", r.Recommendation, c.rec)
			}
			if r.Pattern != c.pattern {
				t.Errorf("pattern = %q, want %q", r.Pattern, c.pattern)
			}
			got := reasonCodes(r)
			for _, w := range c.want {
				if !slices.Contains(got, w) {
					t.Errorf("reason %q missing; got %v", w, got)
				}
			}
			for _, w := range c.notWant {
				if slices.Contains(got, w) {
					t.Errorf("reason %q present; got %v", w, got)
				}
			}
		})
	}
}

// TestReasonsNameTheFacts checks that the reasons quote the recorded facts,
// in both languages.
func TestReasonsNameTheFacts(t *testing.T) {
	r := mustAssess(t, Facts{AgeAtRecruitment: age(23), Consented: true, Acts: []string{"recruitment", "harbouring"},
		Means: []string{"deception", "abuse_of_vulnerability"}, Purposes: []string{"forced_labour", "forced_begging"}})
	all := map[string]string{}
	for _, x := range r.Reasons {
		for _, w := range testWords {
			all[w.Lang] += w.Reason(x) + "\n"
		}
	}
	for l, want := range map[string][]string{
		"en": {"23", "recruitment, harbouring", "deception, abuse of a position of vulnerability", "forced labour or services", "forced begging"},
		"fr": {"23", "recrutement, hébergement", "tromperie, abus d'une situation de vulnérabilité", "travail ou services forcés", "mendicité forcée"},
	} {
		for _, w := range want {
			if !strings.Contains(all[l], w) {
				t.Errorf("%s reasons do not name %q:\n%s", l, w, all[l])
			}
		}
	}
}

// TestAssessExhaustive walks every combination of: no act or each act, no
// means or each means, no purpose or each purpose, five age situations, and
// the three booleans, and compares the engine with the rule written plainly.
func TestAssessExhaustive(t *testing.T) {
	ages := []struct {
		name     string
		age      *int
		presumed bool
		child    bool
	}{
		{"adult", age(30), false, false},
		{"adult at 18, presumption recorded", age(18), true, false},
		{"child", age(17), false, true},
		{"unknown, presumed minor", nil, true, true},
		{"unknown, not presumed", nil, false, false},
	}
	opts := func(terms []Term) [][]string {
		out := [][]string{nil}
		for _, t := range terms {
			out = append(out, []string{t.ID})
		}
		return out
	}
	n := 0
	for _, acts := range opts(ActTerms) {
		for _, means := range opts(MeansTerms) {
			for _, purposes := range opts(PurposeTerms) {
				for _, a := range ages {
					for bits := range 8 {
						consented, crossed, exploited := bits&1 != 0, bits&2 != 0, bits&4 != 0
						f := Facts{AgeAtRecruitment: a.age, PresumedMinor: a.presumed, Acts: acts, Means: means, Purposes: purposes,
							Consented: consented, CrossedBorder: crossed, ExploitationOccurred: exploited}
						r, err := Assess(f)
						if err != nil {
							t.Fatalf("%+v: %v", f, err)
						}
						n++
						checkRule(t, a.name, f, a.child, r)
						if t.Failed() {
							t.FailNow()
						}
					}
				}
			}
		}
	}
	if n != 6*10*12*5*8 {
		t.Fatalf("walked %d combinations", n)
	}
}

// checkRule is the rule of identification.md, written independently of the
// engine.
func checkRule(t *testing.T, ageName string, f Facts, child bool, r Result) {
	t.Helper()
	hasAct, hasMeans, hasPurpose := len(f.Acts) > 0, len(f.Means) > 0, len(f.Purposes) > 0
	wantMeans := MeansNotMet
	if child {
		wantMeans = MeansNotRequired
	} else if hasMeans {
		wantMeans = MeansMet
	}
	meets := hasAct && hasPurpose && (hasMeans || child)
	var rec Recommendation
	switch {
	case child:
		rec = RecReferChildProtection
	case meets:
		rec = RecReferFormalIdentification
	case !hasAct && (hasPurpose || f.ExploitationOccurred):
		rec = RecReferLabourInspection
	default:
		rec = RecContinueAssessment
	}
	smuggling := !meets && f.CrossedBorder && f.Consented && !hasMeans && !hasPurpose && !f.ExploitationOccurred
	got := reasonCodes(r)
	if r.Child != child || r.Act != hasAct || r.Means != wantMeans || r.Purpose != hasPurpose || r.MeetsDefinition != meets || r.Recommendation != rec {
		t.Errorf("%s %+v: got child %v act %v means %q purpose %v meets %v rec %q; want %v %v %q %v %v %q",
			ageName, f, r.Child, r.Act, r.Means, r.Purpose, r.MeetsDefinition, r.Recommendation,
			child, hasAct, wantMeans, hasPurpose, meets, rec)
	}
	if (r.Pattern == PatternSmuggling) != smuggling || slices.Contains(got, "pattern_smuggling") != smuggling {
		t.Errorf("%s %+v: smuggling pattern = %q, want %v", ageName, f, r.Pattern, smuggling)
	}
	if meets != (r.Pattern == PatternTrafficking) {
		t.Errorf("%s %+v: pattern %q with meets %v", ageName, f, r.Pattern, meets)
	}
	wantConsent := ""
	switch {
	case !f.Consented:
	case child:
		wantConsent = "consent_child"
	case hasMeans:
		wantConsent = "consent_irrelevant_means"
	default:
		wantConsent = "consent_adult_no_means"
	}
	for _, c := range []string{"consent_child", "consent_irrelevant_means", "consent_adult_no_means"} {
		if slices.Contains(got, c) != (c == wantConsent) {
			t.Errorf("%s %+v: consent reasons %v, want only %q", ageName, f, got, wantConsent)
		}
	}
	if slices.Contains(got, "purpose_not_yet_exploited") != (hasPurpose && !f.ExploitationOccurred) {
		t.Errorf("%s %+v: purpose-without-exploitation reason wrong: %v", ageName, f, got)
	}
	if slices.Contains(got, "border_domestic") == f.CrossedBorder {
		t.Errorf("%s %+v: border reason wrong: %v", ageName, f, got)
	}
	if slices.Contains(got, "outcome_presumed_victim") != meets {
		t.Errorf("%s %+v: presumed-victim reason wrong: %v", ageName, f, got)
	}
	for _, x := range r.Reasons {
		if en, fr := wordsEN.Reason(x), wordsFR.Reason(x); en == "" || fr == "" || en == fr {
			t.Errorf("reason %q not in both languages: %q %q", x.Code, en, fr)
		}
	}
}

func TestAssessRejectsInvalidFacts(t *testing.T) {
	for _, c := range []struct {
		f     Facts
		field string
	}{
		{Facts{Acts: []string{"recruitment", "kidnap"}}, "acts[1]"},
		{Facts{Means: []string{"bribery"}}, "means[0]"},
		{Facts{Purposes: []string{""}}, "purposes[0]"},
		{Facts{AgeAtRecruitment: age(-1)}, "age_at_recruitment"},
		{Facts{AgeAtRecruitment: age(131)}, "age_at_recruitment"},
		{Facts{Indicators: &IndicatorFacts{}}, "indicators.catalogue"},
		{Facts{Indicators: &IndicatorFacts{Catalogue: "adult_labour", Present: []string{"d1_deceived_wages", "x"}}}, "indicators.present[1]"},
	} {
		_, err := Assess(c.f)
		fe, ok := err.(*FieldError)
		if !ok || fe.Field != c.field {
			t.Errorf("Assess(%+v) = %v, want a FieldError on %s", c.f, err, c.field)
		}
	}
}
