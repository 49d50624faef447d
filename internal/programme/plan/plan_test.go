package plan

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		want Decimal
		rule string
	}{
		{"12500.50", 1250050, ""}, {"12500.5", 1250050, ""}, {"12500", 1250000, ""}, {"0.25", 25, ""},
		{"-3", -300, ""}, {"007", 700, ""}, {"1.500", 150, ""}, {"999999999999.99", MaxDecimal, ""},
		{"1000000000000", 0, RuleTooLarge}, {"1.005", 0, RuleDecimals}, {"", 0, RuleNumber}, {".5", 0, RuleNumber},
		{"5.", 0, RuleNumber}, {"12,500.50", 0, RuleNumber}, {"12 500", 0, RuleNumber}, {"1e3", 0, RuleNumber},
		{"--1", 0, RuleNumber}, {"١٢", 0, RuleNumber},
	} {
		got, rule := ParseDecimal(c.in)
		if got != c.want || rule != c.rule {
			t.Errorf("ParseDecimal(%q) = %d %q, want %d %q", c.in, got, rule, c.want, c.rule)
		}
	}
	if d, rule := DecimalFromFloat(12500.5); d != 1250050 || rule != "" {
		t.Errorf("DecimalFromFloat(12500.5) = %d %q", d, rule)
	}
	if _, rule := DecimalFromFloat(0.125); rule != RuleDecimals {
		t.Errorf("DecimalFromFloat(0.125) rule %q", rule)
	}
	for d, want := range map[Decimal][2]string{1250050: {"12500.5", "12500.50"}, 300: {"3", "3.00"}, -25: {"-0.25", "-0.25"}, 7: {"0.07", "0.07"}} {
		if d.String() != want[0] || d.Fixed() != want[1] {
			t.Errorf("%d: %q %q, want %q", int64(d), d.String(), d.Fixed(), want)
		}
	}
}

func TestValidateNamesTheField(t *testing.T) {
	good := Activity{Title: "Train labour inspectors", Responsible: "Ministère du Travail", Budget: 1250050,
		Currency: "XOF", StartsOn: "2025-01-01", DueOn: "2025-06-30"}
	if es := good.Validate(); len(es) != 0 || good.Status != Planned {
		t.Fatalf("good activity refused: %v (status %q)", es, good.Status)
	}
	for _, c := range []struct {
		field, rule string
		edit        func(*Activity)
	}{
		{"due_on", RuleEndBeforeStart, func(a *Activity) { a.DueOn = "2024-12-31" }},
		{"budget", RuleNegative, func(a *Activity) { a.Budget = -1 }},
		{"status", valid.RuleOneOf, func(a *Activity) { a.Status = "finished" }},
		{"currency", valid.RuleOneOf, func(a *Activity) { a.Currency = "FCF" }},
		{"currency", RuleCurrency, func(a *Activity) { a.Currency = "" }},
		{"starts_on", RuleDate, func(a *Activity) { a.StartsOn = "01/01/2025" }},
		{"due_on", valid.RuleRequired, func(a *Activity) { a.DueOn = "" }},
		{"title", valid.RuleRequired, func(a *Activity) { a.Title = "  " }},
		{"responsible", valid.RuleTooLong, func(a *Activity) { a.Responsible = string(make([]byte, MaxAgency+1)) }},
	} {
		a := good
		c.edit(&a)
		if es := a.Validate(); !es.Has(c.field, c.rule) || len(es) != 1 {
			t.Errorf("%s/%s: got %v", c.field, c.rule, es)
		}
	}
	// No budget needs no currency.
	free := good
	free.Budget, free.Currency = 0, ""
	if es := free.Validate(); len(es) != 0 {
		t.Errorf("activity without budget refused: %v", es)
	}

	p := Plan{Country: "ner", Title: " Plan d'action national ", StartsOn: "2025-01-01", EndsOn: "2027-12-31"}
	if es := p.Validate(); len(es) != 0 || p.Country != "NER" || p.Title != "Plan d'action national" {
		t.Fatalf("good plan: %v %+v", es, p)
	}
	bad := Plan{Country: "XYZ", Title: "x", StartsOn: "2027-01-01", EndsOn: "2025-12-31", IATIOrgRef: "NE 1/2"}
	es := bad.Validate()
	for _, want := range [][2]string{{"country", "country"}, {"ends_on", RuleEndBeforeStart}, {"iati_org_ref", RuleIATIRef}} {
		if !es.Has(want[0], want[1]) {
			t.Errorf("plan: want %s/%s in %v", want[0], want[1], es)
		}
	}
	pr := Project{Donor: "Union européenne", Title: "Appui au PAN", Budget: 50000000, StartsOn: "2025-01-01", EndsOn: "2026-12-31"}
	if es := pr.Validate(); !es.Has("currency", valid.RuleRequired) || len(es) != 1 {
		t.Errorf("project without currency: %v", es)
	}
	v := Value{Period: "2025-13", Value: 5}
	if es := v.Validate(); !es.Has("period", RulePeriod) {
		t.Errorf("bad period: %v", es)
	}
}

