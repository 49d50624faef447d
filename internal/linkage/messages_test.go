package linkage

import (
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// words joins messages in English, as the command line shows a report.
func words(ms []Message) string {
	s := make([]string, len(ms))
	for i, m := range ms {
		s[i] = i18n.Text("en", m)
	}
	return strings.Join(s, "; ")
}

// TestEveryUsedIDIsCatalogued scans the package's sources for message ids so
// that a typo cannot reach a person as a bare id.
func TestEveryUsedIDIsCatalogued(t *testing.T) {
	use := regexp.MustCompile(`(?:errf|causeErr|msg|corrupt)\("([a-z0-9_.]+)"`)
	found := 0
	for _, m := range sharedtest.SourceMatches(t, "*.go", use) {
		if strings.HasSuffix(m.Parts[1], ".") {
			continue // a prefix: the corrupt() calls name the rest
		}
		found++
		id := "linkage." + m.Parts[1]
		if strings.HasPrefix(m.Parts[0], "corrupt(") {
			id = "linkage.clk.part." + m.Parts[1]
		}
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, id) {
				t.Errorf("%s uses %q, missing from the %s catalogue", m.File, id, lang)
			}
		}
	}
	if found < 40 {
		t.Errorf("found only %d message uses; the scan pattern is probably broken", found)
	}
}

func TestErrorIsCodedAndInvalid(t *testing.T) {
	err := error(NewError("secret.short", kv{"File": "k", "Min": 32, "Got": 4}))
	if fault.KindOf(err) != fault.Invalid {
		t.Errorf("kind %v, want invalid", fault.KindOf(err))
	}
	en, ok := i18n.ErrorText("en", err)
	fr, _ := i18n.ErrorText("fr", err)
	if !ok || !strings.Contains(en, "at least 32 bytes") || !strings.Contains(fr, "au moins 32 octets") {
		t.Fatalf("en %q / fr %q", en, fr)
	}
	if strings.Contains(err.Error(), " ") {
		t.Errorf("Error() is for logs, a code: %q", err.Error())
	}
	// A cause stays reachable and is quoted as the system words it.
	_, rerr := ReadSecret(filepath.Join(t.TempDir(), "none"))
	if !errors.Is(rerr, os.ErrNotExist) {
		t.Errorf("ReadSecret of a missing file: %v does not wrap ErrNotExist", rerr)
	}
}

func TestNestedMessageWordedInSameLanguage(t *testing.T) {
	_, err := ParseCLK([]byte("PCLK"), "a.clk")
	fr, ok := i18n.ErrorText("fr", err)
	if !ok || !strings.Contains(fr, "a.clk") || strings.Contains(fr, "linkage.") {
		t.Fatalf("fr %q (%v)", fr, err)
	}
}
