package web

import (
	"context"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// Tests of the temporary password: issued by someone else, it opens only the
// password change until the user has chosen their own.

var staticRE = regexp.MustCompile(`href="(/static/[^"]+)"`)

// mustChangeFlag reads the store's flag for a user.
func (e *coreEnv) mustChangeFlag(key string) bool {
	e.t.Helper()
	u, err := e.db.GetUser(auth.WithActor(context.Background(), auth.SystemActor()), e.users[key].ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return u.MustChangePassword
}

// wantBlocked checks that a request is sent to the password change.
func wantBlocked(t *testing.T, r coreResp, what string) {
	t.Helper()
	if r.Code != http.StatusSeeOther || r.location() != "/account" {
		t.Errorf("%s with a temporary password: %d %q, want 303 to /account", what, r.Code, r.location())
	}
}

func TestTemporaryPasswordMustBeChanged(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	org := e.org.ID.String()

	// An organisation administrator adds a colleague: the password shown is temporary.
	admin := e.signedIn("org_admin")
	r := admin.post("/admin/organisations/"+org+"/users", form("email", "seydou.konate@lumiere.example.org",
		"display_name", "Seydou Konaté", "lang", "en", "role", "caseworker"))
	m := tempPasswordRE.FindStringSubmatch(r.Body)
	if r.Code != http.StatusOK || m == nil {
		t.Fatalf("add user: %d %.300s", r.Code, r.Body)
	}
	temp := m[1]
	u, err := e.db.UserForLogin(context.Background(), "seydou.konate@lumiere.example.org")
	if err != nil {
		t.Fatal(err)
	}
	e.users["seydou"] = coreUser{ID: u.ID, Email: u.Email}
	if !e.mustChangeFlag("seydou") {
		t.Fatal("a user added on the admin page is not asked to change the password")
	}

	// Sign-in with it (the real form) leads to the password change.
	c := e.client()
	r = c.post("/signin", form("email", u.Email, "password", temp))
	wantBlocked(t, r, "sign-in")

	// Every other page, known or not, sends there too.
	for _, p := range []string{"/", "/cases", "/cases/new", "/network/runs", "/network/runs/new", "/directory",
		"/account/two-factor", "/account/tokens", "/admin/organisations/" + org + "/users", "/signin/organisation",
		"/no-such-page"} {
		wantBlocked(t, c.get(p), "GET "+p)
	}
	wantBlocked(t, c.post("/account/tokens", form("name", "script", "days", "30")), "POST /account/tokens")
	wantBlocked(t, c.post("/cases", form("pseudonym", "X")), "POST /cases")
	// htmx requests are sent to the whole page.
	if r := c.get("/cases", "HX-Request", "true"); r.Header.Get("HX-Redirect") != "/account" {
		t.Errorf("htmx request: %d, HX-Redirect %q", r.Code, r.Header.Get("HX-Redirect"))
	}
	// No API token could be made.
	ctx := auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: e.org.ID, Role: auth.Caseworker})
	if ts, err := e.db.ListAPITokens(ctx); err != nil || len(ts) != 0 {
		t.Fatalf("tokens of a user with a temporary password: %d, %v", len(ts), err)
	}

	// The page itself says why, and offers only the password form.
	r = c.get("/account")
	wantCode(t, r, http.StatusOK, "Your password was given to you by someone else", `action="/account/password"`)
	if strings.Contains(r.Body, `action="/account/tokens"`) || strings.Contains(r.Body, `href="/account/two-factor"`) {
		t.Error("the password change page offers tokens or two-factor before the change")
	}
	// Its style sheet and scripts load.
	if s := staticRE.FindStringSubmatch(r.Body); s == nil {
		t.Error("no static asset on the page")
	} else if r := c.get(s[1]); r.Code != http.StatusOK {
		t.Errorf("static asset %s: %d", s[1], r.Code)
	}

	// The same password is refused, naming the field and the rule, in English and French.
	same := form("current_password", temp, "new_password", temp, "confirm_password", temp)
	wantCode(t, c.post("/account/password", same), http.StatusUnprocessableEntity,
		"New password must be different from the current password.")
	r = c.post("/language", form("lang", "fr", "return", "/account"))
	if r.Code != http.StatusSeeOther || r.location() != "/account" {
		t.Fatalf("language switch: %d %q", r.Code, r.location())
	}
	wantCode(t, c.get("/account"), http.StatusOK, html.EscapeString("Votre mot de passe vous a été donné par quelqu'un d'autre"))
	wantCode(t, c.post("/account/password", same), http.StatusUnprocessableEntity,
		"Le champ « Nouveau mot de passe » doit être différent du mot de passe actuel.")
	// A wrong current password is refused.
	own := "Le-fleuve-Senegal-a-Saint-Louis"
	wantCode(t, c.post("/account/password", form("current_password", "pas-le-bon-mot-de-passe", "new_password", own,
		"confirm_password", own)), http.StatusUnprocessableEntity, html.EscapeString("Le mot de passe n'est pas correct."))
	if !e.mustChangeFlag("seydou") {
		t.Fatal("a refused change cleared the flag")
	}
	wantBlocked(t, c.get("/cases"), "GET /cases after refused changes")

	// Their own password ends the restriction.
	before := e.auditCount(e.org.ID, "user.password")
	r = c.post("/account/password", form("current_password", temp, "new_password", own, "confirm_password", own))
	if r.Code != http.StatusSeeOther || r.location() != "/account" {
		t.Fatalf("change: %d %q %.300s", r.Code, r.location(), r.Body)
	}
	if e.mustChangeFlag("seydou") {
		t.Fatal("the flag stays after the user's own change")
	}
	if n := e.auditCount(e.org.ID, "user.password"); n != before+1 {
		t.Errorf("password changes audited: %d new, want 1", n-before)
	}
	for _, p := range []string{"/", "/cases", "/directory"} {
		if r := c.get(p); r.Code != http.StatusOK {
			t.Errorf("GET %s after the change: %d", p, r.Code)
		}
	}
	// The linkage runs are a coordinator's: a caseworker now gets the usual answer, not the password page.
	if r := c.get("/network/runs"); r.Code != http.StatusForbidden {
		t.Errorf("GET /network/runs after the change: %d %q, want the caseworker's 403", r.Code, r.location())
	}
	wantCode(t, c.get("/account"), http.StatusOK, `action="/account/tokens"`)
	if r := c.post("/account/tokens", form("name", "script", "days", "30")); r.Code != http.StatusOK {
		t.Errorf("token after the change: %d", r.Code)
	}

	// A reset by the administrator makes it temporary again; sign-out stays open.
	r = admin.post("/admin/organisations/"+org+"/users/"+u.ID.String()+"/password", nil)
	if m = tempPasswordRE.FindStringSubmatch(r.Body); r.Code != http.StatusOK || m == nil {
		t.Fatalf("reset: %d", r.Code)
	}
	if !e.mustChangeFlag("seydou") {
		t.Fatal("a reset on the admin page is not temporary")
	}
	c2 := e.client()
	wantBlocked(t, c2.post("/signin", form("email", u.Email, "password", m[1])), "sign-in after a reset")
	wantBlocked(t, c2.get("/cases"), "GET /cases after a reset")
	if r := c2.post("/signout", nil); r.Code != http.StatusSeeOther || r.location() == "/account" {
		t.Errorf("sign-out with a temporary password: %d %q", r.Code, r.location())
	}
	if r := c2.get("/cases"); r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Errorf("after sign-out: %d %q", r.Code, r.location())
	}
}

