package api

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// TestScreeningMatchesAssess: a screening over the API returns, in each
// language, exactly what identify.Assess (what `passerelle assess` prints)
// gives on the same facts document, and stores the facts as parsed.
func TestScreeningMatchesAssess(t *testing.T) {
	ce := newCaseEnv(t)
	docs := []string{
		`{}`,
		`{"age_at_recruitment":24,"acts":["recruitment","transportation"],"means":["deception","abuse_of_vulnerability"],"purposes":["forced_labour"],"exploitation_occurred":true}`,
		`{"age_at_recruitment":15,"acts":["harbouring"],"purposes":["sexual_exploitation"],"consented":true}`,
		`{"presumed_minor":true,"acts":["recruitment"],"purposes":["forced_begging"]}`,
		`{"age_at_recruitment":30,"consented":true,"crossed_border":true}`,
		`{"age_at_recruitment":40,"purposes":["forced_labour"],"exploitation_occurred":true}`,
		`{"age_at_recruitment":null,"acts":["receipt","receipt"],"means":["threat"],"purposes":["servitude"],"consented":null}`,
		`{"age_at_recruitment":29,"acts":["recruitment"],"means":["fraud"],"purposes":["forced_labour"],
		  "indicators":{"catalogue":"adult_labour","present":` + someIndicators(t, "adult_labour", 6) + `}}`,
		`{"age_at_recruitment":16,"acts":["transfer"],"purposes":["sexual_exploitation"],
		  "indicators":{"catalogue":"child_sexual","present":` + someIndicators(t, "child_sexual", 3) + `}}`,
	}
	for i, doc := range docs {
		facts, err := identify.ParseFacts(strings.NewReader(doc))
		if err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		want, err := identify.Assess(facts)
		if err != nil {
			t.Fatalf("doc %d: %v", i, err)
		}
		for _, lang := range i18n.Languages {
			words := identify.Words{Lang: lang, T: i18n.T}
			var got struct {
				Facts   json.RawMessage `json:"facts"`
				Result  json.RawMessage `json:"result"`
				Pattern string          `json:"pattern"`
			}
			ce.call(request{token: "caseA", method: "POST", path: "/cases/{caseA}/screenings", body: doc,
				header: map[string]string{"Accept-Language": lang}}, 201, &got)
			if !sameJSON(t, got.Result, want.Report(words)) {
				t.Errorf("doc %d (%s): API result\n%s\nassess\n%s", i, lang, got.Result, mustJSON(t, want.Report(words)))
			}
			if !sameJSON(t, got.Facts, facts) {
				t.Errorf("doc %d: stored facts %s, parsed %s", i, got.Facts, mustJSON(t, facts))
			}
			if got.Pattern != string(want.Pattern) {
				t.Errorf("doc %d: pattern %q, want %q", i, got.Pattern, want.Pattern)
			}
		}
	}
	// The stored versions render again the same, in the reader's language.
	var list struct {
		Items []struct {
			Version int             `json:"version"`
			Result  json.RawMessage `json:"result"`
			Facts   identify.Facts  `json:"facts"`
		} `json:"items"`
	}
	ce.call(request{token: "frA", method: "GET", path: "/cases/{caseA}/screenings"}, 200, &list)
	if len(list.Items) != 1+2*len(docs) {
		t.Fatalf("%d screenings", len(list.Items))
	}
	for i, it := range list.Items {
		if it.Version != i+1 {
			t.Errorf("item %d has version %d", i, it.Version)
		}
		want, err := identify.Assess(it.Facts)
		if err != nil {
			t.Fatal(err)
		}
		if !sameJSON(t, it.Result, want.Report(identify.Words{Lang: "fr", T: i18n.T})) {
			t.Errorf("version %d re-rendered differently: %s", it.Version, it.Result)
		}
	}
}

// someIndicators returns the first n indicator ids of a catalogue as JSON.
func someIndicators(t *testing.T, catalogue string, n int) string {
	t.Helper()
	c, ok := identify.Catalogues().Get(catalogue)
	if !ok || len(c.Indicators) < n {
		t.Fatalf("catalogue %s", catalogue)
	}
	var ids []string
	for _, ind := range c.Indicators[:n] {
		ids = append(ids, ind.ID)
	}
	return mustJSON(t, ids)
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// sameJSON compares a JSON document with v's JSON form, as values.
func sameJSON(t *testing.T, raw json.RawMessage, v any) bool {
	t.Helper()
	var a, b any
	if err := json.Unmarshal(raw, &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(mustJSON(t, v)), &b); err != nil {
		t.Fatal(err)
	}
	return reflect.DeepEqual(a, b)
}
