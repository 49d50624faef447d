package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/legislation"
)

func newLegislationEnv(t *testing.T) *env {
	e := newEnv(t)
	e.addUser("coordA", "moussa.garba@espoir-niamey.example", "Moussa Garba", e.orgA.ID, auth.Coordinator)
	e.addUser("analystA", "salamatou.ali@espoir-niamey.example", "Salamatou Ali", e.orgA.ID, auth.Analyst)
	e.addUser("coordB", "julie.perrin@bpm-lyon.example", "Julie Perrin", e.orgB.ID, auth.Coordinator)
	return e
}

// TestLegislationRequirementsAPI: the catalogue in the request's language,
// every entry with its instrument, article, title and explanation.
func TestLegislationRequirementsAPI(t *testing.T) {
	e := newLegislationEnv(t)
	for lang, want := range map[string]string{"en": "Non-punishment of victims", "fr": "Non-sanction des victimes"} {
		w := e.do(request{token: "analystA", method: "GET", path: "/legislation/requirements", header: map[string]string{"Accept-Language": lang}})
		var out struct {
			Items []struct{ ID, Instrument, Article, Title, Explanation string }
		}
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &out) != nil {
			t.Fatalf("%s: %d %s", lang, w.Code, w.Body)
		}
		if len(out.Items) != len(legislation.Requirements()) {
			t.Fatalf("%s: %d items", lang, len(out.Items))
		}
		found := false
		for _, it := range out.Items {
			if it.ID == "" || (it.Instrument != "palermo" && it.Instrument != "coe") || it.Article == "" || it.Title == "" || it.Explanation == "" {
				t.Errorf("%s: incomplete %+v", lang, it)
			}
			found = found || it.ID == "coe-26-non-punishment" && it.Title == want
		}
		if !found {
			t.Errorf("%s: non-punishment not titled %q", lang, want)
		}
	}
	if w := e.do(request{token: "caseA", method: "GET", path: "/legislation/requirements"}); w.Code != http.StatusForbidden {
		t.Errorf("caseworker: %d", w.Code)
	}
}

