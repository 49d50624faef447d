package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}

func wantCode(t *testing.T, r coreResp, code int, fragments ...string) {
	t.Helper()
	if r.Code != code {
		t.Fatalf("status %d, want %d; body: %.400s", r.Code, code, r.Body)
	}
	for _, f := range fragments {
		if !strings.Contains(r.Body, f) {
			t.Fatalf("body lacks %q: %.600s", f, r.Body)
		}
	}
}

// loginEvents counts audit entries with action in the platform and org chains.
func (e *coreEnv) auditCount(org uuid.UUID, action string) int {
	e.t.Helper()
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	list, err := e.db.ListAudit(ctx, org, store.AuditFilter{ActionPrefix: action, Limit: 1000})
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, a := range list {
		if a.Action == action {
			n++
		}
	}
	return n
}

func TestSignInScenarios(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	e.enrolTOTP("police")
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	disabled := e.users["analyst"]
	if err := e.db.SetDisabled(ctx, disabled.ID, true); err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name     string
		email    string
		password string
		status   int
		location string
		body     []string
	}{
		{"success", e.users["caseworker"].Email, corePassword, http.StatusSeeOther, "/", nil},
		{"email in capitals", strings.ToUpper(e.users["caseworker"].Email), corePassword, http.StatusSeeOther, "/", nil},
		{"wrong password", e.users["caseworker"].Email, "not-the-password-at-all", http.StatusUnauthorized, "",
			[]string{"The e-mail address or the password is not correct."}},
		{"unknown user", "ghost@nowhere.example.org", corePassword, http.StatusUnauthorized, "",
			[]string{"The e-mail address or the password is not correct."}},
		{"empty", "", "", http.StatusUnprocessableEntity, "", []string{"not correct"}},
		{"disabled", disabled.Email, corePassword, http.StatusForbidden, "", []string{"This account is disabled."}},
		{"no organisation", e.users["nobody"].Email, corePassword, http.StatusForbidden, "",
			[]string{"not a member of any organisation"}},
		{"two-factor next", e.users["police"].Email, corePassword, http.StatusSeeOther, "/signin/two-factor", nil},
		{"several organisations", e.users["multi"].Email, corePassword, http.StatusSeeOther, "/signin/organisation", nil},
		{"platform admin", e.users["admin"].Email, corePassword, http.StatusSeeOther, "/", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cl := e.client()
			r := cl.post("/signin", form("email", c.email, "password", c.password))
			wantCode(t, r, c.status, c.body...)
			if c.location != "" && r.location() != c.location {
				t.Fatalf("redirect to %q, want %q", r.location(), c.location)
			}
			if strings.Contains(r.Body, c.password) && c.password != "" {
				t.Fatal("the page repeats the password")
			}
			// Signed in only when the sign-in went all the way to "/".
			home := cl.get("/")
			if signed := home.Code == http.StatusOK; signed != (c.location == "/") {
				t.Fatalf("GET / after sign-in: status %d", home.Code)
			}
		})
	}
	if n := e.auditCount(uuid.Nil, "login.fail"); n < 4 {
		t.Errorf("platform chain has %d login.fail entries, want at least 4", n)
	}
	if n := e.auditCount(e.org.ID, "login.success"); n < 2 {
		t.Errorf("org chain has %d login.success entries, want at least 2", n)
	}
}

func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	email := e.users["supervisor"].Email
	c := e.client()
	for i := 1; i <= auth.ThrottleAccountFailures; i++ {
		r := c.post("/signin", form("email", email, "password", "wrong-password-number-"+string(rune('0'+i))))
		wantCode(t, r, http.StatusUnauthorized)
	}
	// The 6th attempt is refused even with the right password.
	r := c.post("/signin", form("email", email, "password", corePassword))
	wantCode(t, r, http.StatusTooManyRequests, "Too many failed attempts")
	if c.get("/").Code == http.StatusOK {
		t.Fatal("signed in while locked")
	}
	// After the lock, the right password works and clears the count.
	e.advance(auth.ThrottleFirstLock + time.Second)
	r = c.post("/signin", form("email", email, "password", corePassword))
	if r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("after the lock: %d %q", r.Code, r.location())
	}
}

func TestSignOutEndsSessionServerSide(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("caseworker")
	wantCode(t, c.get("/"), http.StatusOK, "Aminata Diop")
	stolen := c.cookies[sessionCookie].Value

	r := c.post("/signout", nil)
	if r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Fatalf("sign out: %d %q", r.Code, r.location())
	}
	if c.cookies[sessionCookie] != nil && c.cookies[sessionCookie].Value == stolen {
		t.Fatal("the session token was not changed at sign-out")
	}
	wantCode(t, c.get("/signin"), http.StatusOK, "You are signed out.")

	// Replaying the old cookie must not reach a page.
	replay := e.client()
	replay.cookies[sessionCookie] = &http.Cookie{Name: sessionCookie, Value: stolen}
	r = replay.get("/")
	if r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Fatalf("replayed cookie: %d %q", r.Code, r.location())
	}
	r = replay.get("/account")
	if r.Code != http.StatusSeeOther {
		t.Fatalf("replayed cookie on /account: %d", r.Code)
	}
	if e.auditCount(e.org.ID, "logout") != 1 {
		t.Error("sign-out not audited")
	}
}

