package web

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
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

// TestSignInThrottle: after 3 wrong passwords from one address the next
// attempt from it waits 10 s (Retry-After), even with the right password;
// after the wait the right password works.
func TestSignInThrottle(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	email := e.users["supervisor"].Email
	c := e.client()
	for i := 1; i <= auth.ThrottlePair.Free+1; i++ {
		r := c.post("/signin", form("email", email, "password", "wrong-password-number-"+string(rune('0'+i))))
		wantCode(t, r, http.StatusUnauthorized)
	}
	r := c.post("/signin", form("email", email, "password", corePassword))
	wantCode(t, r, http.StatusTooManyRequests, "Try again in 10 second(s)")
	if got := r.Header.Get("Retry-After"); got != "10" {
		t.Errorf("Retry-After %q, want 10", got)
	}
	if c.get("/").Code == http.StatusOK {
		t.Fatal("signed in while locked")
	}
	e.advance(10 * time.Second)
	r = c.post("/signin", form("email", email, "password", corePassword))
	if r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("after the wait: %d %q", r.Code, r.location())
	}
}

// guess makes n wrong-password attempts for email, waiting out (on the test
// clock) each wait the throttle asks for.
func (c *coreClient) guess(email string, n int) {
	c.e.t.Helper()
	for i := 0; i < n; {
		r := c.post("/signin", form("email", email, "password", "devine-"+strconv.Itoa(i)))
		switch r.Code {
		case http.StatusUnauthorized:
			i++
		case http.StatusTooManyRequests:
			secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
			if err != nil || secs < 1 {
				c.e.t.Fatalf("throttled without Retry-After: %q", r.Header.Get("Retry-After"))
			}
			c.e.advance(time.Duration(secs) * time.Second)
		default:
			c.e.t.Fatalf("guess: %d", r.Code)
		}
	}
}

// TestSignInGuessingElsewhereDoesNotLockTheOwner: 5 wrong passwords from
// address A do not stop the right password from address B.
func TestSignInGuessingElsewhereDoesNotLockTheOwner(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	email := e.users["supervisor"].Email
	attacker := e.client()
	attacker.remote = "203.0.113.66:5555"
	attacker.guess(email, 5)
	wantCode(t, attacker.post("/signin", form("email", email, "password", corePassword)), http.StatusTooManyRequests)
	owner := e.client()
	owner.remote = "198.51.100.7:41000"
	if r := owner.post("/signin", form("email", email, "password", corePassword)); r.Code != http.StatusSeeOther || r.location() != "/" {
		t.Fatalf("owner at another address: %d %.300s", r.Code, r.Body)
	}
}

// TestSignInSharedAddressWaitsBriefly: 20 failures from a shelter's one
// address, spread over 10 names, make a colleague's right password from that
// address wait 1 s, no more.
func TestSignInSharedAddressWaitsBriefly(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	shelter := "203.0.113.50:"
	for i := range 20 {
		c := e.client()
		c.remote = shelter + strconv.Itoa(30000+i)
		who := "agent" + strconv.Itoa(i%10) + "@lumiere.example.org"
		wantCode(t, c.post("/signin", form("email", who, "password", "pas-le-bon-mot-de-passe")), http.StatusUnauthorized)
	}
	c := e.client()
	c.remote = shelter + "31000"
	r := c.post("/signin", form("email", e.users["caseworker"].Email, "password", corePassword))
	wantCode(t, r, http.StatusTooManyRequests)
	if got := r.Header.Get("Retry-After"); got != "1" {
		t.Fatalf("Retry-After %q, want 1", got)
	}
	e.advance(time.Second)
	if r := c.post("/signin", form("email", e.users["caseworker"].Email, "password", corePassword)); r.Code != http.StatusSeeOther {
		t.Fatalf("after a second: %d %.300s", r.Code, r.Body)
	}
}

// TestAdminLiftsLockout: an organisation administrator sees the lockout on
// the member's page and lifts it; the member signs in at once; audited.
func TestAdminLiftsLockout(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	member := e.users["caseworker"]
	c := e.client()
	c.guess(member.Email, 6)
	wantCode(t, c.post("/signin", form("email", member.Email, "password", corePassword)), http.StatusTooManyRequests)

	admin := e.signedIn("org_admin")
	page := "/admin/organisations/" + e.org.ID.String() + "/users/" + member.ID.String()
	wantCode(t, admin.get(page), http.StatusOK, "must wait before signing in", page+"/unlock")
	r := admin.post(page+"/unlock", nil)
	if r.Code != http.StatusSeeOther || r.location() != page {
		t.Fatalf("unlock: %d %q %.300s", r.Code, r.location(), r.Body)
	}
	got := admin.get(page)
	wantCode(t, got, http.StatusOK, "The sign-in lockout has been lifted.")
	if strings.Contains(got.Body, "must wait before signing in") {
		t.Error("still shown as locked")
	}
	if r := c.post("/signin", form("email", member.Email, "password", corePassword)); r.Code != http.StatusSeeOther {
		t.Fatalf("member after the lift: %d %.300s", r.Code, r.Body)
	}
	if n := e.auditCount(e.org.ID, "user.unlock"); n != 1 {
		t.Errorf("%d user.unlock entries", n)
	}
	// A caseworker has no such button.
	wantCode(t, e.signedIn("analyst").post(page+"/unlock", nil), http.StatusForbidden)
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