// TestLegislationAssessmentAPI: a coordinator creates an assessment and
// records findings; the gaps follow; bad input is refused naming the field
// and changes nothing; analysts read only; another organisation's
// assessment is not found.
func TestLegislationAssessmentAPI(t *testing.T) {
	e := newLegislationEnv(t)
	w := e.do(request{token: "coordA", method: "POST", path: "/legislation/assessments", body: `{"country":"NER","assessed_on":"2025-10-01","title":"Revue nationale"}`})
	var a struct {
		ID, Country, AssessedOn, Assessor string
	}
	if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &a) != nil || a.Country != "NER" || a.Assessor != "Moussa Garba" {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	put := func(token, req, body string) *struct {
		Code int
		Body string
	} {
		t.Helper()
		w := e.do(request{token: token, method: "PUT", path: "/legislation/assessments/" + a.ID + "/items/" + req, body: body})
		return &struct {
			Code int
			Body string
		}{w.Code, w.Body.String()}
	}
	if r := put("coordA", "coe-13-reflection", `{"status":"partly","provision":"Ordonnance 2010-86, art. 12","evidence":"Délai prévu sans droit au séjour."}`); r.Code != http.StatusOK ||
		!strings.Contains(r.Body, `"status":"partly"`) {
		t.Fatalf("put: %d %s", r.Code, r.Body)
	}
	put("coordA", "palermo-3-consent", `{"status":"in_line"}`)

	before := e.snapshot()
	for _, c := range []struct {
		method, path, body, location, rule string
	}{
		{"POST", "/legislation/assessments", `{"country":"XYZ","assessed_on":"2025-10-01"}`, "body.country", "country"},
		{"POST", "/legislation/assessments", `{"country":"NER","assessed_on":"2999-01-01"}`, "body.assessed_on", "future_date"},
		{"POST", "/legislation/assessments", `{"country":"NER","assessed_on":"01/10/2025"}`, "body.assessed_on", ""},
		{"PUT", "/legislation/assessments/" + a.ID + "/items/coe-13-reflection", `{"status":"compliant"}`, "body.status", ""},
		{"PUT", "/legislation/assessments/" + a.ID + "/items/palermo-99-x", `{"status":"partly"}`, "path.requirement_id", "requirement"},
		{"PUT", "/legislation/assessments/" + a.ID + "/items/coe-13-reflection", `{"status":"partly","evidence":"` + strings.Repeat("e", legislation.MaxEvidence+1) + `"}`, "body.evidence", ""},
	} {
		w := e.do(request{token: "coordA", method: c.method, path: c.path, body: c.body, header: map[string]string{"Accept-Language": "fr"}})
		var p struct {
			Errors []struct{ Location, Rule, Message string }
		}
		_ = json.Unmarshal(w.Body.Bytes(), &p)
		ok := w.Code == http.StatusUnprocessableEntity && len(p.Errors) > 0 && p.Errors[0].Location == c.location &&
			(c.rule == "" || p.Errors[0].Rule == c.rule)
		if !ok {
			t.Errorf("%s %s %.60s: %d %s, want 422 at %s", c.method, c.path, c.body, w.Code, w.Body, c.location)
		}
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused requests changed: %v", d)
	}

	w = e.do(request{token: "analystA", method: "GET", path: "/legislation/assessments/" + a.ID + "/gaps"})
	var gaps struct {
		Total int
		Items []struct {
			Requirement struct{ ID string }
			Status      string
			Recorded    bool
		}
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &gaps) != nil || gaps.Total != len(legislation.Requirements()) ||
		len(gaps.Items) != gaps.Total-1 {
		t.Fatalf("gaps: %d %s", w.Code, w.Body)
	}
	for _, g := range gaps.Items {
		if g.Requirement.ID == "palermo-3-consent" || g.Status == "in_line" || g.Requirement.ID == "coe-13-reflection" && (!g.Recorded || g.Status != "partly") {
			t.Errorf("gap %+v", g)
		}
	}
	w = e.do(request{token: "analystA", method: "GET", path: "/legislation/assessments/" + a.ID})
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "Ordonnance 2010-86, art. 12") {
		t.Fatalf("get: %d %s", w.Code, w.Body)
	}
	if r := put("analystA", "coe-13-reflection", `{"status":"in_line"}`); r.Code != http.StatusForbidden {
		t.Errorf("analyst puts: %d", r.Code)
	}
	if w := e.do(request{token: "analystA", method: "POST", path: "/legislation/assessments", body: `{"country":"NER","assessed_on":"2025-10-01"}`}); w.Code != http.StatusForbidden {
		t.Errorf("analyst creates: %d", w.Code)
	}
	// An assessment is a public-policy document: read network-wide.
	for _, p := range []string{"", "/gaps"} {
		if w := e.do(request{token: "coordB", method: "GET", path: "/legislation/assessments/" + a.ID + p}); w.Code != http.StatusOK {
			t.Errorf("B's coordinator reads A's assessment%s: %d", p, w.Code)
		}
	}
	if r := put("coordB", "coe-13-reflection", `{"status":"in_line"}`); r.Code != http.StatusNotFound {
		t.Errorf("B's coordinator writes: %d", r.Code)
	}
	// A later assessment of the same country, compared with the first.
	w = e.do(request{token: "coordA", method: "POST", path: "/legislation/assessments", body: `{"country":"NER","assessed_on":"2026-01-15"}`})
	var later struct{ ID string }
	if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &later) != nil {
		t.Fatalf("second: %d %s", w.Code, w.Body)
	}
	e.do(request{token: "coordA", method: "PUT", path: "/legislation/assessments/" + later.ID + "/items/coe-13-reflection", body: `{"status":"in_line"}`})
	w = e.do(request{token: "analystA", method: "GET", path: "/legislation/assessments/" + later.ID + "/compare?with=" + a.ID})
	var cmp struct {
		Earlier struct{ ID string }
		Counts  map[string]int
		Moves   []struct{ RequirementID, Before, After, Change string } `json:"moves"`
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &cmp) != nil || cmp.Earlier.ID != a.ID ||
		cmp.Counts["improved"] != 1 || cmp.Counts["unassessed"] != 1 || len(cmp.Moves) != len(legislation.Requirements()) {
		t.Fatalf("compare: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "analystA", method: "GET", path: "/legislation/assessments/" + later.ID + "/compare?with=x"}); w.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(w.Body.String(), `"location":"query.with"`) {
		t.Errorf("compare with a bad id: %d %s", w.Code, w.Body)
	}
	w = e.do(request{token: "coordB", method: "GET", path: "/legislation/assessments"})
	if w.Code != http.StatusOK || strings.Contains(w.Body.String(), a.ID) {
		t.Errorf("B lists A's assessment: %d %s", w.Code, w.Body)
	}
}

// TestLegislationOpenAPIEnums: the statuses and instruments the document
// states are the domain's.
func TestLegislationOpenAPIEnums(t *testing.T) {
	doc := serveDoc(t)
	for name, want := range map[string][]string{
		"LegislationItemBody.status":            legislation.StatusStrings(),
		"LegislationRequirement.instrument":     legislation.InstrumentStrings(),
		"LegislationAssessmentBody.assessed_on": nil,
	} {
		schema, prop, _ := strings.Cut(name, ".")
		s := doc.Components.Schemas[schema]
		if s == nil || s.Properties[prop] == nil {
			t.Fatalf("%s missing", name)
		}
		p := s.Properties[prop]
		if p.Ref != "" {
			p = doc.Components.Schemas[strings.TrimPrefix(p.Ref, "#/components/schemas/")]
		}
		if want == nil {
			if p.MaxLength == nil || *p.MaxLength != legislation.DateLen {
				t.Errorf("%s: maxLength %v", name, p.MaxLength)
			}
			continue
		}
		var got []string
		for _, v := range p.Enum {
			got = append(got, v.(string))
		}
		if strings.Join(got, ",") != strings.Join(want, ",") {
			t.Errorf("%s: enum %v, want %v", name, got, want)
		}
	}
}
