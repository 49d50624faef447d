package casestats

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestParseBy(t *testing.T) {
	for _, tc := range []struct {
		in   []string
		want []string
		rule string
	}{
		{[]string{"sex,age_group"}, []string{"sex", "age_group"}, ""},
		{[]string{"sex", " year "}, []string{"sex", "year"}, ""},
		{nil, nil, valid.RuleRequired},
		{[]string{"sex,name"}, nil, valid.RuleOneOf},
		{[]string{"sex,sex"}, nil, valid.RuleDuplicateKey},
		{[]string{"sex,year,age_group,status"}, nil, RuleTooMany},
	} {
		got, es := ParseBy("by", tc.in)
		if tc.rule == "" && (len(es) > 0 || !slices.Equal(got, tc.want)) {
			t.Errorf("%q: %v %v", tc.in, got, es)
		}
		if tc.rule != "" && !es.Has("by", tc.rule) {
			t.Errorf("%q: errors %v, want rule %s", tc.in, es, tc.rule)
		}
	}
}

// TestRouteFacts: a journey whose destination (or origin) is unknown is
// counted as unknown, never national, and has no route pair.
func TestRouteFacts(t *testing.T) {
	ev := func(kind, cc string) casework.Event { return casework.Event{Kind: kind, Country: cc} }
	for _, tc := range []struct {
		events      []casework.Event
		scope, pair string
	}{
		{[]casework.Event{ev("recruitment", "NER")}, "unknown", ""},
		{[]casework.Event{ev("recruitment", "NER"), ev("transit", "NER")}, "unknown", ""},
		{[]casework.Event{ev("exploitation", "NER")}, "unknown", ""},
		{[]casework.Event{ev("recruitment", "NER"), ev("exploitation", "NER")}, "domestic", "NER>NER"},
		{[]casework.Event{ev("recruitment", "NGA"), ev("exploitation", "FRA"), ev("exploitation", "ITA")}, "international", "NGA>FRA,NGA>ITA"},
	} {
		f := FactsOf(casework.Case{Events: tc.events}, nil)
		if f[RouteScope] != tc.scope || f[Route] != tc.pair {
			t.Errorf("%v: scope %q route %q, want %q %q", tc.events, f[RouteScope], f[Route], tc.scope, tc.pair)
		}
	}
}

func TestFactsAndTally(t *testing.T) {
	age := 16
	c := casework.Case{Gender: "Feminine", AgeWhenTrafficked: &age, Exploitation: []string{"SexualExploitation", "ForcedLabour"},
		CreatedAt: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)}
	f := FactsOf(c, []PlanEntry{{"shelter", "done"}, {"health", "planned"}, {"legal_assistance", "in_progress"}})
	if f[Year] != "2024" || f[AgeGroup] != "9-17" || f[Exploitation] != "ForcedLabour,SexualExploitation" ||
		f[Services] != "legal_assistance,shelter" || f[LabourIndustry] != "" {
		t.Fatalf("facts %v", f)
	}
	tl := NewTally([]string{Sex, Exploitation})
	tl.Add([]string{f[Sex], f[Exploitation]}, 2)
	tl.Add([]string{"", "ForcedLabour"}, 1)
	got := tl.Table()
	var cells []string
	for _, c := range got.Cells {
		cells = append(cells, strings.Join(c.Values, "/")+"="+string(rune('0'+c.Count)))
	}
	want := []string{"Feminine/ForcedLabour=2", "Feminine/SexualExploitation=2", "not_recorded/ForcedLabour=1"}
	if !slices.Equal(cells, want) {
		t.Fatalf("cells %v, want %v", cells, want)
	}
}

func TestCounted(t *testing.T) {
	now := time.Now()
	past := now.Add(-time.Hour)
	for _, tc := range []struct {
		consents []casework.Consent
		want     bool
	}{
		{nil, false},
		{[]casework.Consent{{Purpose: casework.PurposeResearch}}, false},
		{[]casework.Consent{{Purpose: casework.PurposeStatistics}}, true},
		{[]casework.Consent{{Purpose: casework.PurposeStatistics, WithdrawnAt: &past}}, false},
		{[]casework.Consent{{Purpose: casework.PurposeStatistics, WithdrawnAt: &past}, {Purpose: casework.PurposeStatistics}}, true},
	} {
		if got := Counted(tc.consents, now); got != tc.want {
			t.Errorf("%+v: %v", tc.consents, got)
		}
	}
}

func TestPopulations(t *testing.T) {
	p := DefaultPopulations()
	if n, ok := p.Of("NER", 2024); !ok || n < 20_000_000 {
		t.Fatalf("NER 2024: %d %v", n, ok)
	}
	if _, err := ParsePopulations(strings.NewReader("country,year,population\nNER,2024,-5\n")); err == nil {
		t.Fatal("a negative population was read")
	}
	if _, err := ParsePopulations(strings.NewReader("pays,annee,population\n")); err == nil {
		t.Fatal("a wrong header was read")
	}
	if r := Rate(27, 2_700_000); r != 1 {
		t.Fatalf("rate %v", r)
	}
}
