package campaign

import (
	"testing"
	"time"
)

func sample() Campaign {
	return Campaign{Title: "Radio", Level: "media", TargetGroups: []string{"women"}, Channels: []string{"radio"},
		Languages: []string{"ha", "fr"}, Countries: []string{"NER"}, StartsOn: "2025-06-15", EndsOn: "2025-08-31",
		ReachKind: "estimated"}
}

func TestValidate(t *testing.T) {
	if es := sample().Validate(); len(es) != 0 {
		t.Fatalf("valid campaign refused: %v", es)
	}
	for _, c := range []struct {
		edit        func(*Campaign)
		field, rule string
	}{
		{func(c *Campaign) { c.Budget = -1 }, "budget", "range"},
		{func(c *Campaign) { c.Reach = -1 }, "reach", "range"},
		{func(c *Campaign) { c.Budget = 10 }, "currency", "required"},
		{func(c *Campaign) { c.Currency = "francs" }, "currency", RuleCurrency},
		{func(c *Campaign) { c.Level = "x" }, "level", "one_of"},
		{func(c *Campaign) { c.Channels = nil }, "channels", "required"},
		{func(c *Campaign) { c.Channels = []string{"radio", "radio"} }, "channels", "duplicate"},
		{func(c *Campaign) { c.TargetGroups = []string{"aliens"} }, "target_groups", "one_of"},
		{func(c *Campaign) { c.Languages = []string{"Hausa"} }, "languages", RuleLanguage},
		{func(c *Campaign) { c.Countries = nil }, "countries", "required"},
		{func(c *Campaign) { c.EndsOn = "2025-06-14" }, "ends_on", "date_order"},
		{func(c *Campaign) { n := int64(-1); c.ReferralsAfter = &n }, "referrals_after", "range"},
		{func(c *Campaign) { c.ReachKind = "guessed" }, "reach_kind", "one_of"},
	} {
		c2 := sample()
		c.edit(&c2)
		if es := c2.Validate(); !es.Has(c.field, c.rule) {
			t.Errorf("%s: %v, want %s/%s", c.field, es, c.field, c.rule)
		}
	}
}

func TestWindowsAndCalendar(t *testing.T) {
	w := WindowsOf(sample()) // 78 days
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	if !w.BeforeTo.Equal(day("2025-06-15")) || !w.BeforeFrom.Equal(day("2025-03-29")) || !w.AfterTo.Equal(day("2025-09-01")) {
		t.Fatalf("windows %+v", w)
	}
	short := sample()
	short.EndsOn = "2025-06-16"
	if w := WindowsOf(short); w.AfterTo.Sub(w.AfterFrom) != MinWindowDays*24*time.Hour {
		t.Fatalf("a short campaign's window: %v", w.AfterTo.Sub(w.AfterFrom))
	}
	winter := sample()
	winter.StartsOn, winter.EndsOn = "2025-12-20", "2026-01-10"
	months := Calendar([]Campaign{sample(), winter})
	var got []string
	for _, m := range months {
		got = append(got, m.Month)
	}
	if len(got) != 5 || got[0] != "2025-06" || got[2] != "2025-08" || got[3] != "2025-12" || got[4] != "2026-01" {
		t.Fatalf("calendar months %v", got)
	}
}
