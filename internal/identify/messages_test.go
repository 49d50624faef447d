package identify

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// The words of the tests: the real catalogues, one Words per language.
var (
	wordsEN   = Words{Lang: "en", T: i18n.T}
	wordsFR   = Words{Lang: "fr", T: i18n.T}
	testWords = func() []Words {
		var ws []Words
		for _, l := range i18n.Languages {
			ws = append(ws, Words{Lang: l, T: i18n.T})
		}
		return ws
	}()
)

// TestEveryCodeWordedInEveryLanguage: each code the engine produces has its
// message in every language of the catalogues, taking exactly the
// placeholders the code declares (each one shown, none left without a
// value), and the catalogues hold no identify message the engine lacks.
func TestEveryCodeWordedInEveryLanguage(t *testing.T) {
	all := Codes()
	for c, names := range all {
		for _, lang := range i18n.Languages {
			id := MessageID(c)
			if !i18n.Has(lang, id) {
				t.Errorf("%s: no %s message %q", c, lang, id)
				continue
			}
			data := map[string]any{}
			for _, n := range names {
				data[n] = "⟦" + n + "⟧"
			}
			got := i18n.T(lang, id, data)
			for _, n := range names {
				if strings.Count(got, "⟦"+n+"⟧") != 1 {
					t.Errorf("%s (%s): placeholder {{.%s}} not used once: %q", c, lang, n, got)
				}
			}
			if strings.Contains(got, "<no value>") {
				t.Errorf("%s (%s): a placeholder the code does not declare: %q", c, lang, got)
			}
		}
	}
	for _, lang := range i18n.Languages {
		for _, id := range i18n.IDs(lang) {
			if c, ok := strings.CutPrefix(id, MessagePrefix); ok {
				if _, known := all[c]; !known {
					t.Errorf("%s message %q is no code of the engine", lang, id)
				}
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{\{\s*\.\w+\s*\}\}`)

// TestMessagesTranslated: a sentence differs between English and French
// (no untranslated copy) unless it is only placeholders and punctuation.
func TestMessagesTranslated(t *testing.T) {
	for c := range codes {
		en, fr := i18n.T("en", MessageID(c), nil), i18n.T("fr", MessageID(c), nil)
		if en == fr && strings.Trim(placeholder.ReplaceAllString(en, ""), " :,;.+") != "" {
			t.Errorf("message %q is not translated: %q", c, en)
		}
	}
}

// fragment matches messages that are parts of other messages, not reasons.
var fragment = regexp.MustCompile(`^(ilo_(rule|strength|dim|part|status)_.*|ilo_population_(adult|child)|ilo_count|element_.*|sep_.*)$`)

// TestEveryMessageIsUsed keeps the table free of dead entries, and every
// code the code refers to is in the table (msg panics otherwise).
func TestEveryMessageIsUsed(t *testing.T) {
	used := map[string]bool{}
	var markMsg func(m Message)
	markMsg = func(m Message) {
		used[m.Code] = true
		for _, a := range m.Params {
			for _, x := range a.Msgs {
				markMsg(x)
			}
		}
	}
	mark := func(rs []Reason) {
		for _, r := range rs {
			markMsg(r.Message())
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
		if wordsEN.Say(Message{Code: r.Code()}) == "" || wordsFR.Say(Message{Code: r.Code()}) == "" {
			t.Errorf("recommendation %q lacks a text", r)
		}
		used[r.Code()] = true
	}
	for code := range codes {
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
// its message in every language.
func TestFieldErrorRulesHaveMessages(t *testing.T) {
	for _, rule := range []string{"empty_input", "too_large", "read_failed", "invalid_json", "not_object", "trailing_data",
		"unknown_field", "duplicate_field", "not_bool", "not_integer", "age_range", "not_array", "not_string",
		"unknown_identifier", "unknown_catalogue", "unknown_indicator", "required",
		"cat_bad_id", "cat_duplicate_id", "cat_dimension", "cat_strength", "cat_population", "cat_no_indicators",
		"cat_duplicate_cat", "cat_missing_lang", "cat_decode"} {
		fe := &FieldError{Rule: rule}
		if _, ok := codes[fe.Code()]; !ok {
			t.Errorf("rule %q has no code", rule)
		}
		for _, l := range i18n.Languages {
			if !i18n.Has(l, MessageID(fe.Code())) {
				t.Errorf("rule %q has no %s message", rule, l)
			}
		}
	}
}

// TestEmbeddedCataloguesSpeakEveryLanguage: the indicator catalogues carry
// their labels in every interface language, so no reader falls back.
func TestEmbeddedCataloguesSpeakEveryLanguage(t *testing.T) {
	for _, id := range Catalogues().IDs() {
		c := mustCatalogue(t, id)
		for _, l := range i18n.Languages {
			if !slices.Contains(c.languages(), l) {
				t.Errorf("catalogue %s has no %s labels", id, l)
			}
		}
	}
}

// TestLabelsFallBack: a label missing in the reader's language is shown in
// the fallback language rather than left empty.
func TestLabelsFallBack(t *testing.T) {
	l := Labels{"en": "Deceived about wages", "fr": "Tromperie sur le salaire"}
	for lang, want := range map[string]string{"fr": "Tromperie sur le salaire", "en": "Deceived about wages", "ha": "Deceived about wages"} {
		if got := l.In(lang); got != want {
			t.Errorf("In(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (Labels{"pt": "Enganado"}).In("fr"); got != "Enganado" {
		t.Errorf("a label without the fallback language = %q", got)
	}
}
