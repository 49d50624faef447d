package api

import (
	"net/http"
	"strings"
	"testing"
)

// TestCaseReadsAudited is a black-box check: reading a case and each kind of
// its records through the API adds one "case.read" entry, naming what was
// read and nothing personal, to the organisation's trail as the API itself
// shows it (GET /organisations/{id}/audit).
func TestCaseReadsAudited(t *testing.T) {
	ce := newCaseEnv(t)
	trail := func() []AuditEntry {
		var out struct{ Items []AuditEntry }
		ce.call(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?action=case.read&limit=1000"},
			http.StatusOK, &out)
		return out.Items // newest first
	}
	for _, tc := range []struct{ path, parts string }{
		{"", "case"},
		{"/notes", "notes"},
		{"/plan", "plan"},
		{"/consents", "consents"},
		{"/screenings", "screenings"},
		{"/attachments", "attachments"},
	} {
		before := len(trail())
		body := ce.call(request{token: "caseA", method: "GET", path: "/cases/{caseA}" + tc.path}, http.StatusOK, nil)
		after := trail()
		if len(after) != before+1 {
			t.Fatalf("GET /cases/{id}%s: the trail has %d case.read entries, want %d", tc.path, len(after), before+1)
		}
		e := after[0]
		if e.RecordType != "case" || e.RecordID != ce.ids["{caseA}"] || e.Detail != "parts="+tc.parts ||
			e.ActorID.String() != ce.users["caseA"].ID.String() {
			t.Errorf("GET /cases/{id}%s: audited as %+v", tc.path, e)
		}
		if strings.Contains(e.Detail, "Aminata") || len(body) < 20 {
			t.Errorf("GET /cases/{id}%s: detail %q, body %.200s", tc.path, e.Detail, body)
		}
	}
	// Another organisation's case is not found, and not read.
	before := len(trail())
	ce.call(request{token: "caseA", method: "GET", path: "/cases/{caseB}/notes"}, http.StatusNotFound, nil)
	if len(trail()) != before {
		t.Error("a refused read was audited")
	}
}

// TestConsentAPINormalised: a statistics consent given through the API with
// organisation types is stored without them, as through the pages.
func TestConsentAPINormalised(t *testing.T) {
	ce := newCaseEnv(t)
	var c Consent
	ce.call(request{token: "caseA", method: "POST", path: "/cases/{caseA}/consents",
		body: `{"purpose":"statistics","org_types":["Shelter","LawEnforcement"],"given_by":"person","method":"written","language":"ha"}`},
		http.StatusCreated, &c)
	if c.Purpose != "statistics" || len(c.OrgTypes) != 0 {
		t.Fatalf("answered %+v, want no organisation types", c)
	}
	var list struct{ Items []Consent }
	ce.call(request{token: "caseA", method: "GET", path: "/cases/{caseA}/consents"}, http.StatusOK, &list)
	for _, got := range list.Items {
		if got.ID == c.ID && (got.Purpose != "statistics" || len(got.OrgTypes) != 0) {
			t.Fatalf("stored %+v, want no organisation types", got)
		}
	}
}
