package api

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// docSchema is the part of a served JSON schema the limits test reads.
type docSchema struct {
	Ref        string                `json:"$ref"`
	Type       any                   `json:"type"`
	Format     string                `json:"format"`
	Enum       []any                 `json:"enum"`
	MaxLength  *int                  `json:"maxLength"`
	MaxItems   *int                  `json:"maxItems"`
	Maximum    *float64              `json:"maximum"`
	Properties map[string]*docSchema `json:"properties"`
	Items      *docSchema            `json:"items"`
}

func (s *docSchema) is(typ string) bool {
	switch t := s.Type.(type) {
	case string:
		return t == typ
	case []any:
		for _, x := range t {
			if x == typ {
				return true
			}
		}
	}
	return false
}

type servedDoc struct {
	Paths map[string]map[string]struct {
		Parameters []struct {
			Name   string     `json:"name"`
			In     string     `json:"in"`
			Schema *docSchema `json:"schema"`
		} `json:"parameters"`
		RequestBody *struct {
			Content map[string]struct {
				Schema *docSchema `json:"schema"`
			} `json:"content"`
		} `json:"requestBody"`
	} `json:"paths"`
	Components struct {
		Schemas map[string]*docSchema `json:"schemas"`
	} `json:"components"`
}

func serveDoc(t *testing.T) servedDoc {
	t.Helper()
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc servedDoc
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &doc) != nil {
		t.Fatalf("document: %d", w.Code)
	}
	return doc
}

// TestLimitsFromDomain: the served document states every limit of the
// domain table (schemaLimits, schemaMaxima, paramLimits), and no string a
// client sends in a JSON body or the query is left without a maximum length
// (an enumeration, a UUID or a date-time bounds itself). Lists are bounded by
// the body's size; those the domain counts (events, parties) are in the table.
func TestLimitsFromDomain(t *testing.T) {
	doc := serveDoc(t)
	n := 0
	for name, props := range schemaLimits {
		for prop, want := range props {
			p := doc.Components.Schemas[name].Properties[strings.TrimSuffix(prop, "[]")]
			if strings.HasSuffix(prop, "[]") {
				p = p.Items
			}
			got := p.MaxLength
			if p.is("array") {
				got = p.MaxItems
			}
			if got == nil || *got != want {
				t.Errorf("%s.%s: document says %v, domain %d", name, prop, got, want)
			}
			n++
		}
	}
	for name, props := range schemaMaxima {
		for prop, want := range props {
			if p := doc.Components.Schemas[name].Properties[prop]; p.Maximum == nil || int(*p.Maximum) != want {
				t.Errorf("%s.%s maximum: document says %v, domain %d", name, prop, p.Maximum, want)
			}
			n++
		}
	}
	for name, props := range schemaEnums {
		for prop, want := range props {
			p := doc.Components.Schemas[name].Properties[strings.TrimSuffix(prop, "[]")]
			if strings.HasSuffix(prop, "[]") {
				p = p.Items
			}
			if len(p.Enum) != len(want) {
				t.Errorf("%s.%s enum: document says %v, domain %v", name, prop, p.Enum, want)
				continue
			}
			for i, v := range want {
				if p.Enum[i] != v {
					t.Errorf("%s.%s enum: document says %v, domain %v", name, prop, p.Enum, want)
					break
				}
			}
		}
	}
	var unbounded []string
	seen := map[string]bool{}
	var walk func(where string, s *docSchema)
	walk = func(where string, s *docSchema) {
		if s == nil {
			return
		}
		if s.Ref != "" {
			name := strings.TrimPrefix(s.Ref, "#/components/schemas/")
			if !seen[name] {
				seen[name] = true
				walk(name, doc.Components.Schemas[name])
			}
			return
		}
		switch {
		case s.is("string") && s.MaxLength == nil && len(s.Enum) == 0 && s.Format != "uuid" && s.Format != "date-time" &&
			s.Format != "binary":
			unbounded = append(unbounded, where)
		case s.is("array"):
			walk(where+"[]", s.Items)
		}
		for p, sub := range s.Properties {
			walk(where+"."+p, sub)
		}
	}
	params := 0
	for path, item := range doc.Paths {
		for method, op := range item {
			for _, p := range op.Parameters {
				if p.In != "query" {
					continue
				}
				want, ok := paramLimits[p.Name]
				got := p.Schema.MaxLength
				if p.Schema.is("array") {
					want, ok = paramItems[p.Name]
					got = p.Schema.MaxItems
				}
				if ok {
					params++
					if got == nil || *got != want {
						t.Errorf("%s %s query %s: document says %v, domain %d", method, path, p.Name, got, want)
					}
				}
				walk(method+" "+path+" query "+p.Name, p.Schema)
			}
			if op.RequestBody != nil {
				for ct, c := range op.RequestBody.Content {
					if ct == "application/json" {
						walk(method+" "+path+" body", c.Schema)
					}
				}
			}
		}
	}
	sort.Strings(unbounded)
	for _, u := range unbounded {
		t.Errorf("%s: a client may send it without bound", u)
	}
	if n < 75 || params < 10 {
		t.Errorf("only %d schema limits and %d parameter limits checked", n, params)
	}
	// Spot checks against the constants by name.
	if p := doc.Components.Schemas["CasePerson"].Properties["narrative"]; p.MaxLength == nil || *p.MaxLength != casework.MaxNarrative {
		t.Errorf("narrative: %v", p.MaxLength)
	}
	if p := doc.Components.Schemas["OrgPatchBody"].Properties["retention_days"]; p.Maximum == nil || int(*p.Maximum) != account.MaxRetentionDays {
		t.Errorf("retention_days: %v", p.Maximum)
	}
}
