package identify

import (
	"errors"
	"strings"
	"testing"
	"testing/iotest"
)

func TestParseFactsValid(t *testing.T) {
	in := `{
		"age_at_recruitment": 16, "presumed_minor": false,
		"acts": ["recruitment", "transportation", "recruitment"],
		"means": [], "purposes": ["sexual_exploitation"],
		"consented": true, "crossed_border": true, "exploitation_occurred": false,
		"indicators": {"catalogue": "child_sexual", "present": ["d1_deceived_nature_job_location"]}
	}` + "\n\t "
	f, err := ParseFacts(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if f.AgeAtRecruitment == nil || *f.AgeAtRecruitment != 16 || !f.Consented || !f.CrossedBorder || f.ExploitationOccurred {
		t.Errorf("facts = %+v", f)
	}
	if strings.Join(f.Acts, ",") != "recruitment,transportation,recruitment" {
		t.Errorf("acts = %v", f.Acts)
	}
	if f.Indicators == nil || f.Indicators.Catalogue != "child_sexual" || len(f.Indicators.Present) != 1 {
		t.Errorf("indicators = %+v", f.Indicators)
	}
	// null is "not recorded", an empty object is a valid empty screening.
	f, err = ParseFacts(strings.NewReader(`{"age_at_recruitment": null, "acts": null, "consented": null, "indicators": null}`))
	if err != nil || f.AgeAtRecruitment != nil || f.Acts != nil || f.Indicators != nil {
		t.Errorf("nulls: %+v %v", f, err)
	}
	if _, err := ParseFacts(strings.NewReader(`{}`)); err != nil {
		t.Errorf("empty object: %v", err)
	}
}

func TestParseFactsErrorsNameTheField(t *testing.T) {
	cases := []struct {
		in, field, rule string
		enContains      string
	}{
		{``, "input", "empty_input", "empty input"},
		{"  \n ", "input", "empty_input", "empty input"},
		{`[]`, "input", "not_object", "JSON object"},
		{`"facts"`, "input", "not_object", "JSON object"},
		{`{"acts": []} {}`, "input", "trailing_data", "after the JSON object"},
		{`{"acts": []} x`, "input", "trailing_data", "after the JSON object"},
		{`{"acts": [`, "acts", "invalid_json", "invalid JSON"},
		{`{"acts" `, "acts", "invalid_json", "invalid JSON"},
		{`{`, "input", "invalid_json", "invalid JSON"},
		{`{"name": "Awa"}`, "name", "unknown_field", "allowed: age_at_recruitment"},
		{`{"Acts": []}`, "Acts", "unknown_field", "unknown field"},
		{`{"a b": 1}`, `"a b"`, "unknown_field", "unknown field"},
		{`{"acts": [], "acts": ["recruitment"]}`, "acts", "duplicate_field", "twice"},
		{`{"age_at_recruitment": "17"}`, "age_at_recruitment", "not_integer", "whole number"},
		{`{"age_at_recruitment": 17.5}`, "age_at_recruitment", "not_integer", "whole number"},
		{`{"age_at_recruitment": 1e1}`, "age_at_recruitment", "not_integer", "whole number"},
		{`{"age_at_recruitment": true}`, "age_at_recruitment", "not_integer", "whole number"},
		{`{"age_at_recruitment": -1}`, "age_at_recruitment", "age_range", "between 0 and 130"},
		{`{"age_at_recruitment": 131}`, "age_at_recruitment", "age_range", "between 0 and 130"},
		{`{"age_at_recruitment": 99999999999999999999999}`, "age_at_recruitment", "age_range", "between 0 and 130"},
		{`{"presumed_minor": "yes"}`, "presumed_minor", "not_bool", "true or false"},
		{`{"consented": 1}`, "consented", "not_bool", "true or false"},
		{`{"crossed_border": []}`, "crossed_border", "not_bool", "true or false"},
		{`{"exploitation_occurred": "false"}`, "exploitation_occurred", "not_bool", "true or false"},
		{`{"acts": "recruitment"}`, "acts", "not_array", "array"},
		{`{"means": {"threat": true}}`, "means", "not_array", "array"},
		{`{"purposes": 3}`, "purposes", "not_array", "array"},
		{`{"acts": ["recruitment", 2]}`, "acts[1]", "not_string", "string"},
		{`{"acts": [null]}`, "acts[0]", "not_string", "string"},
		{`{"means": ["threat", "deception", "bribery"]}`, "means[2]", "unknown_identifier", `unknown identifier "bribery"; allowed: threat, use_of_force`},
		{`{"acts": ["Recruitment"]}`, "acts[0]", "unknown_identifier", `"Recruitment"`},
		{`{"purposes": ["prostitution"]}`, "purposes[0]", "unknown_identifier", "allowed: sexual_exploitation"},
		{`{"indicators": []}`, "indicators", "not_object", "JSON object"},
		{`{"indicators": {}}`, "indicators.catalogue", "required", "required"},
		{`{"indicators": {"catalogue": 1}}`, "indicators.catalogue", "not_string", "string"},
		{`{"indicators": {"catalogue": "uk_nrm"}}`, "indicators.catalogue", "unknown_catalogue", "allowed: adult_labour, adult_sexual, child_labour, child_sexual"},
		{`{"indicators": {"catalogue": "adult_labour", "present": "d1_deceived_wages"}}`, "indicators.present", "not_array", "array"},
		{`{"indicators": {"catalogue": "adult_labour", "present": ["d1_deceived_wages", "d9_x"]}}`, "indicators.present[1]", "unknown_indicator", `unknown indicator "d9_x" in catalogue adult_labour`},
		{`{"indicators": {"catalogue": "adult_labour", "extra": 1}}`, "indicators.extra", "unknown_field", "allowed: catalogue, present"},
		{`{"indicators": {"catalogue": "adult_labour", "catalogue": "child_labour"}}`, "indicators.catalogue", "duplicate_field", "twice"},
	}
	for _, c := range cases {
		_, err := ParseFacts(strings.NewReader(c.in))
		var fe *FieldError
		if !errors.As(err, &fe) {
			t.Errorf("ParseFacts(%q) = %v, want *FieldError", c.in, err)
			continue
		}
		if fe.Field != c.field || fe.Rule != c.rule || !strings.Contains(fe.Text(wordsEN), c.enContains) {
			t.Errorf("ParseFacts(%q) = field %q rule %q %q; want %q %q containing %q", c.in, fe.Field, fe.Rule, fe.Text(wordsEN), c.field, c.rule, c.enContains)
		}
		if !strings.HasPrefix(fe.Text(wordsFR), fe.Field+": ") || fe.Text(wordsFR) == fe.Text(wordsEN) {
			t.Errorf("French message for %q = %q", c.in, fe.Text(wordsFR))
		}
	}
}

func TestParseFactsLimits(t *testing.T) {
	big := `{"acts": [` + strings.Repeat(`"recruitment",`, MaxInputBytes/14) + `"recruitment"]}`
	_, err := ParseFacts(strings.NewReader(big))
	var fe *FieldError
	if !errors.As(err, &fe) || fe.Rule != "too_large" {
		t.Errorf("oversized input: %v", err)
	}
	_, err = ParseFacts(iotest.ErrReader(errors.New("disk on fire")))
	if !errors.As(err, &fe) || fe.Rule != "read_failed" || strings.Contains(fe.Error(), "fire") {
		t.Errorf("read failure: %v", err)
	}
}

// TestErrorsDoNotEchoLongInput: an unknown value is quoted short, so a
// narrative pasted in the wrong field does not end up in an error or a log.
func TestErrorsDoNotEchoLongInput(t *testing.T) {
	story := strings.Repeat("Awa Traoré left Bamako in March ", 5)
	_, err := ParseFacts(strings.NewReader(`{"acts": ["` + story + `"]}`))
	if err == nil || strings.Contains(err.Error(), story[:60]) {
		t.Errorf("error echoes the input: %v", err)
	}
}
