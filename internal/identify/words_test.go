package identify

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestStoredResultWordsTheSame: a result read back from its JSON (as the
// store keeps it) is worded exactly as the fresh one, numbers included.
func TestStoredResultWordsTheSame(t *testing.T) {
	r := mustAssess(t, Facts{AgeAtRecruitment: age(16), Consented: true, Acts: []string{"recruitment", "harbouring"},
		Means: []string{"deception"}, Purposes: []string{"forced_begging"},
		Indicators: &IndicatorFacts{Catalogue: "child_labour", Present: []string{"d2_violence_victim", "d2_threats_violence"}}})
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var back Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	for _, w := range testWords {
		if got, want := back.Report(w), r.Report(w); !reflect.DeepEqual(got, want) {
			t.Errorf("%s: stored result worded\n%+v\nwant\n%+v", w.Lang, got, want)
		}
	}
}

// TestRecordedReasonShownAsRecorded: a reason stored with its words (before
// reasons carried codes only) is shown as it was recorded, by language.
func TestRecordedReasonShownAsRecorded(t *testing.T) {
	var r Reason
	if err := json.Unmarshal([]byte(`{"element":"age","code":"age_child","text":{"en":"Aged 15 then.","fr":"15 ans alors."}}`), &r); err != nil {
		t.Fatal(err)
	}
	if got := wordsFR.Reason(r); got != "15 ans alors." {
		t.Errorf("French = %q", got)
	}
	if got := wordsEN.Reason(r); got != "Aged 15 then." {
		t.Errorf("English = %q", got)
	}
}
