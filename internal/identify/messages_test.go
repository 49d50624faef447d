package identify

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestMessagesInEveryLanguage: each message exists in English and French,
// differs between them (no untranslated copy) unless it is a bare format,
// and takes the same placeholders in the same order.
func TestMessagesInEveryLanguage(t *testing.T) {
	for code, m := range messages {
		for _, l := range Langs {
			if strings.TrimSpace(m.In(l)) == "" {
				t.Errorf("message %q has no %s text", code, l)
			}
		}
		if m.EN == m.FR && strings.Trim(verb.ReplaceAllString(m.EN, ""), " :,;.") != "" {
			t.Errorf("message %q is not translated: %q", code, m.EN)
		}
		if en, fr := verb.FindAllString(m.EN, -1), verb.FindAllString(m.FR, -1); !slices.Equal(en, fr) {
			t.Errorf("message %q placeholders differ: en %v, fr %v", code, en, fr)
		}
	}
}

// fragment matches messages that are parts of other messages, not reasons.
var fragment = regexp.MustCompile(`^(ilo_(rule|strength|dim|part|status)_.*|ilo_population_(adult|child)|ilo_count|element_.*)$`)

// TestEveryMessageIsUsed keeps the table free of dead entries, and every
// code the code refers to is in the table (msg panics otherwise).
func TestEveryMessageIsUsed(t *testing.T) {
	used := map[string]bool{}
	mark := func(rs []Reason) {
		for _, r := range rs {
			used[r.Code] = true
		}
	}
	// Reasons: the exhaustive walk of TestAssessExhaustive covers the Palermo
	// codes; run a small version here.
	for _, f := range []Facts{
		{AgeAtRecruitment: age(16), Consented: true, Acts: []string{"recruitment"}, Means: []string{"threat"}, Purposes: []string{"forced_begging"}},
		{AgeAtRecruitment: age(16), Purposes: []string{"forced_labour"}},
		{AgeAtRecruitment: age(30), PresumedMinor: true, Consented: true, Acts: []string{"recruitment"}, Means: []string{"threat"}, Purposes: []string{"slavery"}, ExploitationOccurred: true, CrossedBorder: true},
		{AgeAtRecruitment: age(30), Consented: true, CrossedBorder: true, Acts: []string{"transportation"}},
		{PresumedMinor: true},
		{ExploitationOccurred: true},
		{AgeAtRecruitment: age(15), Indicators: &IndicatorFacts{Catalogue: "child_labour", Present: []string{"d2_violence_victim", "d2_threats_violence", "d4_excessive_hours", "d4_low_no_salary"}}},
		{AgeAtRecruitment: age(15), Acts: []string{"recruitment"}, Purposes: []string{"forced_labour"}, Indicators: &IndicatorFacts{Catalogue: "child_labour"}},
	} {
		r := mustAssess(t, f)
		mark(r.Reasons)
		if r.ILO != nil {
			mark(r.ILO.Reasons)
		}
	}
	c, _ := Catalogues().Get("adult_labour")
	for _, child := range []bool{false, true} {
		r := c.Evaluate([]string{"d1_deceived_nature_job", "d1_deceived_wages", "d2_threats_violence", "d4_excessive_hours", "d4_low_no_salary", "d5_debt_bondage", "d5_violence_victim", "x"}, child)
		mark(r.Reasons)
		r = c.Evaluate(nil, child)
		mark(r.Reasons)
	}
	for _, r := range Recommendations {
		if r.Text().EN == "" || r.Text().FR == "" {
			t.Errorf("recommendation %q lacks a text", r)
		}
		used["rec_"+string(r)] = true
	}
	for code := range messages {
		if used[code] {
			continue
		}
		// Fragments and errors are used through other messages and
		// FieldError; the parse and catalogue tests exercise them.
		if strings.HasPrefix(code, "err_") || fragment.MatchString(code) || code == "cat_problems" {
			continue
		}
		t.Errorf("message %q is never produced by these scenarios", code)
	}
}

// TestFieldErrorRulesHaveMessages: every rule a FieldError can carry has
// its message in both languages.
func TestFieldErrorRulesHaveMessages(t *testing.T) {
	for _, rule := range []string{"empty_input", "too_large", "read_failed", "invalid_json", "not_object", "trailing_data",
		"unknown_field", "duplicate_field", "not_bool", "not_integer", "age_range", "not_array", "not_string",
		"unknown_identifier", "unknown_catalogue", "unknown_indicator", "required",
		"cat_bad_id", "cat_duplicate_id", "cat_dimension", "cat_strength", "cat_population", "cat_no_indicators",
		"cat_duplicate_cat", "cat_missing_lang", "cat_decode"} {
		m, ok := messages["err_"+rule]
		if !ok || m.EN == "" || m.FR == "" {
			t.Errorf("rule %q has no message in both languages", rule)
		}
	}
}

func TestParseLang(t *testing.T) {
	for in, want := range map[string]Lang{"en": EN, "fr": FR, "FR": FR, "fr_FR.UTF-8": FR, "en_GB": EN, "fr-CA": FR} {
		if got, ok := ParseLang(in); !ok || got != want {
			t.Errorf("ParseLang(%q) = %q %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "de", "french", "C"} {
		if _, ok := ParseLang(in); ok {
			t.Errorf("ParseLang(%q) accepted", in)
		}
	}
}
