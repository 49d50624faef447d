package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Test fixtures for web-core tests: a real SQLite store in a temporary
// directory with a temporary master key, two organisations and one user per
// role (fixture/world). Names are invented.

// corePassword is every seeded user's password.
const corePassword = world.Password

// corePasswordHash is corePassword's argon2id hash, computed once per test
// binary (argon2id is deliberately slow).
func corePasswordHash(t testing.TB) string { return world.PasswordHash(t) }

type coreUser struct {
	ID     uuid.UUID
	Email  string
	Secret string // TOTP secret when enrolled by the fixture
}

type coreEnv struct {
	t     testing.TB
	db    *store.DB
	srv   *Server
	h     http.Handler
	mu    sync.Mutex
	clock time.Time
	org   account.Organisation // "Association Lumière de Dakar" (SEN), two-factor optional
	org2  account.Organisation // "Brigade de protection des mineurs, Niamey" (NER), two-factor required
	users map[string]coreUser
	logs  *fixture.Logs
	dir   string // the data folder (SQLite file store.FileName)
}

func (e *coreEnv) now() time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.clock
}

func (e *coreEnv) advance(d time.Duration) {
	e.mu.Lock()
	e.clock = e.clock.Add(d)
	e.mu.Unlock()
}

func newCoreEnv(t testing.TB) *coreEnv {
	t.Helper()
	db, dir := world.OpenSQLite(t)
	e := &coreEnv{t: t, db: db, dir: dir, clock: time.Now().UTC().Truncate(30 * time.Second), users: map[string]coreUser{},
		logs: &fixture.Logs{}}
	e.org = account.Organisation{Name: "Association Lumière de Dakar", Type: account.NGO, Country: "SEN", City: "Dakar"}
	e.org2 = account.Organisation{Name: "Brigade de protection des mineurs", Type: account.LawEnforcement, Country: "NER",
		City: "Niamey", RequireTOTP: true}
	world.Orgs(t, db, &e.org, &e.org2)
	hash := world.PasswordHash(t)
	add := func(key, name string, admin bool, ms ...account.Membership) {
		u := &account.User{Email: key + "@lumiere.example.org", DisplayName: name, Lang: "en", PasswordHash: hash,
			PlatformAdmin: admin}
		world.User(t, db, u, ms...)
		e.users[key] = coreUser{ID: u.ID, Email: u.Email}
	}
	in := world.In
	add("caseworker", "Aminata Diop", false, in(e.org, auth.Caseworker))
	add("supervisor", "Moussa Ndiaye", false, in(e.org, auth.Supervisor))
	add("org_admin", "Fatou Sarr", false, in(e.org, auth.OrgAdmin))
	add("coordinator", "Ibrahim Traoré", false, in(e.org, auth.Coordinator))
	add("analyst", "Élodie Martin", false, in(e.org, auth.Analyst))
	add("admin", "Kofi Mensah", true)
	add("multi", "Halima Issoufou", false, in(e.org, auth.Caseworker), in(e.org2, auth.Supervisor))
	add("police", "Abdou Garba", false, in(e.org2, auth.Caseworker))
	add("nobody", "Jan Kowalski", false)

	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewJSONHandler(e.logs, nil)), Now: e.now})
	if err != nil {
		t.Fatal(err)
	}
	e.srv, e.h = srv, srv.Handler()
	// A test-only shortcut into a signed-in session: it skips the password
	// check (argon2id is slow, more so under the race detector) but goes
	// through the same session code as a real sign-in. Tests of sign-in
	// itself use the real form.
	srv.public("POST", "/test/signin-as", func(w http.ResponseWriter, r *http.Request) {
		id, err := uuid.Parse(r.PostFormValue("user"))
		if err != nil {
			http.Error(w, "bad user", http.StatusBadRequest)
			return
		}
		u, err := srv.db.GetUser(selfCtx(r.Context(), id, "192.0.2.1"), id)
		if err != nil {
			srv.fail(w, r, err)
			return
		}
		choices, err := srv.orgChoices(r, u)
		if err != nil || len(choices) == 0 {
			http.Error(w, "no organisation", http.StatusBadRequest)
			return
		}
		srv.completeSignIn(w, r, u, choices[0])
	})
	return e
}

