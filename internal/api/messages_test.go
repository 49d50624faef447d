package api

import (
	"encoding/json"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// usedMessageIDs gathers every message id the package can emit: literal ids
// in its source, the status titles and details, every rule it can report and
// every field name the OpenAPI document knows (plus the locations the code
// names itself).
func usedMessageIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids, _ := literalIDs(t, "*.go")
	for status := range statusTitles {
		ids["api.title."+strconv.Itoa(status)] = true
		ids[detailFor(status)] = true
	}
	rules := append(append(append([]string{}, valid.Rules...), account.Rules...), apiRules...)
	rules = append(rules, legislation.Rules...)
	rules = append(rules, plan.Rules...)
	for _, m := range hmsgs {
		rules = append(rules, m.rule)
	}
	for _, r := range rules {
		ids["api.rule."+r] = true
	}
	for _, name := range documentFieldNames(t) {
		ids["api.field."+name] = true
	}
	// Locations the code names outside the document, and the field names
	// the store's validation uses that are not body properties.
	for _, name := range []string{"body", "Content-Type", "memberships", "password", "password_hash", "hash"} {
		ids["api.field."+name] = true
	}
	return ids
}

// documentFieldNames lists every request body property and parameter name.
func documentFieldNames(t *testing.T) []string {
	t.Helper()
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, item := range doc.Paths {
		for _, op := range item {
			for _, p := range op.Parameters {
				names = append(names, p.Name)
			}
		}
	}
	for name, s := range doc.Components.Schemas {
		if !strings.HasSuffix(name, "Body") || strings.HasSuffix(name, "OutputBody") {
			continue // only what clients send
		}
		for p := range s.Properties {
			names = append(names, p)
		}
	}
	if len(names) < 20 {
		t.Fatalf("only %d field names found in the document", len(names))
	}
	return names
}

// TestMessagesExist: every id the package uses is in api.en.toml and
// api.fr.toml, and those files define nothing else.
func TestMessagesExist(t *testing.T) {
	used := usedMessageIDs(t)
	checkBothLanguages(t, used)
	for _, lang := range []string{"en", "fr"} {
		file, defined := localeIDs(t, "api."+lang+".toml")
		n := 0
		for _, id := range defined {
			n++
			if !used[id] {
				t.Errorf("%s defines %q, which the package never uses", file, id)
			}
		}
		// The case register's ids live in api_cases.*.toml (TestCaseMessages).
		_, cases := localeIDs(t, "api_cases."+lang+".toml")
		_, links := localeIDs(t, "api_linkage."+lang+".toml")
		cases = append(cases, links...)
		legisFile, legis := localeIDs(t, "api_legislation."+lang+".toml")
		for _, id := range legis {
			if !used[id] {
				t.Errorf("%s defines %q, which the package never uses", legisFile, id)
			}
		}
		cases = append(cases, legis...)
		planFile, plans := localeIDs(t, "api_plan."+lang+".toml")
		for _, id := range plans {
			if !used[id] {
				t.Errorf("%s defines %q, which the package never uses", planFile, id)
			}
		}
		cases = append(cases, plans...)
		_, dir := localeIDs(t, "api_directory."+lang+".toml")
		cases = append(cases, dir...)
		_, outreach := localeIDs(t, "api_outreach."+lang+".toml")
		cases = append(cases, outreach...)
		notifyFile, notes := localeIDs(t, "api_notify."+lang+".toml")
		for _, id := range notes {
			if !used[id] {
				t.Errorf("%s defines %q, which the package never uses", notifyFile, id)
			}
		}
		cases = append(cases, notes...)
		_, datasets := localeIDs(t, "api_datasets."+lang+".toml")
		cases = append(cases, datasets...)
		_, ref := localeIDs(t, "api_referral."+lang+".toml")
		cases = append(cases, ref...)
		statsFile, stats := localeIDs(t, "api_statistics."+lang+".toml")
		for _, id := range stats {
			if !used[id] {
				t.Errorf("%s defines %q, which the package never uses", statsFile, id)
			}
		}
		cases = append(cases, stats...)
		want := len(used)
		for _, id := range cases {
			if used[id] {
				want--
			}
		}
		if n != want {
			t.Errorf("%s defines %d ids, the package uses %d outside api_cases", file, n, want)
		}
	}
}

// TestFrenchDiffers catches an English text pasted into the French file.
func TestFrenchDiffers(t *testing.T) {
	// A few labels are the same word in both languages (Type, Organisation, Action).
	if same := sameInBothLanguages(usedMessageIDs(t)); same > 6 {
		t.Errorf("%d messages read the same in English and French", same)
	}
}

// literalIDs gathers the "api.…" string literals in the non-test files that
// match pattern, and returns how many such files there were.
func literalIDs(t *testing.T, pattern string) (map[string]bool, int) {
	t.Helper()
	files, err := filepath.Glob(pattern)
	if err != nil {
		t.Fatal(err)
	}
	lit := regexp.MustCompile(`"(api\.[A-Za-z0-9_.-]*[A-Za-z0-9_-])"`)
	ids := map[string]bool{}
	n := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		n++
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range lit.FindAllStringSubmatch(string(src), -1) {
			ids[m[1]] = true
		}
	}
	return ids, n
}

// localeIDs returns the path of locale file name and the ids it defines, in order.
func localeIDs(t *testing.T, name string) (string, []string) {
	t.Helper()
	file := filepath.Join("..", "i18n", "locales", name)
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, m := range regexp.MustCompile(`(?m)^"(api\.[^"]+)"\s*=`).FindAllStringSubmatch(string(src), -1) {
		ids = append(ids, m[1])
	}
	return file, ids
}

// checkBothLanguages reports every id that English or French lacks.
func checkBothLanguages(t *testing.T, ids map[string]bool) {
	t.Helper()
	for id := range ids {
		for _, lang := range []string{"en", "fr"} {
			if !i18n.Has(lang, id) {
				t.Errorf("%s: %q missing", lang, id)
			}
		}
	}
}

// sameInBothLanguages counts the ids whose English and French texts are equal.
func sameInBothLanguages(ids map[string]bool) int {
	same := 0
	for id := range ids {
		if i18n.T("en", id, nil) == i18n.T("fr", id, nil) {
			same++
		}
	}
	return same
}
