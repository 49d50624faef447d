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

// TestRecordedResultReadsBack: a whole result stored with its words (reasons
// and the catalogue status by language, dimension names) reads back and is
// shown in the reader's language.
func TestRecordedResultReadsBack(t *testing.T) {
	old := `{"child":false,"act":true,"means":"met","purpose":true,"meets_definition":true,
		"recommendation":"refer_for_formal_identification","pattern":"trafficking",
		"reasons":[{"element":"age","code":"age_adult","text":{"en":"Aged 30 then.","fr":"30 ans alors."}}],
		"ilo":{"catalogue":"adult_labour","version":"2009.1-passerelle.1",
			"status":{"code":"unverified","en":"awaiting verification","fr":"en attente de vérification"},
			"child_rule":false,"dimensions":[{"dimension":1,"name":{"en":"deceptive recruitment","fr":"recrutement trompeur"},
			"positive":false,"strong":[],"medium":[],"weak":[],
			"reason":{"element":"ilo","code":"ilo_dimension_empty","text":{"en":"Dimension 1: none.","fr":"Dimension 1 : aucun."}}}],
			"presumed_victim":false,"reasons":[{"element":"ilo","code":"ilo_dimension_empty","text":{"en":"Dimension 1: none.","fr":"Dimension 1 : aucun."}}]}}`
	var r Result
	if err := json.Unmarshal([]byte(old), &r); err != nil {
		t.Fatal(err)
	}
	rep := r.Report(wordsFR)
	if rep.Reasons[0] != "30 ans alors." || rep.ILO.Status != "en attente de vérification" ||
		rep.ILO.Dimensions[0].Name != "recrutement trompeur" || rep.ILO.Reasons[0] != "Dimension 1 : aucun." ||
		rep.RecommendationText == "" {
		t.Errorf("recorded result in French: %+v %+v", rep, rep.ILO)
	}
}