func TestSessionTokenRenewedAtSignIn(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	c.get("/signin")
	c.post("/language", form("lang", "fr", "return", "/signin"))
	before := c.cookies[sessionCookie]
	if before == nil {
		t.Fatal("no anonymous session after choosing a language")
	}
	c.signIn("caseworker")
	after := c.cookies[sessionCookie]
	if after == nil || after.Value == before.Value {
		t.Fatal("session token not renewed at sign-in (fixation)")
	}
	if !after.HttpOnly || after.SameSite != http.SameSiteLaxMode || after.Secure {
		t.Errorf("cookie flags: HttpOnly=%v SameSite=%v Secure=%v", after.HttpOnly, after.SameSite, after.Secure)
	}
	// The user's own setting (English) wins over the anonymous session's.
	wantCode(t, c.get("/"), http.StatusOK, "Welcome")
}

func TestTwoFactorSignIn(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	secret, recovery := e.enrolTOTP("police")
	email := e.users["police"].Email

	start := func() *coreClient {
		c := e.client()
		r := c.post("/signin", form("email", email, "password", corePassword))
		if r.location() != "/signin/two-factor" {
			t.Fatalf("no two-factor step: %d %q", r.Code, r.location())
		}
		// Not signed in yet.
		if c.get("/").Code == http.StatusOK {
			t.Fatal("home reachable before the second factor")
		}
		wantCode(t, c.get("/signin/two-factor"), http.StatusOK, "authenticator app")
		return c
	}

	c := start()
	wantCode(t, c.post("/signin/two-factor", form("code", "000000")), http.StatusUnauthorized, "not valid")
	wantCode(t, c.post("/signin/two-factor", form("code", "abc")), http.StatusUnauthorized)
	code := e.code(secret)
	if code == "000000" {
		e.advance(30 * time.Second)
		code = e.code(secret)
	}
	r := c.post("/signin/two-factor", form("code", code))
	if r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("right code: %d %q", r.Code, r.location())
	}
	wantCode(t, c.get("/"), http.StatusOK, "Abdou Garba")

	// The same code again (replay) is refused.
	c2 := start()
	wantCode(t, c2.post("/signin/two-factor", form("code", code)), http.StatusUnauthorized)

	// A recovery code works once.
	r = c2.post("/signin/two-factor", form("code", strings.ToUpper(recovery[0])))
	if r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("recovery code: %d %q %.300s", r.Code, r.location(), r.Body)
	}
	c3 := start()
	wantCode(t, c3.post("/signin/two-factor", form("code", recovery[0])), http.StatusUnauthorized)

	// Skipping the step is not possible: choosing an organisation needs it.
	c4 := start()
	r = c4.post("/signin/organisation", form("org", e.org2.ID.String()))
	if r.location() != "/signin" {
		t.Fatalf("organisation step before two-factor: %d %q", r.Code, r.location())
	}
	if c4.get("/").Code == http.StatusOK {
		t.Fatal("signed in without the second factor")
	}
}

func TestChooseOrganisation(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	c.signIn("multi")
	r := c.get("/signin/organisation")
	wantCode(t, r, http.StatusOK, e.org.Name, e.org2.Name, "Caseworker", "Supervisor")
	// An organisation the user is not a member of is refused.
	wantCode(t, c.post("/signin/organisation", form("org", uuid.NewString())), http.StatusUnprocessableEntity)
	r = c.post("/signin/organisation", form("org", e.org.ID.String()))
	if r.location() != "/" {
		t.Fatalf("choose: %d %q", r.Code, r.location())
	}
	wantCode(t, c.get("/"), http.StatusOK, "Association Lumière de Dakar", "Caseworker", `href="/signin/organisation"`)
	if strings.Contains(e.signedIn("caseworker").get("/").Body, `href="/signin/organisation"`) {
		t.Error("a single-organisation user is offered to switch")
	}

	// Switching to the organisation that requires two-factor forces enrolment
	// before anything else, under a new session token.
	before := c.cookies[sessionCookie].Value
	r = c.post("/signin/organisation", form("org", e.org2.ID.String()))
	if r.location() != "/" || c.cookies[sessionCookie].Value == before {
		t.Fatalf("switch: %d %q (token renewed: %v)", r.Code, r.location(), c.cookies[sessionCookie].Value != before)
	}
	for _, p := range []string{"/", "/account", "/directory"} {
		r = c.get(p)
		if r.Code != http.StatusSeeOther || r.location() != "/account/two-factor" {
			t.Fatalf("GET %s while enrolment is due: %d %q", p, r.Code, r.location())
		}
	}
	wantCode(t, c.get("/account/two-factor"), http.StatusOK, "requires two-factor", "totp-secret")
}

func TestRoleChangeEndsSession(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("caseworker")
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	wantCode(t, c.get("/"), http.StatusOK)
	if err := e.db.SetMembership(ctx, accountMembership(e.users["caseworker"].ID, e.org.ID, auth.Supervisor)); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/"); r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Fatalf("after a role change: %d %q", r.Code, r.location())
	}
	c = e.signedIn("caseworker")
	wantCode(t, c.get("/"), http.StatusOK, "Supervisor")
	if err := e.db.SetDisabled(ctx, e.users["caseworker"].ID, true); err != nil {
		t.Fatal(err)
	}
	if r := c.get("/"); r.Code != http.StatusSeeOther {
		t.Fatalf("after disabling: %d", r.Code)
	}
}

func accountMembership(user, org uuid.UUID, r auth.Role) account.Membership {
	return account.Membership{UserID: user, OrgID: org, Role: r}
}
