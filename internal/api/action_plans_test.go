package api

import (
	"bytes"
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// planOperations is the number of action plan operations.
const planOperations = 12

// TestActionPlansAPI records a plan with a late activity through the API,
// reads its progress, and checks refusals (bad input naming the field and
// changing nothing, another organisation's plan, a role without the
// permission) and the Excel export.
func TestActionPlansAPI(t *testing.T) {
	e := newEnv(t)
	e.addUser("coordA", "hadiza.moussa@espoir-niamey.example", "Hadiza Moussa", e.orgA.ID, auth.Coordinator)
	e.addUser("analystA", "sani.garba@espoir-niamey.example", "Sani Garba", e.orgA.ID, auth.Analyst)
	e.addUser("coordB", "julie.perrin@bpm-lyon.example", "Julie Perrin", e.orgB.ID, auth.Coordinator)
	call := func(r request, want int, out any) []byte {
		t.Helper()
		w := e.do(r)
		if w.Code != want {
			t.Fatalf("%s %s: %d, want %d: %s", r.method, r.path, w.Code, want, w.Body.String())
		}
		if out != nil {
			if err := json.Unmarshal(w.Body.Bytes(), out); err != nil {
				t.Fatal(err)
			}
		}
		return w.Body.Bytes()
	}
	var p ActionPlan
	call(request{token: "coordA", method: "POST", path: "/action-plans",
		body: `{"country":"NER","title":"Plan d'action national 2025-2027","starts_on":"2025-01-01","ends_on":"2027-12-31"}`}, 201, &p)
	base := "/action-plans/" + p.ID.String()
	var late Activity
	call(request{token: "coordA", method: "POST", path: base + "/activities", body: `{"title":"Former 200 agents",
		"responsible":"Ministère de la Justice","budget":12500.5,"currency":"XOF","starts_on":"2025-01-15","due_on":"2025-06-30",
		"status":"in_progress"}`}, 201, &late)
	if late.Budget != 12500.5 || late.Status != "in_progress" {
		t.Fatalf("activity: %+v", late)
	}
	call(request{token: "coordA", method: "POST", path: base + "/activities", body: `{"title":"Adopter le décret",
		"responsible":"CNCLTP","starts_on":"2025-01-01","due_on":"2025-03-31","status":"done"}`}, 201, nil)

	var prog PlanProgress
	call(request{token: "analystA", method: "GET", path: base + "/progress"}, 200, &prog)
	if prog.Late != 1 || prog.Done != 1 || prog.OnTrack != 0 || prog.AtRisk != 0 ||
		len(prog.Activities["late"]) != 1 || prog.Activities["late"][0].ID != late.ID {
		t.Fatalf("progress: %+v", prog)
	}
	// The answer's counts are named as the issue says.
	var raw map[string]any
	call(request{token: "analystA", method: "GET", path: base + "/progress"}, 200, &raw)
	for _, k := range []string{"done", "on_track", "late", "at_risk", "activities"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("progress lacks %q", k)
		}
	}

	// Bad input: 422 naming the field and the rule; nothing changes.
	before := e.snapshot()
	for _, c := range []struct{ body, location, rule string }{
		{`{"title":"x","responsible":"x","budget":-5,"currency":"XOF","starts_on":"2025-01-01","due_on":"2025-02-01"}`, "body.budget", plan.RuleNegative},
		{`{"title":"x","responsible":"x","starts_on":"2025-03-01","due_on":"2025-02-01"}`, "body.due_on", plan.RuleEndBeforeStart},
		{`{"title":"x","responsible":"x","budget":1.005,"currency":"XOF","starts_on":"2025-01-01","due_on":"2025-02-01"}`, "body.budget", plan.RuleDecimals},
		{`{"title":"x","responsible":"x","starts_on":"2025-01-01","due_on":"2025-02-01","status":"finished"}`, "body.status", ""},
		{`{"title":"x","responsible":"x","budget":5,"currency":"FCF","starts_on":"2025-01-01","due_on":"2025-02-01"}`, "body.currency", ""},
	} {
		body := call(request{token: "coordA", method: "POST", path: base + "/activities", body: c.body}, 422, nil)
		var pr struct {
			Errors []struct{ Location, Rule, Message string }
		}
		_ = json.Unmarshal(body, &pr)
		found := false
		for _, fe := range pr.Errors {
			found = found || (fe.Location == c.location && (c.rule == "" || fe.Rule == c.rule) && fe.Message != "")
		}
		if !found {
			t.Errorf("%s: want %s %s in %s", c.body, c.location, c.rule, body)
		}
	}
	call(request{token: "coordA", method: "POST", path: "/action-plans",
		body: `{"country":"NER","title":"x","starts_on":"2027-01-01","ends_on":"2025-01-01"}`}, 422, nil)
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused input changed %v", d)
	}

	// Scope and permissions.
	call(request{token: "coordB", method: "GET", path: base}, 200, nil) // a plan is read network-wide
	call(request{token: "coordB", method: "POST", path: base + "/activities", body: `{"title":"x","responsible":"x","starts_on":"2025-01-01","due_on":"2025-02-01"}`}, 404, nil)
	call(request{token: "caseA", method: "GET", path: base}, 403, nil)
	call(request{token: "analystA", method: "POST", path: base + "/objectives", body: `{"title":"x"}`}, 403, nil)

	// The plan's IATI organisation identifier is recorded later.
	var upd ActionPlan
	call(request{token: "coordA", method: "PUT", path: base, body: `{"country":"NER","title":"Plan d'action national 2025-2027",
		"starts_on":"2025-01-01","ends_on":"2027-12-31","iati_org_ref":"XI-DEMO-CNCLT"}`}, 200, &upd)
	if upd.IATIOrgRef != "XI-DEMO-CNCLT" || upd.ID != p.ID {
		t.Fatalf("updated plan: %+v", upd)
	}
	call(request{token: "coordA", method: "PUT", path: base, body: `{"country":"NER","title":"x","starts_on":"2025-01-01",
		"ends_on":"2024-12-31"}`}, 422, nil)

	// Objectives, indicators with values, projects, and an activity's change.
	var obj Objective
	call(request{token: "coordA", method: "POST", path: base + "/objectives", body: `{"title":"Poursuivre les auteurs"}`}, 201, &obj)
	var ind Indicator
	call(request{token: "coordA", method: "POST", path: base + "/indicators", body: `{"name":"Poursuites engagées",
		"unit":"procédures","baseline":12,"target":60,"objective_id":"` + obj.ID.String() + `","values":[{"period":"2025","value":14}]}`}, 201, &ind)
	if !ind.Behind || ind.Expected == nil || len(ind.Values) != 1 {
		t.Fatalf("indicator: %+v", ind)
	}
	call(request{token: "coordA", method: "POST", path: base + "/indicators/" + ind.ID.String() + "/values",
		body: `{"period":"2025","value":40}`}, 200, &ind)
	if ind.Behind || len(ind.Values) != 1 || ind.Values[0].Value != 40 {
		t.Fatalf("indicator after a new value: %+v", ind)
	}
	call(request{token: "coordA", method: "POST", path: base + "/indicators/" + ind.ID.String() + "/values",
		body: `{"period":"T1-2025","value":40}`}, 422, nil)
	var proj Project
	call(request{token: "coordA", method: "POST", path: base + "/projects", body: `{"donor":"Fonds Corridor Solidaire",
		"title":"Appui au PAN","budget":650000,"currency":"EUR","iati_identifier":"XI-DEMO-FCS-2025-NER-01",
		"starts_on":"2025-03-01","ends_on":"2026-12-31"}`}, 201, &proj)
	var changed Activity
	call(request{token: "coordA", method: "PUT", path: base + "/activities/" + late.ID.String(), body: `{"title":"Former 200 agents",
		"responsible":"Ministère de la Justice","budget":12500.5,"currency":"XOF","starts_on":"2025-01-15","due_on":"2025-06-30",
		"status":"in_progress","at_risk":true,"objective_id":"` + obj.ID.String() + `","project_id":"` + proj.ID.String() + `"}`}, 200, &changed)
	if !changed.AtRisk || changed.ProjectID == nil || *changed.ProjectID != proj.ID {
		t.Fatalf("changed activity: %+v", changed)
	}
	var detail ActionPlanDetail
	call(request{token: "analystA", method: "GET", path: base}, 200, &detail)
	if len(detail.Objectives) != 1 || len(detail.Indicators) != 1 || len(detail.Projects) != 1 || len(detail.Activities) != 2 ||
		detail.Activities[0].ObjectiveID == nil {
		t.Fatalf("detail: %+v", detail)
	}
	for format, ct := range map[string]string{"csv": "text/csv", "iati": "application/xml"} {
		w := e.do(request{token: "analystA", method: "GET", path: base + "/export?format=" + format})
		if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), ct) {
			t.Errorf("export %s: %d %v", format, w.Code, w.Header())
		}
		if format == "iati" && !strings.Contains(w.Body.String(), `participating-org ref="" role="1" activity-id="XI-DEMO-FCS-2025-NER-01"`) &&
			!strings.Contains(w.Body.String(), `role="1" activity-id="XI-DEMO-FCS-2025-NER-01"`) {
			t.Errorf("IATI export lacks the donor's activity: %s", w.Body)
		}
	}

	// Excel export, read back.
	w := e.do(request{token: "analystA", method: "GET", path: base + "/export?format=xlsx"})
	if w.Code != 200 || !strings.Contains(w.Header().Get("Content-Disposition"), ".xlsx") {
		t.Fatalf("export: %d %v", w.Code, w.Header())
	}
	f, err := excelize.OpenReader(bytes.NewReader(w.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Activities")
	if len(rows) != 3 || rows[1][0] != "Former 200 agents" || rows[1][8] != "Late" {
		t.Fatalf("workbook activities: %q", rows)
	}
	f.Close()
}

// TestActionPlanEnumsFromDomain checks that the document states the
// domain's statuses, currencies and formats.
func TestActionPlanEnumsFromDomain(t *testing.T) {
	a := build(http.NewServeMux(), "t", &server{})
	schemas := a.OpenAPI().Components.Schemas.Map()
	enumOf := func(schema, prop string) []string {
		s := schemas[schema].Properties[prop]
		if s.Ref != "" {
			s = schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		}
		var out []string
		for _, v := range s.Enum {
			out = append(out, v.(string))
		}
		return out
	}
	if got := enumOf("ActivityBody", "status"); !reflect.DeepEqual(got, plan.Statuses) {
		t.Errorf("status enum %v, want %v", got, plan.Statuses)
	}
	if got := enumOf("ActivityBody", "currency"); !reflect.DeepEqual(got, plan.Currencies) {
		t.Errorf("currency enum %v, want %v", got, plan.Currencies)
	}
	if got := *schemas["ActivityBody"].Properties["title"].MaxLength; got != plan.MaxTitle {
		t.Errorf("title maxLength %d", got)
	}
}
