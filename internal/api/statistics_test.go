package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// statsEnv is the API env with an analyst and cases in both organisations:
// 24 women and 12 men in A with consent to statistics, 3 without.
func statsEnv(t *testing.T) *env {
	t.Helper()
	e := newEnv(t)
	e.addUser("analystA", "hadiza.bello@espoir-niamey.example", "Hadiza Bello", e.orgA.ID, auth.Analyst)
	ctx := e.actorCtx("caseA", e.orgA.ID)
	add := func(n int, gender string, age int, consent bool) {
		for i := range n {
			a := age
			c := casework.Case{Person: casework.Person{GivenName: fmt.Sprintf("Personne %s %d", gender, i)},
				Gender: gender, AgeWhenTrafficked: &a, Exploitation: []string{"ForcedLabour"}}
			if err := e.db.CreateCase(ctx, &c); err != nil {
				t.Fatal(err)
			}
			if consent {
				k := casework.Consent{CaseID: c.ID, Purpose: casework.PurposeStatistics, GivenBy: "person", Method: "oral"}
				if err := e.db.AddConsent(ctx, &k); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	add(24, "Feminine", 22, true)
	add(12, "Masculine", 34, true)
	add(3, "Masculine", 15, false)
	return e
}

func TestStatisticsAPI(t *testing.T) {
	e := statsEnv(t)
	w := e.do(request{token: "analystA", method: "GET", path: "/statistics/cases?by=sex,age_group&scope=network"})
	if w.Code != http.StatusOK {
		t.Fatalf("status %d: %s", w.Code, w.Body)
	}
	var got struct {
		Method   string           `json:"method"`
		K        *int             `json:"k"`
		Epsilon  *float64         `json:"epsilon"`
		Excluded int64            `json:"excluded"`
		Cells    []map[string]any `json:"cells"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if got.Method != "suppression" || got.K == nil || *got.K != 11 || got.Epsilon != nil || got.Excluded != 3 {
		t.Fatalf("method %q k %v epsilon %v excluded %d", got.Method, got.K, got.Epsilon, got.Excluded)
	}
	want := map[string]float64{"Feminine/18-29": 24, "Masculine/30-47": 12}
	for _, c := range got.Cells {
		key := fmt.Sprint(c["sex"], "/", c["age_group"])
		if _, ok := c["suppressed"].(bool); !ok {
			t.Errorf("cell %v has no suppressed flag", c)
		}
		if len(c) != 4 {
			t.Errorf("cell %v: want sex, age_group, count and suppressed only", c)
		}
		if n, ok := c["count"].(float64); ok {
			if want[key] != n {
				t.Errorf("cell %s: %v, want %v", key, n, want[key])
			}
			if n < 11 {
				t.Errorf("cell %s released below k: %v", key, n)
			}
			delete(want, key)
		} else if c["count"] != nil || c["suppressed"] != true {
			t.Errorf("cell %v: a withheld count must be null and suppressed", c)
		}
	}
	if len(want) > 0 {
		t.Errorf("cells missing: %v (%s)", want, w.Body)
	}
}

func TestStatisticsAPIRefusals(t *testing.T) {
	e := statsEnv(t)
	for _, tc := range []struct {
		token, query string
		status       int
		field        string
	}{
		{"caseA", "by=sex", http.StatusForbidden, ""},
		{"adminA", "by=sex", http.StatusForbidden, ""},
		{"superA", "by=sex&scope=network", http.StatusForbidden, ""},
		{"superA", "by=sex&scope=country&country=NER", http.StatusForbidden, ""},
		{"platform", "by=sex&scope=network", http.StatusForbidden, ""},
		{"", "by=sex", http.StatusUnauthorized, ""},
		{"analystA", "by=name", http.StatusUnprocessableEntity, "query.by"},
		{"analystA", "by=sex,sex", http.StatusUnprocessableEntity, "query.by"},
		{"analystA", "by=sex,year,age_group,status", http.StatusUnprocessableEntity, "query.by"},
		{"analystA", "by=sex&scope=planet", http.StatusUnprocessableEntity, "query.scope"},
		{"analystA", "by=sex&scope=country&country=ZZZ", http.StatusUnprocessableEntity, "query.country"},
		{"superA", "by=sex", http.StatusOK, ""},
	} {
		w := e.do(request{token: tc.token, method: "GET", path: "/statistics/cases?" + tc.query})
		if w.Code != tc.status {
			t.Errorf("%s %s: status %d, want %d: %s", tc.token, tc.query, w.Code, tc.status, w.Body)
			continue
		}
		if tc.field != "" && !strings.Contains(w.Body.String(), `"location":"`+tc.field) {
			t.Errorf("%s %s: the error does not name %s: %s", tc.token, tc.query, tc.field, w.Body)
		}
	}
}

// TestStatisticsOpenAPI: the document lists the variables and scopes of the
// domain, and the cell's members.
func TestStatisticsOpenAPI(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{method: "GET", path: "/openapi.json"})
	var doc struct {
		Paths map[string]map[string]struct {
			Parameters []struct {
				Name   string         `json:"name"`
				Schema map[string]any `json:"schema"`
			} `json:"parameters"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties struct {
					Cells struct {
						Items struct {
							Properties map[string]any `json:"properties"`
						} `json:"items"`
					} `json:"cells"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	op, ok := doc.Paths["/statistics/cases"]["get"]
	if !ok {
		t.Fatal("no GET /statistics/cases")
	}
	var by map[string]any
	for _, p := range op.Parameters {
		if p.Name == "by" {
			by = p.Schema
		}
	}
	if s := fmt.Sprint(by); !strings.Contains(s, "exploitation_country") || !strings.Contains(s, "age_group") {
		t.Errorf("by: %v", by)
	}
	cell := doc.Components.Schemas["StatsTable"].Properties.Cells.Items.Properties
	for _, k := range []string{"sex", "age_group", "count", "suppressed", "route_scope"} {
		if _, ok := cell[k]; !ok {
			t.Errorf("cell schema lacks %s: %v", k, cell)
		}
	}
}
