package i18n

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"

	"github.com/passerelle-org/passerelle/internal/sharedtest"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// flatten reads a TOML catalogue as plain key paths, independently of
// go-i18n, so the test sees any key go-i18n would swallow (a table whose keys
// look like plural forms, e.g. "other") or drop.
func flatten(t *testing.T, name string) map[string]string {
	t.Helper()
	var raw map[string]any
	buf, err := fs.ReadFile(files, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := toml.Unmarshal(buf, &raw); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	out := map[string]string{}
	var walk func(prefix string, v any)
	walk = func(prefix string, v any) {
		switch x := v.(type) {
		case string:
			out[prefix] = x
		case map[string]any:
			for k, v := range x {
				p := k
				if prefix != "" {
					p = prefix + "." + k
				}
				walk(p, v)
			}
		default:
			t.Errorf("%s: %s: value of type %T, want text", name, prefix, v)
		}
	}
	walk("", raw)
	return out
}

var placeholder = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func placeholders(s string) string {
	var ps []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		ps = append(ps, m[1])
	}
	sort.Strings(ps)
	return strings.Join(ps, ",")
}

// TestCataloguesMatch: every area has a file per language, every id of one
// language exists, non-empty and with the same placeholders, in the others;
// and go-i18n loads exactly the ids the files hold.
func TestCataloguesMatch(t *testing.T) {
	names, err := fs.Glob(files, "locales/*.toml")
	if err != nil || len(names) == 0 {
		t.Fatalf("no catalogues: %v", err)
	}
	areas := map[string]map[string]map[string]string{} // area -> lang -> id -> text
	for _, n := range names {
		lang := LangOfFile(n)
		area := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(n), ".toml"), "."+lang)
		if areas[area] == nil {
			areas[area] = map[string]map[string]string{}
		}
		areas[area][lang] = flatten(t, n)
	}
	loaded := 0
	for area, byLang := range areas {
		for _, lang := range Languages {
			msgs, ok := byLang[lang]
			if !ok {
				t.Errorf("area %s has no %s catalogue (locales/%s.%s.toml)", area, lang, area, lang)
				continue
			}
			loaded += len(msgs)
			for id, text := range msgs {
				if strings.TrimSpace(text) == "" {
					t.Errorf("%s.%s.toml: %q is empty", area, lang, id)
				}
				if !Has(lang, id) {
					t.Errorf("%s.%s.toml: %q not loaded by go-i18n (a key named like a plural form?)", area, lang, id)
				}
				for _, other := range Languages {
					if other == lang {
						continue
					}
					o, ok := byLang[other][id]
					if !ok {
						t.Errorf("%q is in %s.%s.toml but missing from %s.%s.toml", id, area, lang, area, other)
						continue
					}
					if placeholders(o) != placeholders(text) {
						t.Errorf("%q: placeholders differ: %s [%s] vs %s [%s]", id, lang, placeholders(text), other, placeholders(o))
					}
				}
			}
		}
	}
	total := 0
	for _, lang := range Languages {
		total += len(IDs(lang))
	}
	if total != loaded {
		t.Errorf("go-i18n loaded %d messages, the files hold %d", total, loaded)
	}
}

func TestEveryValidationRuleTranslated(t *testing.T) {
	if len(valid.Rules) == 0 {
		t.Fatal("valid.Rules is empty")
	}
	for _, rule := range valid.Rules {
		for _, lang := range Languages {
			if !Has(lang, "error."+rule) {
				t.Errorf("error.%s missing in %s", rule, lang)
			}
		}
	}
}