func TestPeriodEnd(t *testing.T) {
	for in, want := range map[string]string{"2025": "2025-12-31", "2024-02": "2024-02-29", "2025-06-15": "2025-06-15"} {
		got, ok := PeriodEnd(in)
		if !ok || got.Format(DateLayout) != want {
			t.Errorf("PeriodEnd(%q) = %v %v, want %s", in, got, ok, want)
		}
	}
	for _, in := range []string{"25", "2025-6", "1889", "2025-02-30", "T2 2025"} {
		if _, ok := PeriodEnd(in); ok {
			t.Errorf("PeriodEnd(%q) accepted", in)
		}
	}
}

func TestIndicatorBehind(t *testing.T) {
	// A plan of exactly 1000 days from 2025-01-01: 2027-09-28.
	p := Plan{StartsOn: "2025-01-01", EndsOn: "2027-09-28"}
	day := func(n int) string { return time.Date(2025, 1, 1+n, 0, 0, 0, 0, time.UTC).Format(DateLayout) }
	for _, c := range []struct {
		name             string
		baseline, target Decimal
		period           string
		value            Decimal
		behind           bool
		expected         Decimal
	}{
		// Half way (day 500) a rising target from 0 to 100 expects 50.
		{"rising on the line", 0, 10000, day(500), 5000, false, 5000},
		{"rising one hundredth short", 0, 10000, day(500), 4999, true, 5000},
		{"rising ahead", 0, 10000, day(500), 9000, false, 5000},
		// A falling target (delay in days from 90 to 30): at 250 days expects 75.
		{"falling above the line", 9000, 3000, day(250), 8000, true, 7500},
		{"falling below the line", 9000, 3000, day(250), 7000, false, 7500},
		// Before the start the line is the baseline, after the end the target.
		{"before the start", 0, 10000, "2024", 0, false, 0},
		{"after the end", 0, 10000, "2030", 9999, true, 10000},
		{"flat target", 5000, 5000, day(500), 1, false, 5000},
	} {
		ind := Indicator{Baseline: c.baseline, Target: c.target, Values: []Value{{Period: c.period, Value: c.value}}}
		got := AssessIndicator(p, ind)
		if got.Behind != c.behind || got.Expected != c.expected {
			t.Errorf("%s: behind %v expected %s, want %v %s", c.name, got.Behind, got.Expected, c.behind, c.expected)
		}
	}
	// The latest period counts, whatever the order the values came in.
	ind := Indicator{Baseline: 0, Target: 10000, Values: []Value{{"2027", 10000}, {"2025", 0}}}
	if got := AssessIndicator(p, ind); got.Behind || got.Latest.Period != "2027" {
		t.Errorf("latest: %+v", got)
	}
	if got := AssessIndicator(p, Indicator{Target: 100}); got.Behind || got.Latest != nil {
		t.Errorf("no values: %+v", got)
	}
}

func TestAssess(t *testing.T) {
	obj, other := uuid.New(), uuid.New()
	today := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	d := Detail{
		Plan: Plan{StartsOn: "2025-01-01", EndsOn: "2027-12-31"},
		Activities: []Activity{
			{Title: "done late", Status: Done, DueOn: "2025-06-30"},
			{Title: "late", Status: InProgress, DueOn: "2026-03-09"},
			{Title: "due today", Status: Planned, DueOn: "2026-03-10"},
			{Title: "late and flagged", Status: Planned, DueOn: "2025-12-31", AtRisk: true},
			{Title: "flagged", Status: InProgress, DueOn: "2026-12-31", AtRisk: true},
			{Title: "objective behind", ObjectiveID: obj, Status: Planned, DueOn: "2027-06-30"},
			{Title: "other objective", ObjectiveID: other, Status: Planned, DueOn: "2027-06-30"},
			{Title: "cancelled", Status: Cancelled, DueOn: "2025-01-31"},
		},
		Indicators: []Indicator{
			{ObjectiveID: obj, Baseline: 0, Target: 10000, Values: []Value{{"2025", 0}}},
			{ObjectiveID: other, Baseline: 0, Target: 10000, Values: []Value{{"2025", 9000}}},
			{Baseline: 0, Target: 10000, Values: []Value{{"2025", 0}}}, // plan level: behind, puts no activity at risk
		},
	}
	p := Assess(d, today)
	want := map[State][]string{
		StateDone: {"done late"}, StateLate: {"late", "late and flagged"}, StateAtRisk: {"flagged", "objective behind"},
		StateOnTrack: {"due today", "other objective"}, StateCancelled: {"cancelled"},
	}
	for s, titles := range want {
		got := p.Activities[s]
		if len(got) != len(titles) {
			t.Errorf("%s: %d activities, want %v", s, len(got), titles)
			continue
		}
		for i := range got {
			if got[i].Title != titles[i] {
				t.Errorf("%s[%d] = %q, want %q", s, i, got[i].Title, titles[i])
			}
		}
		if s != StateCancelled && p.Counts[s] != len(titles) {
			t.Errorf("count %s = %d, want %d", s, p.Counts[s], len(titles))
		}
	}
	if _, ok := p.Counts[StateCancelled]; ok {
		t.Error("cancelled activities are counted with the four")
	}
	if !p.Indicators[0].Behind || p.Indicators[1].Behind || !p.Indicators[2].Behind {
		t.Errorf("indicators: %+v", p.Indicators)
	}
}
