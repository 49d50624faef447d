package ctdc

import (
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// TestEveryCodeHasAMessage: every code the report can carry (each line,
// each level of each hierarchy, the rule) reads as a sentence in English
// and French, with its parameters filled.
func TestEveryCodeHasAMessage(t *testing.T) {
	var rep Report
	for q, h := range hierarchies {
		for lv := 0; lv <= h.height; lv++ {
			rep.Levels = append(rep.Levels, Level{Column: QIs[q], Level: lv, Height: h.height,
				Code: "ctdc.level." + h.column + "." + string(rune('0'+lv))})
		}
	}
	_, r := Anonymise(nil, Options{})
	rep.Columns = r.Columns
	for _, lang := range []string{"en", "fr"} {
		for _, id := range []string{"error." + RuleWhole} {
			if !i18n.Has(lang, id) {
				t.Errorf("%s: %s missing", lang, id)
			}
		}
		for _, l := range rep.Lines(func(code string, p map[string]any) string {
			if !i18n.Has(lang, code) {
				t.Errorf("%s: %s missing", lang, code)
			}
			return i18n.T(lang, code, p)
		}) {
			if strings.Contains(l, "{{") || strings.Contains(l, "<no value>") {
				t.Errorf("%s: %q", lang, l)
			}
		}
	}
}