// TestTemporaryPasswordBeforeTwoFactorEnrolment: in an organisation that
// requires two-factor, the password is changed first, then enrolment follows
// (no redirect loop between the two).
func TestTemporaryPasswordBeforeTwoFactorEnrolment(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	temp := "Temporaire-NIAMEY-7Q2X-KB4M"
	hash, err := auth.HashPassword(temp)
	if err != nil {
		t.Fatal(err)
	}
	// As the command line does: the system actor resets the password.
	sys := auth.WithActor(context.Background(), auth.SystemActor())
	if err := e.db.SetPassword(sys, e.users["police"].ID, hash); err != nil {
		t.Fatal(err)
	}
	c := e.client()
	wantBlocked(t, c.post("/signin", form("email", e.users["police"].Email, "password", temp)), "sign-in")
	wantBlocked(t, c.get("/account/two-factor"), "GET /account/two-factor")
	wantCode(t, c.get("/account"), http.StatusOK, "Your password was given to you by someone else")
	own := "Le-Niger-a-Niamey-en-saison-seche"
	r := c.post("/account/password", form("current_password", temp, "new_password", own, "confirm_password", own))
	if r.Code != http.StatusSeeOther || r.location() != "/account" {
		t.Fatalf("change: %d %q", r.Code, r.location())
	}
	if r := c.get("/account"); r.Code != http.StatusSeeOther || r.location() != "/account/two-factor" {
		t.Errorf("after the change, enrolment comes next: %d %q", r.Code, r.location())
	}
}
