package training

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/valid"
)

func ptr(n int) *int { return &n }

func TestValidateNamesEachField(t *testing.T) {
	ok := Training{Topic: "investigation", Country: "NER", StartsOn: "2025-01-10", EndsOn: "2025-01-10"}
	if es := ok.Validate(); len(es) != 0 {
		t.Fatalf("a one-day session is valid: %v", es)
	}
	for _, c := range []struct {
		t           Training
		field, rule string
	}{
		{Training{Topic: "x", Country: "NER", StartsOn: "2025-01-10", EndsOn: "2025-01-10"}, "topic", "one_of"},
		{Training{Topic: "investigation", Country: "XXX", StartsOn: "2025-01-10", EndsOn: "2025-01-10"}, "country", "country"},
		{Training{Topic: "investigation", Country: "NER", StartsOn: "2025-01", EndsOn: "2025-01-10"}, "starts_on", "date"},
		{Training{Topic: "investigation", Country: "NER", StartsOn: "2025-01-10", EndsOn: "2025-01-09"}, "ends_on", "date_order"},
		{Training{Topic: "investigation", Country: "NER", StartsOn: "2025-01-10"}, "ends_on", "required"},
	} {
		if es := c.t.Validate(); !es.Has(c.field, c.rule) {
			t.Errorf("%+v: %v, want %s/%s", c.t, es, c.field, c.rule)
		}
	}
	es := ValidateAll([]Participant{{Name: "A", Profession: "police"}, {Name: "B", Profession: "judge", PreScore: ptr(101)},
		{Name: "", Profession: "pilot"}})
	for _, want := range []string{"participants[1].pre_score", "participants[2].name", "participants[2].profession"} {
		if !hasField(es, want) {
			t.Errorf("bulk errors %v lack %s", es, want)
		}
	}
	if es := ValidateAll(nil); !es.Has("participants", valid.RuleRequired) {
		t.Errorf("an empty entry: %v", es)
	}
}

func hasField(es valid.Errors, f string) bool {
	for _, e := range es {
		if e.Field == f {
			return true
		}
	}
	return false
}

// TestReport: only those who attended are trained; the mean gain is over
// those with both scores, rounded to a tenth; groups are in key order.
func TestReport(t *testing.T) {
	rows := []Row{
		{Profession: "police", Year: "2025", Attended: true, PreScore: ptr(40), PostScore: ptr(70)},
		{Profession: "police", Year: "2025", Attended: true, PreScore: ptr(50), PostScore: ptr(51)},
		{Profession: "police", Year: "2024", Attended: true, PreScore: ptr(50)},
		{Profession: "judge", Year: "2025", Attended: false, PreScore: ptr(10), PostScore: ptr(90)},
		{Profession: "judge", Year: "2025", Attended: true},
	}
	got := Report(rows, "profession")
	if len(got) != 2 || got[0].Key != "judge" || got[0].Trained != 1 || got[0].MeanGain != nil {
		t.Fatalf("judges: %+v", got)
	}
	if p := got[1]; p.Key != "police" || p.Trained != 3 || p.Scored != 2 || *p.MeanGain != 15.5 {
		t.Fatalf("police: %+v", p)
	}
	if y := Report(rows, "year"); len(y) != 2 || y[0].Key != "2024" || y[1].Trained != 3 {
		t.Fatalf("by year: %+v", y)
	}
}
