package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestAdminRoutesRegistered checks that every admin page is listed by Routes()
// with the permission that guards it.
func TestAdminRoutesRegistered(t *testing.T) {
	e := newAdmEnv(t)
	want := map[string]auth.Permission{
		"GET /admin":                                          auth.PermOrgView,
		"GET /admin/organisations":                            auth.PermOrgListAll,
		"GET /admin/organisations/new":                        auth.PermOrgCreate,
		"POST /admin/organisations":                           auth.PermOrgCreate,
		"GET /admin/organisations/{id}":                       auth.PermOrgView,
		"GET /admin/organisations/{id}/edit":                  auth.PermOrgEdit,
		"POST /admin/organisations/{id}":                      auth.PermOrgEdit,
		"GET /admin/users":                                    auth.PermUserView,
		"GET /admin/organisations/{org}/users":                auth.PermUserView,
		"GET /admin/organisations/{org}/users/new":            auth.PermUserManage,
		"POST /admin/organisations/{org}/users":               auth.PermUserManage,
		"GET /admin/organisations/{org}/users/{id}":           auth.PermUserManage,
		"POST /admin/organisations/{org}/users/{id}/role":     auth.PermUserManage,
		"POST /admin/organisations/{org}/users/{id}/disable":  auth.PermUserManage,
		"POST /admin/organisations/{org}/users/{id}/enable":   auth.PermUserManage,
		"POST /admin/organisations/{org}/users/{id}/password": auth.PermUserManage,
		"GET /admin/audit":                                    auth.PermAuditView,
		"GET /directory":                                      auth.PermDirectory,
	}
	got := map[string]Route{}
	for _, r := range e.srv.Routes() {
		got[r.Method+" "+r.Pattern] = r
	}
	for k, perm := range want {
		r, ok := got[k]
		if !ok {
			t.Errorf("route %s not registered", k)
			continue
		}
		if r.Perm != perm || r.Public {
			t.Errorf("route %s: perm %q public %v, want %q", k, r.Perm, r.Public, perm)
		}
	}
}

