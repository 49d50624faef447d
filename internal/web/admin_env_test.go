package web

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/store"
)

// admPassword is the password of every seeded user.
const admPassword = world.Password

// admPasswordHash is admPassword's argon2id hash, computed once per test
// binary (argon2id is slow under the race detector).
func admPasswordHash(t testing.TB) string { return world.PasswordHash(t) }

// admEnv is a real server over a real SQLite store in a temporary directory,
// seeded with two organisations: A (Dakar) with one user per role, and B
// (Lyon) with an administrator and a caseworker. All names are invented.
type admEnv struct {
	t     testing.TB
	db    *store.DB
	srv   *Server
	ts    *httptest.Server
	orgA  account.Organisation
	orgB  account.Organisation
	users map[string]account.User // "admin", "A.org_admin", "A.caseworker", ..., "B.org_admin", "B.caseworker"
}

func newAdmEnv(t testing.TB) *admEnv {
	t.Helper()
	db, _ := world.OpenSQLite(t)
	srv, err := New(Deps{DB: db, Logger: fixture.TestLog(t, slog.LevelWarn)})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	e := &admEnv{t: t, db: db, srv: srv, ts: ts, users: map[string]account.User{}}

	sys := world.System()
	e.orgA = account.Organisation{Name: "Réseau Espoir Dakar", Type: account.NGO, Country: "SEN", City: "Dakar",
		Phone: "+221 33 555 01 17", Email: "contact@espoir-dakar.example", Website: "https://espoir-dakar.example",
		Address: "12 rue Carnot, Dakar"}
	e.orgB = account.Organisation{Name: "Accueil Solidarité Lyon", Type: account.Shelter, Country: "FRA", City: "Lyon",
		Email: "accueil@solidarite-lyon.example"}
	world.Orgs(t, db, &e.orgA, &e.orgB)
	e.addUser(sys, "admin", "Mariam Kouyaté", "mariam.kouyate@passerelle.example", uuid.Nil, "")
	people := []struct{ key, name, email string }{
		{"A.org_admin", "Awa Diallo", "awa.diallo@espoir-dakar.example"},
		{"A.caseworker", "Ibrahima Sow", "ibrahima.sow@espoir-dakar.example"},
		{"A.supervisor", "Fatou Ndiaye", "fatou.ndiaye@espoir-dakar.example"},
		{"A.coordinator", "Moussa Traoré", "moussa.traore@espoir-dakar.example"},
		{"A.analyst", "Aminata Bâ", "aminata.ba@espoir-dakar.example"},
		{"B.org_admin", "Claire Martin", "claire.martin@solidarite-lyon.example"},
		{"B.caseworker", "Kofi Mensah", "kofi.mensah@solidarite-lyon.example"},
	}
	for _, p := range people {
		org := e.orgA.ID
		if strings.HasPrefix(p.key, "B.") {
			org = e.orgB.ID
		}
		e.addUser(sys, p.key, p.name, p.email, org, auth.Role(strings.SplitN(p.key, ".", 2)[1]))
	}
	return e
}

func (e *admEnv) addUser(ctx context.Context, key, name, email string, org uuid.UUID, role auth.Role) {
	e.t.Helper()
	u := account.User{Email: email, DisplayName: name, Lang: "en", PasswordHash: admPasswordHash(e.t)}
	var ms []account.Membership
	if org == uuid.Nil {
		u.PlatformAdmin = true
	} else {
		ms = []account.Membership{{OrgID: org, Role: role}}
	}
	if err := e.db.CreateUser(ctx, &u, ms); err != nil {
		e.t.Fatal(err)
	}
	e.users[key] = u
}

// admClient is one browser: a cookie jar, a language, redirects not followed
// (tests look at each answer).
type admClient struct {
	e    *admEnv
	c    *http.Client
	lang string
}

// client signs in the seeded user key (interface language lang) through the
// real sign-in form.
func (e *admEnv) client(key, lang string) *admClient {
	e.t.Helper()
	c := e.clientNoSignIn(lang)
	u, ok := e.users[key]
	if !ok {
		e.t.Fatalf("no seeded user %q", key)
	}
	if u.Lang != lang {
		if err := e.db.SetLanguage(auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, Role: auth.Caseworker}), u.ID, lang); err != nil {
			e.t.Fatal(err)
		}
	}
	fixture.SignIn(e.t, c.c, e.ts.URL, u.Email, admPassword)
	// The session must now open a signed-in page.
	if code, body := c.get("/account"); code != http.StatusOK {
		e.t.Fatalf("after sign-in of %s, /account: status %d\n%s", key, code, body)
	}
	return c
}

// clientNoSignIn is a browser that has not signed in.
func (e *admEnv) clientNoSignIn(lang string) *admClient {
	c := fixture.Client()
	c.Transport = langTransport(lang)
	return &admClient{e: e, lang: lang, c: c}
}

// langTransport sends the client's language with every request, those made
// through the *http.Client directly too (the sign-in form).
type langTransport string

func (l langTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Accept-Language", string(l))
	return http.DefaultTransport.RoundTrip(r)
}

func (c *admClient) do(req *http.Request) (int, string, http.Header) {
	c.e.t.Helper()
	req.Header.Set("Accept-Language", c.lang)
	resp, err := c.c.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

func (c *admClient) get(path string) (int, string) {
	c.e.t.Helper()
	req, err := http.NewRequest("GET", c.e.ts.URL+path, nil)
	if err != nil {
		c.e.t.Fatal(err)
	}
	code, body, _ := c.do(req)
	return code, body
}

func (c *admClient) post(path string, form url.Values) (int, string, http.Header) {
	c.e.t.Helper()
	req, err := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

// follow answers the page a 303 leads to (the flash message shows there).
func (c *admClient) follow(code int, h http.Header) (int, string) {
	c.e.t.Helper()
	if code != http.StatusSeeOther {
		c.e.t.Fatalf("want 303 See Other, got %d", code)
	}
	return c.get(h.Get("Location"))
}

// sys is a context acting as the system, to read the store in assertions.
func (e *admEnv) sys() context.Context {
	return auth.WithActor(context.Background(), auth.SystemActor())
}

func (e *admEnv) countOrgs() int {
	e.t.Helper()
	orgs, err := e.db.ListOrganisations(e.sys())
	if err != nil {
		e.t.Fatal(err)
	}
	return len(orgs)
}

func (e *admEnv) countUsers(org uuid.UUID) int {
	e.t.Helper()
	us, _, err := e.db.ListUsers(e.sys(), org)
	if err != nil {
		e.t.Fatal(err)
	}
	return len(us)
}

func (e *admEnv) org(id uuid.UUID) account.Organisation {
	e.t.Helper()
	o, err := e.db.GetOrganisation(e.sys(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return o
}

func (e *admEnv) role(user, org uuid.UUID) auth.Role {
	e.t.Helper()
	_, ms, err := e.db.ListUsers(e.sys(), org)
	if err != nil {
		e.t.Fatal(err)
	}
	for _, m := range ms {
		if m.UserID == user {
			return m.Role
		}
	}
	return ""
}

func (e *admEnv) user(id uuid.UUID) account.User {
	e.t.Helper()
	u, err := e.db.GetUser(e.sys(), id)
	if err != nil {
		e.t.Fatal(err)
	}
	return u
}

// storeFilter is an audit filter on an action prefix.
func storeFilter(action string) store.AuditFilter {
	return store.AuditFilter{ActionPrefix: action}
}
