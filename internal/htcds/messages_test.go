package htcds

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// tr renders codes in lang through the catalogues, as the surfaces do.
func tr(lang string) Translator {
	return func(code string, params map[string]any) string { return i18n.T(lang, code, params) }
}

// text renders a report in lang, for test failures.
func text(rep Report, lang string) string {
	var sb strings.Builder
	rep.Write(&sb, tr(lang))
	return sb.String()
}

var marker = regexp.MustCompile(`⟦(\w+)⟧`)

// Every code this package emits has a message in every language, using
// exactly the parameters the package gives it.
func TestEveryCodeHasAMessage(t *testing.T) {
	codes := Codes()
	for code, params := range codes {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, code) {
				t.Errorf("%s: no message in %s", code, lang)
				continue
			}
			// Each parameter renders as a marker; one the code does not give
			// renders as "<no value>".
			data := map[string]any{}
			for _, p := range params {
				data[p] = "⟦" + p + "⟧"
			}
			msg := i18n.T(lang, code, data)
			if strings.Contains(msg, "<no value>") {
				t.Errorf("%s in %s uses a parameter the code does not give: %q", code, lang, msg)
			}
			var used []string
			for _, m := range marker.FindAllStringSubmatch(msg, -1) {
				used = append(used, m[1])
			}
			for _, p := range params {
				// Every notice gives column and count; a message may leave them out.
				if !slices.Contains(used, p) && p != "column" && p != "count" {
					t.Errorf("%s in %s leaves out parameter %s", code, lang, p)
				}
			}
		}
	}
	// And the catalogue holds no htcds message the package no longer emits
	// (the command's and the use case's own lines excepted).
	for _, id := range i18n.IDs(i18n.Default) {
		if strings.HasPrefix(id, "htcds.") && !strings.HasPrefix(id, "htcds.cli.") && !strings.HasPrefix(id, "htcds.import.") {
			if _, ok := codes[id]; !ok {
				t.Errorf("catalogue message %s is not a code of this package", id)
			}
		}
	}
}

// Every rule a row can break has its own message; casework's rules included.
func TestEveryRuleHasItsCode(t *testing.T) {
	for _, r := range casework.Rules {
		if code, _ := ruleCode(r, nil); code != rulePrefix+r {
			t.Errorf("casework rule %s reported as %s", r, code)
		}
	}
	code, params := ruleCode("some_future_rule", nil)
	if code != rulePrefix+RuleInvalid || params["rule"] != "some_future_rule" {
		t.Errorf("fallback %s %v", code, params)
	}
	if got := i18n.T("fr", code, params); got != "n'est pas valide (some_future_rule)" {
		t.Errorf("fallback renders %q", got)
	}
}

func TestErrorKinds(t *testing.T) {
	for id, want := range map[string]fault.Kind{
		ErrTooLarge: fault.TooLarge, ErrTooManyRows: fault.TooLarge, ErrTooManyCells: fault.TooLarge,
		ErrUnpackedTooBig: fault.TooLarge, ErrBadRows: fault.Invalid, ErrUnreadable: fault.Invalid, ErrFormat: fault.Invalid,
	} {
		if got := fault.KindOf(newError(id, nil, nil)); got != want {
			t.Errorf("%s: kind %v, want %v", id, got, want)
		}
	}
}

// The vocabulary files are well formed, name only known fields and lists,
// and a field label of one language never means another field.
func TestVocabulary(t *testing.T) {
	ws, err := readVocab(vocabFiles)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		for name, l := range w.Fields {
			if f, ok := fieldByName[name]; !ok || f.Name != name {
				t.Errorf("%s: field %s is not a canonical field name", w.Lang, name)
			} else if fieldByLabel[normal(l)] != f {
				t.Errorf("%s: label %q of %s reads as another field", w.Lang, l, name)
			}
		}
		for list, values := range w.Values {
			p := picklists[list]
			for v, labels := range values {
				if !slices.Contains(p.values, v) {
					t.Errorf("%s: %s is not a value of %s", w.Lang, v, list)
				}
				for _, l := range labels {
					if got, _, ok := p.resolve(l); !ok || got != v {
						t.Errorf("%s: %q reads as %q, want %q", w.Lang, l, got, v)
					}
				}
			}
		}
	}
}
