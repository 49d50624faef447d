package estimate

import (
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// in words a message of this package in lang, as the surfaces do.
func in(lang string, m i18n.Coded) string { return i18n.Text(lang, m) }

// TestEveryUsedIDIsCatalogued scans the package's own sources for message ids
// so that a typo cannot reach a person as a bare id.
func TestEveryUsedIDIsCatalogued(t *testing.T) {
	use := regexp.MustCompile(`(?:inputErr\(|msg\(|Code: )"(?:estimate\.)?([a-z_0-9]+)"[,)]`)
	found := 0
	for _, m := range sharedtest.SourceMatches(t, "*.go", use) {
		found++
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, "estimate."+m.Parts[1]) {
				t.Errorf("%s uses message id %q, missing from the %s catalogue", m.File, m.Parts[1], lang)
			}
		}
	}
	if found < 30 {
		t.Errorf("found only %d message uses; the scan pattern is probably broken", found)
	}
	for _, m := range []Method{Stepwise, Main, AIC, BIC, Fixed} {
		if !i18n.Has(i18n.Default, "estimate.method_"+string(m)) {
			t.Errorf("method %s has no label", m)
		}
	}
}

func TestNestedMessagesInSameLanguage(t *testing.T) {
	inner := inputErr("no_mle", kv{"Model": msg("model_main", nil)})
	outer := inputErr("main_not_estimable", kv{"Reason": inner})
	en, fr := in("en", outer), in("fr", outer)
	if !strings.Contains(en, "[main effects]") || !strings.Contains(en, "does not exist") {
		t.Errorf("English: %q", en)
	}
	if !strings.Contains(fr, "[effets principaux]") || !strings.Contains(fr, "n'existe pas") {
		t.Errorf("French: %q", fr)
	}
	if fault.KindOf(outer) != fault.Invalid || fault.KindOf(&Error{Code: "estimate.fit_failed"}) != fault.Internal {
		t.Error("input errors are Invalid, numerical failures Internal")
	}
}

// TestNumbersInReadersConvention: the p-value threshold of a label is a
// number, written with the decimal mark of the language.
func TestNumbersInReadersConvention(t *testing.T) {
	r := &Result{Options: Options{Method: Stepwise, PThresh: 0.05}}
	if en, fr := in("en", r.MethodLabel()), in("fr", r.MethodLabel()); en != "stepwise, p < 0.05" || fr != "pas à pas, p < 0,05" {
		t.Errorf("en %q, fr %q", en, fr)
	}
}
