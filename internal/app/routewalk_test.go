package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/api"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/secure"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/web"
)

const walkPassword = "correct horse battery staple"

// world is two organisations with a user for every role in A and records
// (an organisation, a user, a token) in B that A must never reach.
type world struct {
	srv      *httptest.Server
	db       *store.DB
	orgA     account.Organisation
	orgB     account.Organisation
	usersA   map[auth.Role]account.User
	userB    account.User
	tokenB   store.APIToken
	tokensA  map[auth.Role]string // bearer tokens of A's users
	webRoute []web.Route
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	mk, err := secure.GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(ctx, store.Config{DataDir: t.TempDir()}, mk)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &world{db: db, usersA: map[auth.Role]account.User{}, tokensA: map[auth.Role]string{}}
	w.orgA = account.Organisation{Name: "Association Passage Lyon", Type: "NGO", Country: "FRA", City: "Lyon"}
	w.orgB = account.Organisation{Name: "Fondation Lumière d'Edo", Type: "NGO", Country: "NGA", City: "Benin City"}
	for _, o := range []*account.Organisation{&w.orgA, &w.orgB} {
		if err := db.CreateOrganisation(ctx, o); err != nil {
			t.Fatal(err)
		}
	}
	hash, err := auth.HashPassword(walkPassword)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range auth.OrgRoles {
		u := account.User{Email: string(r) + "@passage-lyon.example.org", DisplayName: "Lyon " + string(r), Lang: "en", PasswordHash: hash}
		if err := db.CreateUser(ctx, &u, []account.Membership{{OrgID: w.orgA.ID, Role: r}}); err != nil {
			t.Fatal(err)
		}
		w.usersA[r] = u
	}
	w.userB = account.User{Email: "osaro.secret@lumiere-edo.example.org", DisplayName: "Osaro Edo-Only", Lang: "en", PasswordHash: hash}
	if err := db.CreateUser(ctx, &w.userB, []account.Membership{{OrgID: w.orgB.ID, Role: auth.OrgAdmin}}); err != nil {
		t.Fatal(err)
	}
	newToken := func(u account.User, org uuid.UUID, role auth.Role) (string, store.APIToken) {
		tok, h, err := auth.NewAPIToken()
		if err != nil {
			t.Fatal(err)
		}
		k := store.APIToken{UserID: u.ID, OrgID: org, Name: "walk", Hash: h}
		uctx := auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: org, Role: role})
		if err := db.CreateAPIToken(uctx, &k); err != nil {
			t.Fatal(err)
		}
		return tok, k
	}
	_, w.tokenB = newToken(w.userB, w.orgB.ID, auth.OrgAdmin)
	for _, r := range auth.OrgRoles {
		w.tokensA[r], _ = newToken(w.usersA[r], w.orgA.ID, r)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := New(Deps{DB: db, Logger: log, Version: "test"})
	if err != nil {
		t.Fatal(err)
	}
	w.webRoute = a.Web.Routes()
	w.srv = httptest.NewServer(a.Handler())
	t.Cleanup(w.srv.Close)
	return w
}

