package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// caseMessageIDs gathers every message id the case register can emit:
// literal ids in cases*.go, its rules, and the label of every field of its
// operations' parameters and request bodies, nested ones included.
func caseMessageIDs(t *testing.T) map[string]bool {
	t.Helper()
	ids, files := literalIDs(t, "cases*.go")
	if files < 8 {
		t.Fatalf("only %d case files found", files)
	}
	for _, r := range caseRules {
		ids["api.rule."+r] = true
	}
	for _, name := range caseFieldNames(t) {
		ids["api.field."+name] = true
	}
	// The case's status names the field of workflow conflicts (case.status).
	ids["api.field.status"] = true
	return ids
}

// caseFieldNames lists the parameter names and the body properties, at any
// depth, of the case operations.
func caseFieldNames(t *testing.T) []string {
	t.Helper()
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name string `json:"name"`
			} `json:"parameters"`
			RequestBody *struct {
				Content map[string]struct {
					Schema json.RawMessage `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	var names []string
	var walk func(raw json.RawMessage)
	walk = func(raw json.RawMessage) {
		var s struct {
			Ref        string                     `json:"$ref"`
			Properties map[string]json.RawMessage `json:"properties"`
			Items      json.RawMessage            `json:"items"`
		}
		if len(raw) == 0 || json.Unmarshal(raw, &s) != nil {
			return
		}
		if s.Ref != "" {
			name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
			if seen[name] {
				return
			}
			seen[name] = true
			walk(doc.Components.Schemas[name])
			return
		}
		for p, sub := range s.Properties {
			names = append(names, p)
			walk(sub)
		}
		walk(s.Items)
	}
	for _, op := range caseOperations {
		o := doc.Paths[op.path][strings.ToLower(op.method)]
		for _, p := range o.Parameters {
			names = append(names, p.Name)
		}
		if o.RequestBody != nil {
			for _, c := range o.RequestBody.Content {
				walk(c.Schema)
			}
		}
	}
	if len(names) < 60 {
		t.Fatalf("only %d field names found", len(names))
	}
	return names
}

// TestCaseMessages: every id the case register can emit exists in English
// and French, and api_cases.*.toml define nothing else.
func TestCaseMessages(t *testing.T) {
	checkAreaMessages(t, caseMessageIDs(t), "api_cases", 80, 6)
}

// checkAreaMessages checks an area's catalogue, locales/FILE.{en,fr}.toml:
// every id used exists in both languages, the files define at least
// minDefined ids and none unused, and at most maxSame read the same in both.
func checkAreaMessages(t *testing.T, used map[string]bool, file string, minDefined, maxSame int) {
	t.Helper()
	checkBothLanguages(t, used)
	for _, lang := range []string{"en", "fr"} {
		name, defined := localeIDs(t, file+"."+lang+".toml")
		for _, id := range defined {
			if !used[id] {
				t.Errorf("%s defines %q, which is never used", name, id)
			}
		}
		if n := len(defined); n < minDefined {
			t.Errorf("%s defines only %d ids", name, n)
		}
	}
	if same := sameInBothLanguages(used); same > maxSame {
		t.Errorf("%d messages of %s read the same in English and French", same, file)
	}
}
