package justicefig

import (
	"slices"
	"testing"
	"time"
)

func TestStagesOf(t *testing.T) {
	for _, c := range []struct {
		inv, pros string
		want      []string
	}{
		{"", "", nil},
		{"none", "none", nil},
		{"open", "", []string{"investigation"}},
		{"closed_no_action", "none", []string{"investigation"}},
		{"", "charged", []string{"investigation", "prosecution"}},
		{"open", "acquitted", []string{"investigation", "prosecution"}},
		{"open", "convicted", []string{"investigation", "prosecution", "conviction"}},
	} {
		if got := StagesOf(c.inv, c.pros); !slices.Equal(got, c.want) {
			t.Errorf("StagesOf(%q, %q) = %v, want %v", c.inv, c.pros, got, c.want)
		}
	}
}

func TestSideBySideAndValidate(t *testing.T) {
	k := Key{"NER", 2024, "ForcedLabour", "conviction"}
	twelve := int64(12)
	lines := SideBySide(map[Key]*int64{k: nil, {"NER", 2024, "ForcedLabour", "investigation"}: &twelve},
		[]Figure{{Country: "NER", Year: 2024, Form: "ForcedLabour", Stage: "conviction", Count: 9, Source: "B"},
			{Country: "NER", Year: 2024, Form: "ForcedLabour", Stage: "conviction", Count: 2, Source: "A"}})
	if len(lines) != 2 || lines[0].Stage != "investigation" || *lines[0].Counted != 12 || lines[0].Entered != nil {
		t.Fatalf("lines %+v", lines)
	}
	if l := lines[1]; !l.Withheld || l.Counted != nil || *l.Entered != 11 || !slices.Equal(l.Sources, []string{"A", "B"}) {
		t.Fatalf("convictions %+v", l)
	}
	today := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	f := Figure{Country: "NER", Year: 2027, Form: "ForcedLabour", Stage: "conviction", Count: -1}
	es := f.Validate(today)
	for _, field := range []string{"year", "count", "source"} {
		found := false
		for _, e := range es {
			found = found || e.Field == field
		}
		if !found {
			t.Errorf("%v lacks %s", es, field)
		}
	}
}
