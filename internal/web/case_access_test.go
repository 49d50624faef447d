package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// cwRecords seeds a case of the first organisation with one consent, plan
// item and attachment, and returns the path values to fill the routes with.
func (e *coreEnv) cwRecords(key string) map[string]string {
	e.t.Helper()
	c := e.cwSeed(key, "Khady", "Ba", 26)
	ctx := e.cwActor(key)
	con := casework.Consent{CaseID: c.ID, Purpose: "assistance", GivenBy: "person", Method: "oral", Language: "wo", GivenAt: e.now()}
	if err := e.db.AddConsent(ctx, &con); err != nil {
		e.t.Fatal(err)
	}
	it := casework.PlanItem{CaseID: c.ID, Objective: "Formation en couture", Type: "vocational_training"}
	if err := e.db.AddPlanItem(ctx, &it); err != nil {
		e.t.Fatal(err)
	}
	at := casework.Attachment{CaseID: c.ID, Name: "attestation.txt", By: e.users[key].ID, At: e.now()}
	if err := e.db.AddAttachment(ctx, &at, []byte("Attestation d'hébergement, foyer de Thiès.\n")); err != nil {
		e.t.Fatal(err)
	}
	return map[string]string{"{id}": c.ID.String(), "{cid}": con.ID.String(), "{item}": it.ID.String(),
		"{aid}": at.ID.String(), "{version}": "1"}
}

func fill(pattern string, vals map[string]string) string {
	for k, v := range vals {
		pattern = strings.ReplaceAll(pattern, k, v)
	}
	return pattern
}

// TestCaseRoutesPermissions: every /cases route answers 403 to a role
// without its permission, and something other than 403 or 500 to a role
// with it; a visitor is sent to sign in.
func TestCaseRoutesPermissions(t *testing.T) {
	e := newCoreEnv(t)
	vals := e.cwRecords("caseworker")
	var routes []Route
	for _, r := range e.srv.Routes() {
		if strings.HasPrefix(r.Pattern, "/cases") {
			routes = append(routes, r)
		}
	}
	if len(routes) < 25 {
		t.Fatalf("only %d case routes registered", len(routes))
	}
	visitor := e.client()
	for _, rt := range routes {
		path := fill(rt.Pattern, vals)
		var r coreResp
		if rt.Method == "GET" {
			r = visitor.get(path)
		} else {
			r = visitor.post(path, nil)
		}
		if r.Code != http.StatusSeeOther || r.location() != "/signin" {
			t.Errorf("visitor %s %s: %d %q", rt.Method, path, r.Code, r.location())
		}
	}
	for _, key := range []string{"caseworker", "supervisor", "org_admin", "coordinator", "analyst", "admin"} {
		c := e.signedIn(key)
		role := roleOfKey(key)
		for _, rt := range routes {
			path := fill(rt.Pattern, vals)
			var r coreResp
			if rt.Method == "GET" {
				r = c.get(path)
			} else {
				r = c.post(path, url.Values{})
			}
			allowed := rt.Perm == "" || auth.Allowed(role, rt.Perm)
			switch {
			case !allowed && r.Code != http.StatusForbidden:
				t.Errorf("%s %s %s: %d, want 403", key, rt.Method, path, r.Code)
			case allowed && (r.Code == http.StatusForbidden || r.Code >= 500):
				t.Errorf("%s %s %s: %d\n%s", key, rt.Method, path, r.Code, e.logs.String())
			}
		}
	}
	cwNoMissing(t)
}

func roleOfKey(key string) auth.Role {
	switch key {
	case "admin":
		return auth.Admin
	case "org_admin":
		return auth.OrgAdmin
	}
	return auth.Role(key)
}

// TestCaseCrossOrganisation: every /cases/{id}... route answers 404 for a
// case (and its records) of another organisation, whatever the role, and
// the other organisation's case is left unchanged.
func TestCaseCrossOrganisation(t *testing.T) {
	e := newCoreEnv(t)
	other := e.cwRecords("police") // organisation 2
	before := e.cwCaseAs("police", other["{id}"])
	clients := map[auth.Role]*coreClient{
		auth.Caseworker: e.signedIn("caseworker"), auth.Supervisor: e.signedIn("supervisor"), auth.OrgAdmin: e.signedIn("org_admin"),
	}
	// A case of our own whose sub-records are mixed with the other's ids.
	own := e.cwRecords("caseworker")
	n := 0
	for _, rt := range e.srv.Routes() {
		if !strings.HasPrefix(rt.Pattern, "/cases/") || !strings.Contains(rt.Pattern, "{id}") {
			continue
		}
		for role, c := range clients {
			if !auth.Allowed(role, rt.Perm) {
				continue
			}
			paths := []string{fill(rt.Pattern, other)}
			if strings.Contains(rt.Pattern, "{cid}") || strings.Contains(rt.Pattern, "{item}") || strings.Contains(rt.Pattern, "{aid}") {
				mixed := map[string]string{"{id}": own["{id}"], "{cid}": other["{cid}"], "{item}": other["{item}"], "{aid}": other["{aid}"]}
				paths = append(paths, fill(rt.Pattern, mixed))
			}
			for _, p := range paths {
				form := url.Values{"code": {before.Code}, "confirm_code": {before.Code}, "status": {"FollowUp"},
					"closure_status": {"Closed"}, "closure_reason": {"Relogée"}, "body": {"note"}, "purpose": {"statistics"},
					"given_by": {"person"}, "method": {"oral"}, "objective": {"x"}, "type": {"shelter"}, "note": {"x"}}
				var r coreResp
				if rt.Method == "GET" {
					r = c.get(p)
				} else {
					r = c.post(p, form)
				}
				n++
				if r.Code != http.StatusNotFound {
					t.Errorf("%s %s %s: %d, want 404", role, rt.Method, p, r.Code)
				}
			}
		}
	}
	if n < 30 {
		t.Fatalf("only %d cross-organisation requests made", n)
	}
	after := e.cwCaseAs("police", other["{id}"])
	if after.ErasedAt != nil || after.Status != before.Status || !after.UpdatedAt.Equal(before.UpdatedAt) || after.ClosureRequested {
		t.Errorf("the other organisation's case changed: %+v", after)
	}
	cwNoMissing(t)
}