// Patterns that name a message id literally. Ids ending in "." are prefixes
// completed at run time (e.g. "error."+rule) and are checked by the tests of
// the code that builds them.
var (
	templateUse = regexp.MustCompile(`\bT\s+"([^"]+)"`)
	goUses      = []*regexp.Regexp{
		regexp.MustCompile(`\bs\.t\(\s*r\s*,\s*"([^"]+)"`),
		regexp.MustCompile(`\bi18n\.T\(\s*[^,()]+,\s*"([^"]+)"`),
		regexp.MustCompile(`\btr\(\s*[\w.]+\s*,\s*"([^"]+)"`),
		regexp.MustCompile(`\bs\.flash\(\s*r\s*,\s*"([^"]+)"`),
		regexp.MustCompile(`\brefuse\(\s*\w+\s*,\s*"[^"]*"\s*,\s*"([^"]+)"`),
		regexp.MustCompile(`\btell\(\s*\w+\s*,\s*"([^"]+)"`),
	}
)

// TestUsedIDsExist is the "a missing translation fails the build" rule: every
// id named in a template of internal/web or in the Go code of internal/web,
// internal/api, internal/linkrun and the commands (i18n.T, tr, tell, refuse)
// exists in every language.
// (internal/linkage and internal/estimate check their own codes.)
func TestUsedIDsExist(t *testing.T) {
	root := sharedtest.RepoRoot(t)
	used := map[string][]string{} // id -> where
	scan := func(glob string, res ...*regexp.Regexp) int {
		n := 0
		for _, re := range res {
			for _, m := range sharedtest.SourceMatches(t, filepath.Join(root, glob), re) {
				n++
				if !strings.HasSuffix(m.Parts[1], ".") {
					rel, _ := filepath.Rel(root, m.File)
					used[m.Parts[1]] = append(used[m.Parts[1]], rel)
				}
			}
		}
		return n
	}
	if scan("internal/web/templates/*.html", templateUse) == 0 {
		t.Fatal("no message ids found in the templates")
	}
	scan("internal/web/*.go", goUses...)
	scan("internal/api/*.go", goUses...)
	scan("internal/linkrun/*.go", goUses...)
	scan("cmd/passerelle/*.go", goUses...)
	if len(used) < 50 {
		t.Fatalf("found only %d ids in use: the patterns are broken", len(used))
	}
	for id, where := range used {
		for _, lang := range Languages {
			if !Has(lang, id) {
				t.Errorf("%q used in %s is missing from the %s catalogue", id, where[0], lang)
			}
		}
	}
}

func TestTMissingIsID(t *testing.T) {
	if got := T("fr", "no.such.message", nil); got != "no.such.message" {
		t.Errorf("missing id: got %q", got)
	}
	found := false
	for _, m := range Missing() {
		found = found || m == "fr|no.such.message"
	}
	if !found {
		t.Errorf("missing id not recorded: %v", Missing())
	}
	if got := T("xx", "nav.home", nil); got != "Home" {
		t.Errorf("unknown language should fall back to English: %q", got)
	}
}

func TestTFillsData(t *testing.T) {
	if got := T("fr", "home.welcome", map[string]any{"Name": "Awa"}); got != "Bienvenue, Awa" {
		t.Errorf("got %q", got)
	}
	if got := T("en", "signin.throttled", map[string]any{"Minutes": 3}); !strings.Contains(got, "3 minute") {
		t.Errorf("got %q", got)
	}
}

func TestMatch(t *testing.T) {
	for _, c := range []struct{ header, want string }{
		{"", "en"},
		{"fr-FR,fr;q=0.9,en;q=0.8", "fr"},
		{"fr-SN", "fr"},
		{"en-GB,en;q=0.9", "en"},
		{"de-DE,fr;q=0.5", "fr"},
		{"ha-NG, fr;q=0.3", "fr"},
		{"de-DE", "en"},
		{"*", "en"},
		{";;;garbage", "en"},
	} {
		if got := Match(c.header); got != c.want {
			t.Errorf("Match(%q) = %q, want %q", c.header, got, c.want)
		}
	}
}

func TestLangOfFile(t *testing.T) {
	for in, want := range map[string]string{"locales/core.fr.toml": "fr", "admin.en.toml": "en", "x.toml": ""} {
		if got := LangOfFile(in); got != want {
			t.Errorf("LangOfFile(%q) = %q, want %q", in, got, want)
		}
	}
}
