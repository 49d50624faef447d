package store

import (
	"context"
	"errors"
	"flag"
	"os"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
)

// envPostgres names a PostgreSQL superuser URL; each test creates and drops
// its own database there (fixture.PostgresDatabase).
const envPostgres = fixture.PostgresEnv

// TestMain raises the test parallelism when PostgreSQL is used: creating and
// dropping a database per test waits on the disk, not on the processors.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.parallel" })
	if !set && fixture.PostgresConfigured() {
		flag.Set("test.parallel", "6")
	}
	os.Exit(m.Run())
}

var testMaster = fixture.MustMasterKey()

// eachDB runs fn against a fresh SQLite database and, when configured, a
// fresh PostgreSQL database.
func eachDB(t *testing.T, fn func(t *testing.T, db *DB)) {
	t.Helper()
	t.Parallel() // each test has its own databases
	t.Run("sqlite", func(t *testing.T) { fn(t, openTestSQLite(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, openTestPostgres(t)) })
}

func openTestSQLite(t testing.TB) *DB {
	t.Helper()
	return openTest(t, Config{DataDir: t.TempDir()})
}

// pgURLs maps a test's PostgreSQL handle to its URL, for tests that open the
// same database a second time.
var pgURLs sync.Map

func openTestPostgres(t testing.TB) *DB {
	t.Helper()
	u := fixture.PostgresDatabase(t)
	db := openTest(t, Config{DatabaseURL: u})
	pgURLs.Store(db, u)
	return db
}

// openTest opens cfg with the binary's master key, closed when t ends.
func openTest(t testing.TB, cfg Config) *DB {
	t.Helper()
	db, err := Open(context.Background(), cfg, testMaster)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// world is a small network: two organisations with their people, and a
// platform administrator.
type world struct {
	db                  *DB
	sys                 context.Context
	orgA, orgB          account.Organisation
	adminA, superA      account.User
	caseA, adminB       account.User
	caseB, platformUser account.User
}

func sysCtx() context.Context { return auth.WithActor(context.Background(), auth.SystemActor()) }

func newWorld(t testing.TB, db *DB) *world {
	t.Helper()
	w := &world{db: db, sys: sysCtx()}
	w.orgA = account.Organisation{Name: "Association Espoir Niamey", Type: account.NGO, Country: "NER", City: "Niamey",
		Phone: "+227 20 73 45 12", Email: "contact@espoir-niamey.example", Website: "https://espoir-niamey.example",
		Address: "Rue du Fleuve, Plateau", RetentionDays: 3650}
	w.orgB = account.Organisation{Name: "Brigade de protection des mineurs, Lyon", Type: account.LawEnforcement,
		Country: "FRA", City: "Lyon", Address: "40 rue Marius Berliet", RequireTOTP: true}
	for _, o := range []*account.Organisation{&w.orgA, &w.orgB} {
		if err := db.CreateOrganisation(w.sys, o); err != nil {
			t.Fatal(err)
		}
	}
	mk := func(u *account.User, org uuid.UUID, role auth.Role) {
		t.Helper()
		var ms []account.Membership
		if org != uuid.Nil {
			ms = []account.Membership{{OrgID: org, Role: role}}
		}
		u.PasswordHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"
		if err := db.CreateUser(w.sys, u, ms); err != nil {
			t.Fatal(err)
		}
	}
	w.adminA = account.User{Email: "Aissata.Maiga@espoir-niamey.example", DisplayName: "Aïssata Maïga", Lang: "fr"}
	mk(&w.adminA, w.orgA.ID, auth.OrgAdmin)
	w.superA = account.User{Email: "moussa.issoufou@espoir-niamey.example", DisplayName: "Moussa Issoufou", Lang: "fr"}
	mk(&w.superA, w.orgA.ID, auth.Supervisor)
	w.caseA = account.User{Email: "fati.abdou@espoir-niamey.example", DisplayName: "Fati Abdou", Lang: "en"}
	mk(&w.caseA, w.orgA.ID, auth.Caseworker)
	w.adminB = account.User{Email: "claire.dumont@bpm-lyon.example", DisplayName: "Claire Dumont", Lang: "fr"}
	mk(&w.adminB, w.orgB.ID, auth.OrgAdmin)
	w.caseB = account.User{Email: "ion.popescu@bpm-lyon.example", DisplayName: "Ion Popescu", Lang: "en"}
	mk(&w.caseB, w.orgB.ID, auth.Caseworker)
	w.platformUser = account.User{Email: "ops@passerelle.example", DisplayName: "Kofi Mensah", PlatformAdmin: true}
	mk(&w.platformUser, uuid.Nil, "")
	return w
}

// as is the context of u acting in org with role.
func (w *world) as(u account.User, org uuid.UUID, role auth.Role) context.Context {
	return auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: org, Role: role, IP: "192.0.2.10", Lang: u.Lang})
}

func (w *world) asAdminA() context.Context { return w.as(w.adminA, w.orgA.ID, auth.OrgAdmin) }
func (w *world) asSuperA() context.Context { return w.as(w.superA, w.orgA.ID, auth.Supervisor) }
func (w *world) asCaseA() context.Context  { return w.as(w.caseA, w.orgA.ID, auth.Caseworker) }
func (w *world) asAdminB() context.Context { return w.as(w.adminB, w.orgB.ID, auth.OrgAdmin) }
func (w *world) asCaseB() context.Context  { return w.as(w.caseB, w.orgB.ID, auth.Caseworker) }
func (w *world) asPlatform() context.Context {
	return w.as(w.platformUser, uuid.Nil, auth.Admin)
}

// count returns the number of rows of a table (test helper: raw SQL).
func count(t testing.TB, db *DB, table string) int {
	t.Helper()
	return fixture.CountRows(t, db.w, table)
}

// snapshot counts the rows of every table, to prove a refused write changed nothing.
func snapshot(t testing.TB, db *DB) map[string]int {
	t.Helper()
	return fixture.RowCounts(t, db.w, "organisations", "users", "memberships", "recovery_codes", "api_tokens",
		"sessions", "data_keys", "subject_keys", "audit_log", "audit_heads")
}

func sameSnapshot(t testing.TB, before, after map[string]int) {
	t.Helper()
	fixture.SameRowCounts(t, before, after)
}

func wantErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got error %v, want %v", err, target)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
