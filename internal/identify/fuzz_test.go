package identify

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// FuzzAssessInput: whatever the bytes, the parser and engine never panic and
// return either a coherent result or a FieldError naming a field, with its
// message in both languages.
func FuzzAssessInput(f *testing.F) {
	for _, seed := range []string{
		`{}`,
		``,
		`{"age_at_recruitment":16,"acts":["recruitment"],"purposes":["sexual_exploitation"],"consented":true}`,
		`{"age_at_recruitment":null,"presumed_minor":true,"acts":["harbouring","receipt"],"means":["deception"],"purposes":["forced_labour"]}`,
		`{"acts":["transportation"],"consented":true,"crossed_border":true}`,
		`{"means":["threat"],"purposes":["forced_labour"],"exploitation_occurred":true}`,
		`{"means":["bribery"]}`,
		`{"age_at_recruitment":"17"}`,
		`{"acts":"recruitment"}`,
		`{}{}`,
		`{"indicators":{"catalogue":"adult_labour","present":["d1_deceived_nature_job","d1_deceived_wages","d4_excessive_hours","d4_low_no_salary","d5_debt_bondage","d5_violence_victim"]}}`,
		`{"indicators":{"catalogue":"child_sexual","present":["nope"]}}`,
		`{"acts":["recruitment","recruitment"],"acts":[]}`,
		`{"age_at_recruitment":-0}`,
		`[{"acts":[]}]`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		facts, err := ParseFacts(bytes.NewReader(in))
		if err != nil {
			checkFieldError(t, err)
			return
		}
		r, err := Assess(facts)
		if err != nil {
			t.Fatalf("parsed facts rejected by Assess: %v", err)
		}
		if r.Child != (r.Means == MeansNotRequired) {
			t.Fatalf("child %v with means %q", r.Child, r.Means)
		}
		if r.MeetsDefinition != (r.Act && r.Purpose && r.Means != MeansNotMet) {
			t.Fatalf("meets_definition %v inconsistent with elements %+v", r.MeetsDefinition, r)
		}
		if !contains(recommendationStrings(), string(r.Recommendation)) || len(r.Reasons) == 0 {
			t.Fatalf("recommendation %q, %d reasons", r.Recommendation, len(r.Reasons))
		}
		for _, x := range r.Reasons {
			if wordsEN.Reason(x) == "" || wordsFR.Reason(x) == "" {
				t.Fatalf("reason %q lacks a language", x.Code)
			}
		}
		if (facts.Indicators != nil) != (r.ILO != nil) {
			t.Fatalf("ILO section present %v, indicators given %v", r.ILO != nil, facts.Indicators != nil)
		}
		for _, w := range testWords {
			if _, err := json.Marshal(r.Report(w)); err != nil {
				t.Fatalf("report does not marshal: %v", err)
			}
		}
	})
}

func checkFieldError(t *testing.T, err error) {
	t.Helper()
	var fe *FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error is not a FieldError: %v", err)
	}
	if fe.Field == "" || fe.Rule == "" || fe.Text(wordsEN) == "" || fe.Text(wordsFR) == "" {
		t.Fatalf("FieldError incomplete: %+v", fe)
	}
	if _, ok := codes["err_"+fe.Rule]; !ok {
		t.Fatalf("FieldError rule %q has no message", fe.Rule)
	}
	// The field is the document, a known field (possibly indexed), or the
	// unknown field itself.
	root := fe.Field
	if i := strings.IndexAny(root, "[."); i > 0 {
		root = root[:i]
	}
	if fe.Rule != "unknown_field" && root != "input" && !contains(factFields, root) {
		t.Fatalf("FieldError names no known field: %q (%s)", fe.Field, fe.Rule)
	}
}

func recommendationStrings() []string {
	out := make([]string, len(Recommendations))
	for i, r := range Recommendations {
		out[i] = string(r)
	}
	return out
}
