package web

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/passerelle-org/passerelle/internal/auth"
)

func TestChangePassword(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("supervisor")
	next := "Le-fleuve-Niger-coule-vers-la-mer"
	cases := []struct {
		name                  string
		current, new, confirm string
		status                int
		body                  string
	}{
		{"wrong current", "not-my-password!", next, next, http.StatusUnprocessableEntity, "The password is not correct."},
		{"too short", corePassword, "short", "short", http.StatusUnprocessableEntity, "New password must be at least 12 characters"},
		{"weak", corePassword, "passwordpassword", "passwordpassword", http.StatusUnprocessableEntity, "too easy to guess"},
		{"mismatch", corePassword, next, next + "x", http.StatusUnprocessableEntity, "are not the same"},
	}
	for _, k := range cases {
		t.Run(k.name, func(t *testing.T) {
			r := c.post("/account/password", form("current_password", k.current, "new_password", k.new, "confirm_password", k.confirm))
			wantCode(t, r, k.status, k.body)
			if strings.Contains(r.Body, k.new) || strings.Contains(r.Body, k.current) {
				t.Error("a password is repeated in the page")
			}
		})
	}
	before := c.cookies[sessionCookie].Value
	r := c.post("/account/password", form("current_password", corePassword, "new_password", next, "confirm_password", next))
	if r.Code != http.StatusSeeOther || r.location() != "/account" {
		t.Fatalf("change: %d %q %.300s", r.Code, r.location(), r.Body)
	}
	if c.cookies[sessionCookie].Value == before {
		t.Error("session token not renewed after a password change")
	}
	wantCode(t, c.get("/account"), http.StatusOK, "Your password was changed.")
	old := e.client()
	wantCode(t, old.post("/signin", form("email", e.users["supervisor"].Email, "password", corePassword)), http.StatusUnauthorized)
	wantCode(t, old.post("/signin", form("email", e.users["supervisor"].Email, "password", next)), http.StatusSeeOther)
}

var tokenRE = regexp.MustCompile(`pas_[A-Za-z0-9_-]{20,}`)

func TestAPITokens(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("analyst")
	wantCode(t, c.post("/account/tokens", form("name", " ")), http.StatusUnprocessableEntity, "Name is required.")
	r := c.post("/account/tokens", form("name", "Tableau de bord Dakar", "days", "30"))
	wantCode(t, r, http.StatusOK, "Tableau de bord Dakar", "Copy it now")
	token := tokenRE.FindString(r.Body)
	if token == "" {
		t.Fatal("token not shown")
	}
	// The token authenticates (checked through the store, as the API does).
	tok, u, _, err := e.db.APITokenByHash(context.Background(), auth.HashAPIToken(token))
	if err != nil || u.ID != e.users["analyst"].ID {
		t.Fatalf("token lookup: %v", err)
	}
	list := c.get("/account")
	wantCode(t, list, http.StatusOK, "Tableau de bord Dakar")
	if strings.Contains(list.Body, token) {
		t.Fatal("the token is shown again")
	}
	// Someone else's token: refused (403 in the same organisation, 404 from
	// another), and it still works.
	colleague := e.signedIn("caseworker")
	wantCode(t, colleague.post("/account/tokens/"+tok.ID.String()+"/revoke", nil), http.StatusForbidden)
	wantCode(t, colleague.post("/account/tokens/not-a-uuid/revoke", nil), http.StatusNotFound)
	secret, _ := e.enrolTOTP("police")
	stranger := e.client()
	stranger.signIn("police")
	stranger.post("/signin/two-factor", form("code", e.code(secret)))
	wantCode(t, stranger.post("/account/tokens/"+tok.ID.String()+"/revoke", nil), http.StatusNotFound)
	if _, _, _, err := e.db.APITokenByHash(context.Background(), auth.HashAPIToken(token)); err != nil {
		t.Fatal("a refused revocation revoked the token")
	}
	// Revoke with htmx: the fragment comes back.
	r = c.post("/account/tokens/"+tok.ID.String()+"/revoke", nil, "HX-Request", "true")
	wantCode(t, r, http.StatusOK, `id="tokens"`, "The token was revoked.", "You have no active token.")
	if strings.Contains(r.Body, "<html") {
		t.Error("htmx answer is a whole page")
	}
	if _, _, _, err := e.db.APITokenByHash(context.Background(), auth.HashAPIToken(token)); err == nil {
		t.Fatal("revoked token still works")
	}
	// Without htmx: redirect and a message.
	r = c.post("/account/tokens", form("name", "Second", "days", "0"))
	id := regexp.MustCompile(`/account/tokens/([0-9a-f-]{36})/revoke`).FindStringSubmatch(r.Body)
	if id == nil {
		t.Fatal("no revoke form")
	}
	r = c.post("/account/tokens/"+id[1]+"/revoke", nil)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", r.Code)
	}
	wantCode(t, c.get("/account"), http.StatusOK, "The token was revoked.")
}

var secretRE = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)

func TestTwoFactorEnrolAndDisable(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.signedIn("coordinator")
	page := c.get("/account/two-factor")
	wantCode(t, page, http.StatusOK, `src="data:image/png;base64,`)
	m := secretRE.FindStringSubmatch(page.Body)
	if m == nil {
		t.Fatal("no secret on the page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	// The same secret is shown until it is confirmed.
	if m2 := secretRE.FindStringSubmatch(c.get("/account/two-factor").Body); m2 == nil || m2[1] != m[1] {
		t.Fatal("the pending secret changed between two views")
	}
	wantCode(t, c.post("/account/two-factor", form("code", "999999")), http.StatusUnprocessableEntity, "does not match")
	code, _ := totp.GenerateCodeCustom(secret, e.now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	r := c.post("/account/two-factor", form("code", code))
	wantCode(t, r, http.StatusOK, "recovery-codes")
	if n := strings.Count(r.Body, "<li>"); n != 10 {
		t.Errorf("%d recovery codes shown, want 10", n)
	}
	wantCode(t, c.get("/account/two-factor"), http.StatusOK, "is on for your account")

	// Sign-in now asks for the code.
	c2 := e.client()
	if r := c2.signIn("coordinator"); r.location() != "/signin/two-factor" {
		t.Fatalf("no second step after enrolment: %q", r.location())
	}
	e.advance(30e9)
	code2, _ := totp.GenerateCodeCustom(secret, e.now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1})
	if r := c2.post("/signin/two-factor", form("code", code2)); r.location() != "/" {
		t.Fatalf("code after enrolment: %d %q", r.Code, r.location())
	}

	// Disabling needs the password.
	wantCode(t, c.post("/account/two-factor/disable", form("password", "wrong-password-here")), http.StatusUnprocessableEntity,
		"The password is not correct.")
	if r := c.post("/account/two-factor/disable", form("password", corePassword)); r.Code != http.StatusSeeOther {
		t.Fatalf("disable: %d", r.Code)
	}
	wantCode(t, c.get("/account"), http.StatusOK, "Two-factor authentication is off.")
}

func TestTwoFactorRequiredCannotBeDisabled(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	secret, _ := e.enrolTOTP("police")
	c := e.client()
	c.signIn("police")
	if r := c.post("/signin/two-factor", form("code", e.code(secret))); r.location() != "/" {
		t.Fatalf("sign in: %d %q", r.Code, r.location())
	}
	wantCode(t, c.get("/account/two-factor"), http.StatusOK, "cannot be turned off")
	wantCode(t, c.post("/account/two-factor/disable", form("password", corePassword)), http.StatusForbidden)
	wantCode(t, c.get("/account"), http.StatusOK, "Two-factor authentication is on.")
}
