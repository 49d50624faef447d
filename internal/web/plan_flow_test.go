package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// TestPlanForms drives the plan pages over HTTP: a coordinator records a
// plan and activities in English (amounts as English readers write them),
// bad input is refused with the summary naming each field and records
// nothing, an analyst reads but may not change, and the downloads carry
// their types.
func TestPlanForms(t *testing.T) {
	e := newCoreEnv(t)
	c := e.signedIn("coordinator")
	coord := world.As(e.users["coordinator"].ID, e.org.ID, auth.Coordinator)

	r := c.post("/programmes/plans", url.Values{"country": {"NER"}, "title": {"National action plan 2025-2027"},
		"starts_on": {"2025-01-01"}, "ends_on": {"2027-12-31"}})
	if r.Code != http.StatusSeeOther || !strings.HasPrefix(r.location(), "/programmes/plans/") {
		t.Fatalf("create plan: %d %s", r.Code, r.Body)
	}
	base := r.location()

	good := url.Values{"title": {"Train labour inspectors"}, "responsible": {"Ministry of Labour"}, "budget": {"12,500.50"},
		"currency": {"XOF"}, "starts_on": {"2025-01-01"}, "due_on": {"2025-06-30"}, "status": {"in_progress"}}
	bad := []struct {
		field, value, want string
	}{
		{"budget", "-12", "Budget cannot be below zero."},
		{"budget", "12 500,50", "Budget must be a number, written like 12,500.50."},
		{"due_on", "2024-12-31", "Due date must be the same as or after the start date."},
		{"status", "finished", "Status: choose one of the options in the list."},
		{"currency", "FCF", "Currency: choose one of the options in the list."},
		{"starts_on", "31/01/2025", "Start date must be a real date, written like 2025-03-31."},
	}
	for _, b := range bad {
		form := url.Values{}
		for k, v := range good {
			form[k] = v
		}
		form.Set(b.field, b.value)
		r := c.post(base+"/activities", form)
		if r.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s=%q: %d, want 422", b.field, b.value, r.Code)
			continue
		}
		if !strings.Contains(r.Body, `<a href="#`+b.field+`">`+htmlText(b.want)+`</a>`) {
			t.Errorf("%s=%q: the summary lacks %q", b.field, b.value, b.want)
		}
		if !strings.Contains(r.Body, `id="`+b.field+`-error"`) {
			t.Errorf("%s=%q: no error by the field", b.field, b.value)
		}
	}
	id := strings.TrimPrefix(base, "/programmes/plans/")
	d, err := e.db.ActionPlan(coord, uuidOf(t, id))
	if err != nil || len(d.Activities) != 0 {
		t.Fatalf("refused activities were recorded: %d %v", len(d.Activities), err)
	}
	if r := c.post(base+"/activities", good); r.Code != http.StatusSeeOther {
		t.Fatalf("good activity: %d %s", r.Code, r.Body)
	}
	if d, _ = e.db.ActionPlan(coord, uuidOf(t, id)); len(d.Activities) != 1 || d.Activities[0].Budget != 1250050 {
		t.Fatalf("activity: %+v", d.Activities)
	}
	page := c.get(base)
	for _, want := range []string{`id="count-late"`, "Train labour inspectors", "12,500.50 XOF", "Late"} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	// The activity's status changes on its own page.
	form := url.Values{}
	for k, v := range good {
		form[k] = v
	}
	form.Set("status", string(plan.Done))
	form.Set("budget", "12,500.50")
	if r := c.post(base+"/activities/"+d.Activities[0].ID.String(), form); r.Code != http.StatusSeeOther {
		t.Fatalf("update activity: %d %s", r.Code, r.Body)
	}
	if d, _ = e.db.ActionPlan(coord, uuidOf(t, id)); d.Activities[0].Status != plan.Done || d.Activities[0].Budget != 1250050 {
		t.Fatalf("updated activity: %+v", d.Activities[0])
	}

	// The plan's IATI organisation identifier is recorded later; a bad
	// change is refused and changes nothing.
	edit := url.Values{"country": {"NER"}, "title": {"National action plan 2025-2027"}, "starts_on": {"2025-01-01"},
		"ends_on": {"2024-12-31"}, "iati_org_ref": {"XI-DEMO-CNCLT"}}
	if r := c.post(base, edit); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<a href="#ends_on">`) {
		t.Errorf("plan change with the end before the start: %d", r.Code)
	}
	edit.Set("ends_on", "2027-12-31")
	if r := c.post(base, edit); r.Code != http.StatusSeeOther {
		t.Fatalf("plan change: %d %s", r.Code, r.Body)
	}
	if d, _ = e.db.ActionPlan(coord, uuidOf(t, id)); d.Plan.IATIOrgRef != "XI-DEMO-CNCLT" || d.Plan.EndsOn != "2027-12-31" {
		t.Fatalf("changed plan: %+v", d.Plan)
	}
	if r := c.get(base + "/edit"); r.Code != http.StatusOK || !strings.Contains(r.Body, `value="XI-DEMO-CNCLT"`) {
		t.Errorf("plan form: %d", r.Code)
	}

	// The analyst reads and downloads, and may not change.
	a := e.signedIn("analyst")
	if r := a.get(base); r.Code != http.StatusOK || strings.Contains(r.Body, base+"/activities/new") {
		t.Errorf("analyst's plan page: %d, offers to add: %v", r.Code, strings.Contains(r.Body, base+"/activities/new"))
	}
	if r := a.post(base+"/activities", good); r.Code != http.StatusForbidden {
		t.Errorf("analyst adds an activity: %d", r.Code)
	}
	for path, ct := range map[string]string{"/export.xlsx": "spreadsheetml", "/export.csv": "text/csv", "/iati.xml": "application/xml"} {
		r := a.get(base + path)
		if r.Code != http.StatusOK || !strings.Contains(r.Header.Get("Content-Type"), ct) ||
			!strings.HasPrefix(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("%s: %d %v", path, r.Code, r.Header)
		}
	}
	// A caseworker has no business with plans.
	if r := e.signedIn("caseworker").get("/programmes/plans"); r.Code != http.StatusForbidden {
		t.Errorf("caseworker lists plans: %d", r.Code)
	}
}

// htmlText escapes what html/template escapes in a text.
func htmlText(s string) string { return strings.NewReplacer("'", "&#39;", `"`, "&#34;").Replace(s) }

func uuidOf(t *testing.T, s string) uuid.UUID {
	t.Helper()
	id, err := uuid.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
