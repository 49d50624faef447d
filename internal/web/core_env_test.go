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
	"github.com/passerelle-org/passerelle/internal/secure"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Test fixtures for web-core tests: a real SQLite store in a temporary
// directory with a temporary master key, two organisations and one user per
// role. Names are invented.

const corePassword = "Baobab-sous-la-pluie-2024"

var (
	coreHashOnce sync.Once
	coreHash     string
)

// corePasswordHash hashes corePassword once per test binary (argon2id is
// deliberately slow).
func corePasswordHash(t testing.TB) string {
	coreHashOnce.Do(func() {
		h, err := auth.HashPassword(corePassword)
		if err != nil {
			t.Fatal(err)
		}
		coreHash = h
	})
	return coreHash
}

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
	logs  *strings.Builder
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

// syncLog is a strings.Builder safe for the logger's concurrent writes.
type syncLog struct {
	mu sync.Mutex
	b  *strings.Builder
}

func (l *syncLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func newCoreEnv(t testing.TB) *coreEnv {
	t.Helper()
	ctx := context.Background()
	master, err := secure.GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	db, err := store.Open(ctx, store.Config{DataDir: dir}, master)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = db.Close() })
	e := &coreEnv{t: t, db: db, dir: dir, clock: time.Now().UTC().Truncate(30 * time.Second), users: map[string]coreUser{},
		logs: &strings.Builder{}}
	sys := auth.WithActor(ctx, auth.SystemActor())
	e.org = account.Organisation{Name: "Association Lumière de Dakar", Type: account.NGO, Country: "SEN", City: "Dakar"}
	e.org2 = account.Organisation{Name: "Brigade de protection des mineurs", Type: account.LawEnforcement, Country: "NER",
		City: "Niamey", RequireTOTP: true}
	for _, o := range []*account.Organisation{&e.org, &e.org2} {
		if err := db.CreateOrganisation(sys, o); err != nil {
			t.Fatal(err)
		}
	}
	hash := corePasswordHash(t)
	add := func(key, name string, admin bool, ms ...account.Membership) {
		u := &account.User{Email: key + "@lumiere.example.org", DisplayName: name, Lang: "en", PasswordHash: hash,
			PlatformAdmin: admin}
		if err := db.CreateUser(sys, u, ms); err != nil {
			t.Fatalf("seed %s: %v", key, err)
		}
		e.users[key] = coreUser{ID: u.ID, Email: u.Email}
	}
	in := func(o account.Organisation, r auth.Role) account.Membership {
		return account.Membership{OrgID: o.ID, Role: r}
	}
	add("caseworker", "Aminata Diop", false, in(e.org, auth.Caseworker))
	add("supervisor", "Moussa Ndiaye", false, in(e.org, auth.Supervisor))
	add("org_admin", "Fatou Sarr", false, in(e.org, auth.OrgAdmin))
	add("coordinator", "Ibrahim Traoré", false, in(e.org, auth.Coordinator))
	add("analyst", "Élodie Martin", false, in(e.org, auth.Analyst))
	add("admin", "Kofi Mensah", true)
	add("multi", "Halima Issoufou", false, in(e.org, auth.Caseworker), in(e.org2, auth.Supervisor))
	add("police", "Abdou Garba", false, in(e.org2, auth.Caseworker))
	add("nobody", "Jan Kowalski", false)

	logs := &syncLog{b: e.logs}
	srv, err := New(Deps{DB: db, Logger: slog.New(slog.NewJSONHandler(logs, nil)), Now: e.now})
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
