package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrateUnreachableWritesNoKey: migrate against a PostgreSQL that does
// not answer fails without leaving a new master key behind; against a
// database that opens, the key is written.
func TestMigrateUnreachableWritesNoKey(t *testing.T) {
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", "")
	dir := filepath.Join(t.TempDir(), "data")
	// Port 1 on the loopback address: refused at once, nothing listens there.
	code, _, errs := run(t, "migrate", "--data", dir, "--database", "postgres://passerelle@127.0.0.1:1/passerelle?sslmode=disable&connect_timeout=2")
	if code == 0 {
		t.Fatal("migrate succeeded against an unreachable database")
	}
	if !strings.Contains(errs, "migrate") {
		t.Errorf("stderr %q", errs)
	}
	if _, err := os.Stat(filepath.Join(dir, "master.key")); !os.IsNotExist(err) {
		t.Fatalf("a master key was written before the database answered: %v", err)
	}
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate SQLite: %d %s", code, errs)
	}
	if fi, err := os.Stat(filepath.Join(dir, "master.key")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key after a successful migrate: %v %v", fi, err)
	}
}

// TestMissingKeyFileNotReplaced: with data already sealed and its key file
// gone, migrate refuses instead of writing a new key beside the data.
func TestMissingKeyFileNotReplaced(t *testing.T) {
	dir := seeded(t)
	keyFile := filepath.Join(dir, "master.key")
	if err := os.Rename(keyFile, keyFile+".elsewhere"); err != nil {
		t.Fatal(err)
	}
	code, _, errs := run(t, "migrate", "--data", dir)
	if code == 0 || !strings.Contains(errs, "sealed with another key") {
		t.Fatalf("migrate without the key: %d %q", code, errs)
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Fatalf("a new master key was written beside sealed data: %v", err)
	}
}