// TestAdminPermissions walks the admin routes as each role: the permission
// table decides 403, and nothing changes when a request is refused.
func TestAdminPermissions(t *testing.T) {
	e := newAdmEnv(t)
	A, cw := e.orgA.ID.String(), e.users["A.caseworker"].ID.String()
	orgs, usersA := e.countOrgs(), e.countUsers(e.orgA.ID)
	type tc struct {
		method, path string
		want         int
	}
	newOrg := url.Values{"name": {"Refuge Kano"}, "type": {"Shelter"}, "country": {"NGA"}}
	newUser := url.Values{"email": {"new.person@espoir-dakar.example"}, "display_name": {"Nouvelle Personne"},
		"lang": {"fr"}, "role": {"caseworker"}}
	scenarios := map[string][]tc{
		"A.caseworker": {
			{"GET", "/admin/organisations", 403},
			{"GET", "/admin/organisations/new", 403},
			{"POST", "/admin/organisations", 403},
			{"GET", "/admin/organisations/" + A, 200},
			{"GET", "/admin/organisations/" + A + "/edit", 403},
			{"POST", "/admin/organisations/" + A, 403},
			{"GET", "/admin/users", 403},
			{"GET", "/admin/organisations/" + A + "/users", 403},
			{"GET", "/admin/organisations/" + A + "/users/new", 403},
			{"POST", "/admin/organisations/" + A + "/users", 403},
			{"GET", "/admin/organisations/" + A + "/users/" + cw, 403},
			{"POST", "/admin/organisations/" + A + "/users/" + cw + "/role", 403},
			{"POST", "/admin/organisations/" + A + "/users/" + cw + "/disable", 403},
			{"POST", "/admin/organisations/" + A + "/users/" + cw + "/password", 403},
			{"GET", "/admin/audit", 403},
			{"GET", "/directory", 200},
		},
		"A.analyst": {
			{"GET", "/admin/organisations", 403},
			{"GET", "/admin/organisations/" + A + "/edit", 403},
			{"GET", "/admin/organisations/" + A + "/users", 403},
			{"POST", "/admin/organisations/" + A + "/users", 403},
			{"GET", "/admin/audit", 403},
			{"GET", "/directory", 200},
		},
		"A.coordinator": {
			{"GET", "/admin/organisations/new", 403},
			{"POST", "/admin/organisations", 403},
			{"GET", "/admin/organisations/" + A + "/users", 403},
			{"POST", "/admin/organisations/" + A + "/users/" + cw + "/role", 403},
			{"GET", "/admin/audit", 403},
			{"GET", "/directory", 200},
		},
		"A.supervisor": { // may see the team, not manage it
			{"GET", "/admin/organisations/" + A + "/users", 200},
			{"GET", "/admin/organisations/" + A + "/users/new", 403},
			{"POST", "/admin/organisations/" + A + "/users/" + cw + "/disable", 403},
			{"GET", "/admin/audit", 403},
		},
		"A.org_admin": {
			{"GET", "/admin/organisations", 403},
			{"GET", "/admin/organisations/new", 403},
			{"POST", "/admin/organisations", 403},
			{"GET", "/admin/organisations/" + A, 200},
			{"GET", "/admin/organisations/" + A + "/edit", 200},
			{"GET", "/admin/organisations/" + A + "/users", 200},
			{"GET", "/admin/organisations/" + A + "/users/new", 200},
			{"GET", "/admin/organisations/" + A + "/users/" + cw, 200},
			{"GET", "/admin/audit", 200},
			{"GET", "/directory", 200},
		},
		"admin": {
			{"GET", "/admin/organisations", 200},
			{"GET", "/admin/organisations/new", 200},
			{"GET", "/admin/organisations/" + A + "/users/" + cw, 200},
			{"GET", "/admin/audit", 200},
			{"GET", "/admin/audit?org=" + A, 200},
		},
	}
	for key, cases := range scenarios {
		c := e.client(key, "en")
		for _, s := range cases {
			var code int
			var body string
			if s.method == "GET" {
				code, body = c.get(s.path)
			} else {
				form := newUser
				if strings.HasPrefix(s.path, "/admin/organisations") && !strings.Contains(s.path, "/users") {
					form = newOrg
				}
				if strings.HasSuffix(s.path, "/role") {
					form = url.Values{"role": {"org_admin"}}
				}
				code, body, _ = c.post(s.path, form)
			}
			if code != s.want {
				t.Errorf("%s %s %s: status %d, want %d\n%.300s", key, s.method, s.path, code, s.want, body)
			}
		}
	}
	if n := e.countOrgs(); n != orgs {
		t.Errorf("organisations: %d before, %d after refused requests", orgs, n)
	}
	if n := e.countUsers(e.orgA.ID); n != usersA {
		t.Errorf("users of A: %d before, %d after refused requests", usersA, n)
	}
	if r := e.role(e.users["A.caseworker"].ID, e.orgA.ID); r != auth.Caseworker {
		t.Errorf("caseworker's role became %q", r)
	}
	if u := e.user(e.users["A.caseworker"].ID); u.Disabled {
		t.Error("caseworker was disabled by a refused request")
	}
}

