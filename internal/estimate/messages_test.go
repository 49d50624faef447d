package estimate

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// verbs counts the fmt verbs of a format, ignoring %%.
func verbs(f string) int {
	return strings.Count(strings.ReplaceAll(f, "%%", ""), "%")
}

func TestCatalogueHasBothLanguages(t *testing.T) {
	for id, m := range messages {
		if strings.TrimSpace(m.en) == "" || strings.TrimSpace(m.fr) == "" {
			t.Errorf("message %q lacks a language: en=%q fr=%q", id, m.en, m.fr)
		}
		if verbs(m.en) != verbs(m.fr) {
			t.Errorf("message %q: %d verbs in English, %d in French", id, verbs(m.en), verbs(m.fr))
		}
		if m.en == m.fr && len(m.en) > 4 {
			t.Errorf("message %q: French text is the English one: %q", id, m.en)
		}
	}
}

// TestEveryUsedIDIsCatalogued scans the package's own sources for message ids
// so that a typo cannot reach a user as a bare id.
func TestEveryUsedIDIsCatalogued(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	use := regexp.MustCompile(`(?:inputErr\(|ID: |Text\(l, |localized\(|Text\(EN, |Text\(FR, )"([a-z_0-9]+)"[,)]`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range use.FindAllStringSubmatch(string(src), -1) {
			found++
			if _, ok := messages[m[1]]; !ok {
				t.Errorf("%s uses message id %q, which is not in the catalogue", f, m[1])
			}
		}
	}
	if found < 30 {
		t.Errorf("found only %d message uses; the scan pattern is probably broken", found)
	}
}

func TestTextRendersNestedArguments(t *testing.T) {
	inner := inputErr("no_mle", localized("model_main"))
	outer := inputErr("main_not_estimable", inner)
	en, fr := outer.In(EN), outer.In(FR)
	if !strings.Contains(en, "[main effects]") || !strings.Contains(en, "does not exist") {
		t.Errorf("English: %q", en)
	}
	if !strings.Contains(fr, "[effets principaux]") || !strings.Contains(fr, "n'existe pas") {
		t.Errorf("French: %q", fr)
	}
	if outer.Error() != en {
		t.Errorf("Error() = %q, want the English text", outer.Error())
	}
}

func TestParseLang(t *testing.T) {
	for s, want := range map[string]bool{"en": true, "fr": true, "de": false, "": false} {
		if _, ok := ParseLang(s); ok != want {
			t.Errorf("ParseLang(%q) ok = %v, want %v", s, ok, want)
		}
	}
}
