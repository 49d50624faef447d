package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alexedwards/scs/v2"

	"github.com/passerelle-org/passerelle/internal/secure"
)

func TestOpenSQLiteSettings(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db, err := Open(ctx, Config{DataDir: dir}, testMaster)
	must(t, err)
	defer db.Close()
	if db.Dialect() != SQLite {
		t.Fatalf("dialect %q", db.Dialect())
	}
	must(t, db.Ping(ctx))
	st, err := os.Stat(filepath.Join(dir, FileName))
	must(t, err)
	if st.Mode().Perm() != 0o600 {
		t.Fatalf("database file mode %v, want 0600", st.Mode().Perm())
	}
	for _, side := range []string{"-wal", "-shm"} {
		if st, err := os.Stat(filepath.Join(dir, FileName+side)); err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s file: %v %v", side, st.Mode().Perm(), err)
		}
	}
	pragma := func(p *DB, name string) string {
		var v string
		if err := p.w.QueryRow("PRAGMA " + name).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	for name, want := range map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "1",
		"busy_timeout": "10000"} {
		if got := pragma(db, name); got != want {
			t.Errorf("writer PRAGMA %s = %s, want %s", name, got, want)
		}
		var got string
		must(t, db.r.QueryRow("PRAGMA "+name).Scan(&got))
		if got != want {
			t.Errorf("reader PRAGMA %s = %s, want %s", name, got, want)
		}
	}
	if n := db.w.Stats().MaxOpenConnections; n != 1 {
		t.Fatalf("writer pool allows %d connections, want 1", n)
	}
	if _, err := db.r.Exec(`DELETE FROM sessions`); err == nil {
		t.Fatal("the reader pool accepted a write")
	}
	// Foreign keys are enforced.
	if _, err := db.w.Exec(`INSERT INTO memberships (organisation_id, user_id, role, created_at)
		VALUES ('x', 'y', 'caseworker', '2026-01-01 00:00:00+00:00')`); err == nil {
		t.Fatal("a membership of unknown organisation and user was accepted")
	}
	v, err := db.SchemaVersion(ctx)
	must(t, err)
	must(t, db.Close())
	// Re-opening migrates nothing new and keeps the data.
	db2, err := Open(ctx, Config{DataDir: dir}, testMaster)
	must(t, err)
	defer db2.Close()
	v2, err := db2.SchemaVersion(ctx)
	must(t, err)
	if v2 != v || v < 1 {
		t.Fatalf("schema version %d then %d", v, v2)
	}
}

func TestOpenRefusesBadConfig(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, Config{DataDir: t.TempDir(), DatabaseURL: "mysql://x"}, testMaster); err == nil ||
		!strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("unknown URL scheme: %v", err)
	}
	if _, err := Open(ctx, Config{}, testMaster); err == nil {
		t.Fatal("opened SQLite without a data directory")
	}
	if _, err := Open(ctx, Config{DataDir: t.TempDir()}, secure.MasterKey{}); err == nil {
		t.Fatal("opened without a master key")
	}
}

func TestDialectAndPing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		must(t, db.Ping(context.Background()))
		if d := db.Dialect(); d != SQLite && d != Postgres {
			t.Fatalf("dialect %q", d)
		}
		if _, ok := db.SessionStore(nil).(scs.CtxStore); !ok {
			t.Fatal("the session store does not take contexts")
		}
		if db.Keys() == nil {
			t.Fatal("no key ring")
		}
	})
}