// TestAdminCrossOrganisation: an organisation administrator of A naming
// B's organisation or B's users on any admin route gets 404, and nothing of
// B changes. Malformed ids are 404 too.
func TestAdminCrossOrganisation(t *testing.T) {
	e := newAdmEnv(t)
	A, B := e.orgA.ID.String(), e.orgB.ID.String()
	bcw, bad := e.users["B.caseworker"], e.users["B.org_admin"]
	beforeB, beforeUsersB := e.org(e.orgB.ID), e.countUsers(e.orgB.ID)
	hashBefore := loginHash(t, e, bcw.Email)
	c := e.client("A.org_admin", "fr")

	orgForm := url.Values{"name": {"Pris en main"}, "type": {"NGO"}, "country": {"FRA"}, "retention_days": {"1"}}
	userForm := url.Values{"email": {"intrus@espoir-dakar.example"}, "display_name": {"Intrus"}, "lang": {"fr"}, "role": {"caseworker"}}
	roleForm := url.Values{"role": {"org_admin"}}
	cases := []struct {
		method, path string
		form         url.Values
	}{
		{"GET", "/admin/organisations/" + B, nil},
		{"GET", "/admin/organisations/" + B + "/edit", nil},
		{"POST", "/admin/organisations/" + B, orgForm},
		{"GET", "/admin/organisations/" + B + "/users", nil},
		{"GET", "/admin/organisations/" + B + "/users/new", nil},
		{"POST", "/admin/organisations/" + B + "/users", userForm},
		{"GET", "/admin/organisations/" + B + "/users/" + bcw.ID.String(), nil},
		{"POST", "/admin/organisations/" + B + "/users/" + bcw.ID.String() + "/role", roleForm},
		{"POST", "/admin/organisations/" + B + "/users/" + bcw.ID.String() + "/disable", nil},
		{"POST", "/admin/organisations/" + B + "/users/" + bad.ID.String() + "/enable", nil},
		{"POST", "/admin/organisations/" + B + "/users/" + bcw.ID.String() + "/password", nil},
		// B's user through A's organisation.
		{"GET", "/admin/organisations/" + A + "/users/" + bcw.ID.String(), nil},
		{"POST", "/admin/organisations/" + A + "/users/" + bcw.ID.String() + "/role", roleForm},
		{"POST", "/admin/organisations/" + A + "/users/" + bcw.ID.String() + "/disable", nil},
		{"POST", "/admin/organisations/" + A + "/users/" + bcw.ID.String() + "/enable", nil},
		{"POST", "/admin/organisations/" + A + "/users/" + bcw.ID.String() + "/password", nil},
		// Ids that are not ids.
		{"GET", "/admin/organisations/not-an-id", nil},
		{"GET", "/admin/organisations/00000000-0000-0000-0000-000000000000/users", nil},
		{"GET", "/admin/organisations/" + A + "/users/12345", nil},
	}
	for _, tc := range cases {
		var code int
		var body string
		if tc.method == "GET" {
			code, body = c.get(tc.path)
		} else {
			code, body, _ = c.post(tc.path, tc.form)
		}
		if code != http.StatusNotFound {
			t.Errorf("%s %s: status %d, want 404\n%.300s", tc.method, tc.path, code, body)
		}
		if strings.Contains(body, "Accueil Solidarité Lyon") || strings.Contains(body, bcw.Email) {
			t.Errorf("%s %s: the answer names B's data", tc.method, tc.path)
		}
	}
	// The audit filter "org" is for platform administrators only: A's
	// administrator still sees A's trail, never B's.
	code, body := c.get("/admin/audit?org=" + B)
	if code != http.StatusOK || strings.Contains(body, B) {
		t.Errorf("audit ?org=B for A's administrator: status %d, body names B: %v", code, strings.Contains(body, B))
	}

	if after := e.org(e.orgB.ID); after != beforeB {
		t.Errorf("organisation B changed:\n%+v\n%+v", beforeB, after)
	}
	if n := e.countUsers(e.orgB.ID); n != beforeUsersB {
		t.Errorf("users of B: %d before, %d after", beforeUsersB, n)
	}
	if r := e.role(bcw.ID, e.orgB.ID); r != auth.Caseworker {
		t.Errorf("B's caseworker role became %q", r)
	}
	if e.user(bcw.ID).Disabled {
		t.Error("B's caseworker was disabled")
	}
	if loginHash(t, e, bcw.Email) != hashBefore {
		t.Error("B's caseworker's password was changed")
	}
}
