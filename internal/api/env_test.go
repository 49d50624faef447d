package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/store"
)

// env is a real SQLite store with two organisations, their people and their
// tokens, served by the API handler.
type env struct {
	t       testing.TB
	db      *store.DB
	dbPath  string
	h       http.Handler
	clock   *time.Time
	orgA    account.Organisation
	orgB    account.Organisation
	users   map[string]account.User // adminA, caseA, superA, adminB, caseB, platform, frA, offA
	tokens  map[string]string       // same keys, plus revokedA, expiredA
	tokenID map[string]uuid.UUID
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db, dir := world.OpenSQLite(t)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	e := &env{t: t, db: db, dbPath: world.SQLiteFile(dir), clock: &now,
		users: map[string]account.User{}, tokens: map[string]string{}, tokenID: map[string]uuid.UUID{}}
	e.h = New(Deps{DB: db, Version: "test", Throttle: auth.NewThrottle(db, func() time.Time { return *e.clock })})

	sys := world.System()
	e.orgA = account.Organisation{Name: "Espoir Migrants Niamey", Type: account.NGO, Country: "NER", City: "Niamey",
		Phone: "+227 20 73 41 10", Email: "contact@espoir-niamey.example", Address: "Quartier Plateau, BP 1123"}
	e.orgB = account.Organisation{Name: "Brigade de protection des mineurs Lyon", Type: account.LawEnforcement,
		Country: "FRA", City: "Lyon", Address: "40 rue Marius Berliet, confidentiel"}
	world.Orgs(t, db, &e.orgA, &e.orgB)
	people := []struct {
		key, email, name, lang string
		org                    uuid.UUID
		role                   auth.Role
		admin                  bool
	}{
		{"adminA", "aissata.maiga@espoir-niamey.example", "Aïssata Maïga", "en", e.orgA.ID, auth.OrgAdmin, false},
		{"caseA", "ibrahim.souley@espoir-niamey.example", "Ibrahim Souley", "en", e.orgA.ID, auth.Caseworker, false},
		{"superA", "fatouma.hama@espoir-niamey.example", "Fatouma Hama", "en", e.orgA.ID, auth.Supervisor, false},
		{"frA", "mariama.issa@espoir-niamey.example", "Mariama Issa", "fr", e.orgA.ID, auth.Caseworker, false},
		{"offA", "kader.ousmane@espoir-niamey.example", "Kader Ousmane", "en", e.orgA.ID, auth.Caseworker, false},
		{"adminB", "claire.vasseur@bpm-lyon.example", "Claire Vasseur", "fr", e.orgB.ID, auth.OrgAdmin, false},
		{"caseB", "tomasz.nowak@bpm-lyon.example", "Tomasz Nowak", "en", e.orgB.ID, auth.Caseworker, false},
		{"platform", "ops@passerelle.example", "Ngozi Okafor", "en", uuid.Nil, "", true},
	}
	for _, p := range people {
		u := account.User{Email: p.email, DisplayName: p.name, Lang: p.lang, PlatformAdmin: p.admin}
		var ms []account.Membership
		if p.org != uuid.Nil {
			ms = append(ms, account.Membership{OrgID: p.org, Role: p.role})
		}
		world.User(t, db, &u, ms...)
		e.users[p.key] = u
		e.addToken(p.key, p.key, p.org, nil)
	}
	e.addToken("revokedA", "adminA", e.orgA.ID, nil)
	if err := db.RevokeAPIToken(sys, e.tokenID["revokedA"]); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	e.addToken("expiredA", "adminA", e.orgA.ID, &past)
	if err := db.SetDisabled(sys, e.users["offA"].ID, true); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *env) addToken(key, user string, org uuid.UUID, expires *time.Time) {
	e.t.Helper()
	tok, k := world.Token(e.t, e.db, world.System(), e.users[user].ID, org, "test "+key, expires)
	e.tokens[key] = tok
	e.tokenID[key] = k.ID
}

// vars replaces {orgA}, {userB}, {tokenB}... in paths and bodies.
func (e *env) vars(s string) string {
	pairs := []string{"{orgA}", e.orgA.ID.String(), "{orgB}", e.orgB.ID.String()}
	for k, u := range e.users {
		pairs = append(pairs, "{user:"+k+"}", u.ID.String())
	}
	for k, id := range e.tokenID {
		pairs = append(pairs, "{token:"+k+"}", id.String())
	}
	return strings.NewReplacer(pairs...).Replace(s)
}

// request is one call to the API.
type request struct {
	token       string // key of e.tokens; "" sends no Authorization
	method      string
	path        string // after /api/v1
	body        string
	contentType string // defaults to application/json when there is a body; "-" sends none
	header      map[string]string
	remote      string // client address; httptest's 192.0.2.1:1234 when ""
}

func (e *env) do(r request) *httptest.ResponseRecorder {
	e.t.Helper()
	var body io.Reader
	if r.body != "" {
		body = strings.NewReader(e.vars(r.body))
	}
	req := httptest.NewRequest(r.method, Prefix+e.vars(r.path), body)
	if r.body != "" {
		switch r.contentType {
		case "":
			req.Header.Set("Content-Type", "application/json")
		case "-":
		default:
			req.Header.Set("Content-Type", r.contentType)
		}
	}
	if r.token != "" {
		tok, ok := e.tokens[r.token]
		if !ok {
			tok = r.token // a literal bad token
		}
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	for k, v := range r.header {
		req.Header.Set(k, v)
	}
	if r.remote != "" {
		req.RemoteAddr = r.remote
	}
	w := httptest.NewRecorder()
	e.h.ServeHTTP(w, req)
	return w
}

// snapshot digests every row of every table, except the last-use times of
// tokens (bookkeeping of a successful authentication) and the throttle's
// counts of failed ones, so that a test can
// show that a refused request changed nothing at all.
func (e *env) snapshot() map[string]string {
	e.t.Helper()
	// The audit log integrates committed entries in the background: finish
	// that first, so a snapshot sees data, not the integration's progress.
	if _, err := e.db.CheckpointAudit(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	return fixture.SnapshotSQLite(e.t, e.dbPath, fixture.Ignore{Tables: []string{"signin_throttle"}, Columns: []string{"last_used_at"}})
}

func diffSnapshots(a, b map[string]string) []string { return fixture.DiffSnapshots(a, b) }