// enrolTOTP gives a seeded user a second factor directly in the store.
func (e *coreEnv) enrolTOTP(key string) (secret string, recovery []string) {
	e.t.Helper()
	u := e.users[key]
	secret, _, err := auth.NewTOTP(u.Email)
	if err != nil {
		e.t.Fatal(err)
	}
	codes, hashes, err := auth.NewRecoveryCodes(10)
	if err != nil {
		e.t.Fatal(err)
	}
	ctx := selfCtx(context.Background(), u.ID, "192.0.2.1")
	if err := e.db.SetTOTP(ctx, u.ID, secret, hashes); err != nil {
		e.t.Fatal(err)
	}
	u.Secret = secret
	e.users[key] = u
	return secret, codes
}

// code is the TOTP code for secret at the env's clock.
func (e *coreEnv) code(secret string) string {
	c, err := totp.GenerateCodeCustom(secret, e.now(), totp.ValidateOpts{Period: 30, Digits: otp.DigitsSix,
		Algorithm: otp.AlgorithmSHA1})
	if err != nil {
		e.t.Fatal(err)
	}
	return c
}

// coreClient is a minimal browser: it keeps cookies and sends headers.
type coreClient struct {
	e       *coreEnv
	cookies map[string]*http.Cookie
	header  http.Header
	remote  string // client address; "" is 192.0.2.10:40000
}

func (e *coreEnv) client() *coreClient {
	return &coreClient{e: e, cookies: map[string]*http.Cookie{}, header: http.Header{}}
}

type coreResp struct {
	Code   int
	Header http.Header
	Body   string
}

func (r coreResp) location() string { return r.Header.Get("Location") }

func (c *coreClient) do(method, path string, form url.Values, hdr ...string) coreResp {
	c.e.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req := httptest.NewRequest(method, path, body)
	req.RemoteAddr = "192.0.2.10:40000"
	if c.remote != "" {
		req.RemoteAddr = c.remote
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.e.h.ServeHTTP(rec, req)
	res := rec.Result()
	for _, ck := range res.Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	b, _ := io.ReadAll(res.Body)
	return coreResp{Code: res.StatusCode, Header: res.Header, Body: string(b)}
}

func (c *coreClient) get(path string, hdr ...string) coreResp { return c.do("GET", path, nil, hdr...) }
func (c *coreClient) post(path string, form url.Values, hdr ...string) coreResp {
	if form == nil {
		form = url.Values{}
	}
	return c.do("POST", path, form, hdr...)
}

// signIn signs in a seeded user (password only; fails the test otherwise)
// and returns the response of the last step.
func (c *coreClient) signIn(key string) coreResp {
	c.e.t.Helper()
	u := c.e.users[key]
	r := c.post("/signin", url.Values{"email": {u.Email}, "password": {corePassword}})
	if r.Code != http.StatusSeeOther {
		c.e.t.Fatalf("sign in %s: status %d, body %.300s", key, r.Code, r.Body)
	}
	return r
}

// signedIn returns a client signed in as key in its first organisation,
// through the test shortcut (see newCoreEnv).
func (e *coreEnv) signedIn(key string) *coreClient {
	e.t.Helper()
	c := e.client()
	c.signInFast(key)
	return c
}

func (c *coreClient) signInFast(key string) {
	c.e.t.Helper()
	r := c.post("/test/signin-as", url.Values{"user": {c.e.users[key].ID.String()}})
	if r.Code != http.StatusSeeOther || r.location() != "/" {
		c.e.t.Fatalf("sign in %s: %d %q", key, r.Code, r.location())
	}
}