// signIn returns a client with a session of the given user of A.
func (w *world) signIn(t *testing.T, u account.User) *http.Client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.PostForm(w.srv.URL+"/signin", url.Values{"email": {u.Email}, "password": {walkPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("sign-in of %s: %d %s", u.Email, resp.StatusCode, resp.Header.Get("Location"))
	}
	return c
}

// fill puts B's identifiers into a route pattern; orgParam chooses what
// {org} becomes, so that mixed paths (A's organisation, B's user) are walked.
func (w *world) fill(pattern string, orgParam uuid.UUID) string {
	segs := strings.Split(pattern, "/")
	for i, s := range segs {
		switch {
		case s == "{org}":
			segs[i] = orgParam.String()
		case s == "{id}" && i > 0:
			switch segs[i-1] {
			case "organisations":
				segs[i] = w.orgB.ID.String()
			case "users":
				segs[i] = w.userB.ID.String()
			case "tokens":
				segs[i] = w.tokenB.ID.String()
			default:
				segs[i] = uuid.NewString()
			}
		}
	}
	return strings.Join(segs, "/")
}

func hasParam(p string) bool { return strings.Contains(p, "{id}") || strings.Contains(p, "{org}") }

// TestWebRoutesHideOtherOrganisations walks every page and action that takes
// an identifier, as each role of A, against B's records. A role allowed the
// route must get 404; a role without the permission may get 403 (the role
// check comes first and reveals nothing); none may succeed or see B's data.
func TestWebRoutesHideOtherOrganisations(t *testing.T) {
	w := newWorld(t)
	clients := map[auth.Role]*http.Client{}
	for _, role := range auth.OrgRoles {
		clients[role] = w.signIn(t, w.usersA[role])
	}
	walked := 0
	for _, r := range w.webRoute {
		if r.Public || !hasParam(r.Pattern) {
			continue
		}
		orgs := []uuid.UUID{w.orgB.ID}
		if strings.Contains(r.Pattern, "{org}") && strings.Contains(r.Pattern, "{id}") {
			orgs = append(orgs, w.orgA.ID)
		}
		for _, org := range orgs {
			path := w.fill(r.Pattern, org)
			for _, role := range auth.OrgRoles {
				var resp *http.Response
				var err error
				if r.Method == http.MethodGet {
					resp, err = clients[role].Get(w.srv.URL + path)
				} else {
					form := url.Values{"role": {"caseworker"}, "name": {"Renamed"}, "type": {"NGO"}, "country": {"FRA"},
						"current_password": {walkPassword}, "password": {walkPassword}, "confirm": {"x"}, "reason": {"x"}, "status": {"Closed"}}
					resp, err = clients[role].PostForm(w.srv.URL+path, form)
				}
				if err != nil {
					t.Fatal(err)
				}
				body, _ := io.ReadAll(resp.Body)
				resp.Body.Close()
				allowed := r.Perm == "" || auth.Allowed(role, r.Perm)
				switch {
				case allowed && resp.StatusCode != http.StatusNotFound:
					t.Errorf("%s %s as A's %s: status %d, want 404", r.Method, path, role, resp.StatusCode)
				case !allowed && resp.StatusCode != http.StatusNotFound && resp.StatusCode != http.StatusForbidden:
					t.Errorf("%s %s as A's %s (not permitted): status %d, want 403 or 404", r.Method, path, role, resp.StatusCode)
				}
				if strings.Contains(string(body), w.userB.Email) || strings.Contains(string(body), w.userB.DisplayName) {
					t.Errorf("%s %s as A's %s shows B's user", r.Method, path, role)
				}
			}
			walked++
		}
	}
	t.Logf("walked %d page routes with identifiers", walked)
	if walked < 10 {
		t.Fatalf("walked only %d routes with identifiers: the route list is not what this test expects", walked)
	}
	// Pages without identifiers never show B's people either.
	for _, r := range w.webRoute {
		if r.Public || hasParam(r.Pattern) || r.Method != http.MethodGet {
			continue
		}
		for role, c := range clients {
			resp, err := c.Get(w.srv.URL + strings.TrimSuffix(r.Pattern, "{$}"))
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), w.userB.Email) || strings.Contains(string(body), w.userB.DisplayName) {
				t.Errorf("GET %s as A's %s shows B's user", r.Pattern, role)
			}
		}
	}
	// B's record is untouched.
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	if o, err := w.db.GetOrganisation(ctx, w.orgB.ID); err != nil || o.Name != w.orgB.Name {
		t.Fatalf("B changed: %v %v", o.Name, err)
	}
	if u, err := w.db.GetUser(ctx, w.userB.ID); err != nil || u.Disabled {
		t.Fatalf("B's user changed: %v %v", u.Disabled, err)
	}
}

// TestAPIRoutesHideOtherOrganisations does the same for every API operation
// with an identifier, with a bearer token of each role of A.
func TestAPIRoutesHideOtherOrganisations(t *testing.T) {
	w := newWorld(t)
	walked := 0
	bodies := map[string]string{
		"PATCH /api/v1/organisations/{id}":      `{"name":"Renamed"}`,
		"POST /api/v1/organisations/{id}/users": `{"email":"walker@passage-lyon.example.org","display_name":"Walker","role":"caseworker"}`,
		"PATCH /api/v1/users/{id}":              `{"disabled":true}`,
	}
	for _, r := range api.Routes() {
		if !hasParam(r.Path) {
			continue
		}
		path := w.fill(r.Path, w.orgB.ID)
		var body io.Reader
		if b, ok := bodies[r.Method+" "+r.Path]; ok {
			body = strings.NewReader(b)
		} else if r.Method != http.MethodGet && r.Method != http.MethodDelete {
			t.Fatalf("no request body for %s %s: add one to this test", r.Method, r.Path)
		}
		notFound := 0
		for _, role := range auth.OrgRoles {
			if b, ok := bodies[r.Method+" "+r.Path]; ok {
				body = strings.NewReader(b)
			}
			req, _ := http.NewRequest(r.Method, w.srv.URL+path, body)
			req.Header.Set("Authorization", "Bearer "+w.tokensA[role])
			if body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			out, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			switch resp.StatusCode {
			case http.StatusNotFound:
				notFound++
			case http.StatusForbidden:
			default:
				t.Errorf("%s %s with A's %s token: status %d, want 404 (or 403 for a role without the permission): %s", r.Method, path, role, resp.StatusCode, out)
			}
			if strings.Contains(string(out), w.userB.Email) {
				t.Errorf("%s %s shows B's user", r.Method, path)
			}
		}
		if notFound == 0 {
			t.Errorf("%s %s: no role of A reached the record check (all 403): the walk proves nothing for it", r.Method, path)
		}
		walked++
	}
	t.Logf("walked %d API operations with identifiers", walked)
	if walked < 6 {
		t.Fatalf("walked only %d API operations with identifiers", walked)
	}
	ctx := auth.WithActor(context.Background(), auth.SystemActor())
	if u, err := w.db.GetUser(ctx, w.userB.ID); err != nil || u.Disabled {
		t.Fatalf("B's user changed: %v %v", u.Disabled, err)
	}
}

func TestProbes(t *testing.T) {
	w := newWorld(t)
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(w.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
		if p == "/metrics" && !strings.Contains(string(body), "passerelle_http_requests_total") {
			t.Fatalf("metrics lack the request counter")
		}
	}
}
