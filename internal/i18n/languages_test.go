package i18n_test

import (
	"io/fs"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/i18n/pseudo"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestLanguagesAreTheCatalogueFiles: the languages are the ones the files
// name, the default first; no Go list.
func TestLanguagesAreTheCatalogueFiles(t *testing.T) {
	names, err := fs.Glob(i18n.Embedded(), "locales/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{}
	for _, n := range names {
		if l := i18n.LangOfFile(n); !slices.Contains(want, l) {
			want = append(want, l)
		}
	}
	slices.Sort(want)
	got := slices.Clone(i18n.Languages)
	if len(got) == 0 || got[0] != i18n.Default {
		t.Fatalf("Languages = %v, want the default %s first", got, i18n.Default)
	}
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("Languages = %v, the files name %v", i18n.Languages, want)
	}
	for _, l := range i18n.Languages {
		if n := i18n.Name(l); n == "" || n == "language.name" {
			t.Errorf("language %s has no language.name", l)
		}
	}
}

// TestNewLanguageIsOnlyFiles loads a pseudo-locale generated from the
// English catalogues and checks that everything that enumerates or picks
// languages now knows it, with no Go change.
func TestNewLanguageIsOnlyFiles(t *testing.T) {
	pseudo.Use(t)
	if !i18n.Supported(pseudo.Tag) || !slices.Contains(i18n.Languages, pseudo.Tag) || i18n.Languages[0] != i18n.Default {
		t.Fatalf("Languages = %v after loading %s", i18n.Languages, pseudo.Tag)
	}
	for pref, want := range map[string]string{
		pseudo.Tag: pseudo.Tag, "en-XA,fr;q=0.5": pseudo.Tag,
		"en": "en", "en-GB,en;q=0.9": "en", "en-US": "en", "fr-SN": "fr", "de": "en",
	} {
		if got := i18n.Match(pref); got != want {
			t.Errorf("Match(%q) = %q, want %q", pref, got, want)
		}
	}
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "en_XA.UTF-8")
	if got := i18n.FromEnv(); got != pseudo.Tag {
		t.Errorf("LANG=en_XA.UTF-8 gives %q", got)
	}
	for _, id := range i18n.IDs(i18n.Default) {
		if !i18n.Has(pseudo.Tag, id) {
			t.Errorf("%s missing from the pseudo-locale", id)
		}
	}
	if got := i18n.T(pseudo.Tag, "home.welcome", map[string]any{"Name": "Awa"}); !strings.HasPrefix(got, pseudo.Open) || !strings.Contains(got, "Awa") {
		t.Errorf("placeholder lost: %q", got)
	}
	// A user may choose it, typed in any case.
	u := account.User{Email: "awa.sow@passage-lyon.example.org", DisplayName: "Awa Sow", Lang: "EN-xa"}
	u.Normalise()
	if es := u.Validate(); u.Lang != pseudo.Tag || es.Has("lang", valid.RuleOneOf) {
		t.Errorf("a user choosing %s: lang %q, %v", pseudo.Tag, u.Lang, es)
	}
	if n := i18n.Name(pseudo.Tag); !strings.HasPrefix(n, pseudo.Open) {
		t.Errorf("Name = %q", n)
	}
	if got := i18n.Time(pseudo.Tag, time.Date(2026, 3, 7, 9, 5, 0, 0, time.UTC)); got != "7 Mar 2026 09:05 UTC" {
		t.Errorf("a format message must be kept as it is: %q", got)
	}
}

func TestPseudoWordKeepsPlaceholders(t *testing.T) {
	got := pseudo.Word("Sign in as {{.Name}}, {{ .Count }} left")
	if got != "⟦Šîĝñ îñ áš {{.Name}}, {{ .Count }} ļéfţ⟧" {
		t.Errorf("got %q", got)
	}
}

func TestFromEnv(t *testing.T) {
	for _, c := range []struct{ all, messages, lang, want string }{
		{"", "", "fr_FR.UTF-8", "fr"},
		{"", "", "fr_SN@latin", "fr"},
		{"", "", "en_GB.UTF-8", "en"},
		{"", "", "C.UTF-8", "en"},
		{"", "", "POSIX", "en"},
		{"", "", "de_DE.UTF-8", "en"},
		{"", "fr_NE", "en_GB", "fr"},
		{"en_US", "fr_NE", "fr_FR", "en"},
		{"", "", "", "en"},
	} {
		t.Setenv("LC_ALL", c.all)
		t.Setenv("LC_MESSAGES", c.messages)
		t.Setenv("LANG", c.lang)
		if got := i18n.FromEnv(); got != c.want {
			t.Errorf("LC_ALL=%q LC_MESSAGES=%q LANG=%q: %q, want %q", c.all, c.messages, c.lang, got, c.want)
		}
	}
}

func TestNumbersAndTimesInReadersConvention(t *testing.T) {
	if got := i18n.Number("en", 11418.4, 0); got != "11,418" {
		t.Errorf("en: %q", got)
	}
	if got := i18n.Number("fr", 11418.4, 0); got != "11\u00a0418" {
		t.Errorf("fr: %q", got)
	}
	at := time.Date(2026, 12, 4, 9, 5, 0, 0, time.FixedZone("WAT", 3600))
	if en, fr := i18n.Time("en", at), i18n.Time("fr", at); en != "4 Dec 2026 08:05 UTC" || fr != "04/12/2026 08:05 UTC" {
		t.Errorf("en %q fr %q", en, fr)
	}
	if i18n.Time("en", time.Time{}) != "" {
		t.Error("zero time should be empty")
	}
	// A floating-point parameter takes the reader's decimal mark.
	if got := i18n.T("fr", "estimate.method_stepwise", map[string]any{"P": 0.05}); got != "pas à pas, p < 0,05" {
		t.Errorf("fr decimal: %q", got)
	}
}

func TestLoadRefusesBadFiles(t *testing.T) {
	bad := map[string]string{
		"locales/x.english.toml": `"a" = "b"`,              // not a BCP 47 tag
		"locales/x.EN.toml":      `"a" = "b"`,              // not canonical
		"locales/core.fr.toml":   `"nav.home" = "Accueil"`, // defined twice for fr
	}
	before := slices.Clone(i18n.Languages)
	for name, body := range bad {
		if err := i18n.Load(mapFS(map[string]string{name: body})); err == nil {
			t.Errorf("%s loaded", name)
		}
	}
	if !slices.Equal(i18n.Languages, before) || i18n.T("fr", "nav.home", nil) == "nav.home" {
		t.Errorf("a refused load changed the languages: %v", i18n.Languages)
	}
}

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{"en-xa": "en-XA", "FR": "fr", " fr_FR ": "fr-FR", "pt-br": "pt-BR", "not a tag": "not a tag", "": ""} {
		if got := i18n.Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestLookupOnlyNamedLanguages: a language the reader did not name is not a
// match, even where CLDR would offer it, so the caller's fallback applies.
func TestLookupOnlyNamedLanguages(t *testing.T) {
	for _, c := range []struct {
		pref, want string
		ok         bool
	}{
		{"ha-NG", "en", false},
		{"ha-NG, fr;q=0.3", "fr", true},
		{"en-NG", "en", true},
		{"fr-NE", "fr", true},
		{"de", "en", false},
		{"", "en", false},
	} {
		if got, ok := i18n.Lookup(c.pref); got != c.want || ok != c.ok {
			t.Errorf("Lookup(%q) = %q, %v; want %q, %v", c.pref, got, ok, c.want, c.ok)
		}
	}
}
