package main

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// run calls a subcommand in-process, as the binary would.
func run(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := dispatch(args, strings.NewReader(""), &out, &errb)
	return code, out.String(), errb.String()
}

func seeded(t *testing.T) string {
	t.Helper()
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", "")
	dir := filepath.Join(t.TempDir(), "data")
	code, out, errs := run(t, "demo", "--data", dir, "--seed-only")
	if code != 0 {
		t.Fatalf("demo: %d %s", code, errs)
	}
	for _, d := range demoUsers {
		if !strings.Contains(out, d.email) {
			t.Errorf("demo output lacks login %s", d.email)
		}
	}
	return dir
}

func TestDemoSeedsOnceAndKeepsKeyPrivate(t *testing.T) {
	dir := seeded(t)
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("second demo run: %s", errs)
	}
	code, out, _ := run(t, "org", "list", "--data", dir)
	if code != 0 || strings.Count(out, "\n") != len(demoOrgs)+len(demoDirectoryOrgs)+1 {
		t.Fatalf("org list after two seeds:\n%s", out)
	}
	fi, err := os.Stat(filepath.Join(dir, "master.key"))
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("master key file: %v %v", fi, err)
	}
}

func TestUnknownCommand(t *testing.T) {
	if code, _, errs := run(t, "frobnicate"); code != 2 || !strings.Contains(errs, "unknown command") {
		t.Fatalf("got %d %q", code, errs)
	}
}

func TestUserCommands(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "user", "add", "--data", dir, "--email", "new.worker@passage-lyon.example.org",
		"--name", "Mariama Koné", "--org", "Association Passage Lyon", "--role", "caseworker", "--lang", "fr")
	if code != 0 || !strings.Contains(out, "temporary password") {
		t.Fatalf("user add: %d %s %s", code, out, errs)
	}
	if code, out, _ := run(t, "user", "reset-password", "--data", dir, "--email", "new.worker@passage-lyon.example.org"); code != 0 || !strings.Contains(out, "temporary password") {
		t.Fatalf("reset: %d %s", code, out)
	}
	if code, _, errs := run(t, "user", "disable", "--data", dir, "--email", "new.worker@passage-lyon.example.org"); code != 0 {
		t.Fatalf("disable: %s", errs)
	}
	bad := []struct {
		name  string
		lang  string
		args  []string
		field string
	}{
		{"unknown role", "en", []string{"--email", "x@passage-lyon.example.org", "--name", "X", "--org", "Association Passage Lyon", "--role", "chief"}, "role"},
		{"invalid e-mail", "en", []string{"--email", "not-an-address", "--name", "X", "--org", "Association Passage Lyon"}, "mail"},
		{"empty name, French", "fr", []string{"--email", "y@passage-lyon.example.org", "--name", "", "--org", "Association Passage Lyon"}, "om"},
	}
	for _, b := range bad {
		t.Run(b.name, func(t *testing.T) {
			t.Setenv("LANG", b.lang)
			code, _, errs := run(t, append([]string{"user", "add", "--data", dir}, b.args...)...)
			if code != 2 || !strings.Contains(strings.ToLower(errs), b.field) {
				t.Fatalf("want exit 2 naming %q, got %d %q", b.field, code, errs)
			}
		})
	}
	_, out, _ = run(t, "audit", "verify", "--data", dir)
	if !strings.Contains(out, "intact") {
		t.Fatalf("audit after user commands: %s", out)
	}
}

func TestAuditVerifyNamesTheBrokenEntry(t *testing.T) {
	for _, tamper := range []struct {
		name, sql string
	}{
		{"edited", "UPDATE audit_log SET action = 'user.read' WHERE seq = 2 AND organisation_id = (SELECT organisation_id FROM audit_log WHERE seq = 2 LIMIT 1)"},
		{"deleted", "DELETE FROM audit_log WHERE seq = 2 AND organisation_id = (SELECT organisation_id FROM audit_log WHERE seq = 2 LIMIT 1)"},
	} {
		t.Run(tamper.name, func(t *testing.T) {
			dir := seeded(t)
			if code, out, _ := run(t, "audit", "verify", "--data", dir); code != 0 {
				t.Fatalf("untouched trail: %s", out)
			}
			db, err := sql.Open("sqlite", filepath.Join(dir, "passerelle.db"))
			if err != nil {
				t.Fatal(err)
			}
			res, err := db.Exec(tamper.sql)
			if err != nil {
				t.Fatal(err)
			}
			if n, _ := res.RowsAffected(); n != 1 {
				t.Fatalf("tampered %d rows", n)
			}
			db.Close()
			code, out, _ := run(t, "audit", "verify", "--data", dir)
			if code != 1 || !strings.Contains(out, "entry 2") {
				t.Fatalf("want the break at entry 2, got %d %s", code, out)
			}
		})
	}
}

func TestBackupWhileServingAndKeyRotation(t *testing.T) {
	dir := seeded(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	c := config{dataDir: dir}
	db, err := c.open(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ready := make(chan string, 1)
	done := make(chan int, 1)
	go func() {
		done <- serveDB(ctx, db, serveOptions{addr: "127.0.0.1:0"}, discardLogger(), io.Discard, func(u string) { ready <- u })
	}()
	base := <-ready
	for _, p := range []string{"/healthz", "/readyz", "/metrics"} {
		resp, err := http.Get(base + p)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("%s: %v %v", p, resp, err)
		}
		resp.Body.Close()
	}
	// The printed demo login works on the real server.
	jar := newJar()
	client := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/signin", url.Values{"email": {"caseworker@passage-lyon.example.org"}, "password": {demoPassword}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("demo sign-in: status %d", resp.StatusCode)
	}
	resp, err = client.Get(base + "/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Aïssatou") {
		t.Fatalf("home after demo sign-in: %d", resp.StatusCode)
	}

	out := filepath.Join(t.TempDir(), "copy.db")
	if code, _, errs := run(t, "backup", "--data", dir, "--out", out); code != 0 {
		t.Fatalf("backup while serving: %s", errs)
	}
	// The copy's trail verifies read-only against the checkpoint written
	// beside it, with the public key alone: no master key is given.
	noKey := filepath.Join(t.TempDir(), "absent.key")
	if code, outp, errs := run(t, "audit", "verify", "--data", dir, "--copy", out, "--master-key-file", noKey); code != 0 || !strings.Contains(outp, "intact") {
		t.Fatalf("backup copy: %s %s", outp, errs)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("serve exit %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	db.Close()

	newKey := filepath.Join(t.TempDir(), "new.key")
	if code, _, errs := run(t, "keys", "rotate-master", "--data", dir, "--new-key-file", newKey); code != 0 {
		t.Fatalf("rotate-master: %s", errs)
	}
	if code, _, _ := run(t, "org", "list", "--data", dir, "--master-key-file", newKey); code != 0 {
		t.Fatal("data unreadable with the new master key")
	}
	// The new key's checkpoints join the old ones: audit.pub keeps both keys.
	if code, outp, errs := run(t, "audit", "verify", "--data", dir); code != 0 {
		t.Fatalf("audit after the master key changed: %s %s", outp, errs)
	}
}

// Retention closes and erases by each organisation's rule; with no rule set
// (the demo's), it changes nothing.
func TestRetentionCommand(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "retention", "apply", "--data", dir)
	if code != 0 || !strings.Contains(out, "0 cases closed, 0 cases erased, 0 linkage runs expired") {
		t.Fatalf("retention: %d %s %s", code, out, errs)
	}
	if code, _, _ := run(t, "retention", "frobnicate"); code != 2 {
		t.Fatal("unknown retention action accepted")
	}
}

// An organisation loads its own catalogue from a file; a broken one is
// refused naming the problem, and reset brings the embedded list back.
func TestCatalogueCommand(t *testing.T) {
	dir := seeded(t)
	f := filepath.Join(t.TempDir(), "niger.json")
	if code, _, errs := run(t, "catalogue", "list", "--data", dir, "--org", "Refuge Sahel Agadez"); code != 0 {
		t.Fatalf("list: %s", errs)
	}
	os.WriteFile(f, []byte(`{"id":"niger_form","version":"1"}`), 0o600)
	if code, _, errs := run(t, "catalogue", "load", f, "--data", dir, "--org", "Refuge Sahel Agadez"); code != 2 || errs == "" {
		t.Fatalf("broken catalogue: %d %q", code, errs)
	}
	src, err := os.ReadFile(filepath.Join("..", "..", "internal", "identify", "catalogues", "ilo2009-child-labour.json"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(f, src, 0o600)
	code, out, errs := run(t, "catalogue", "load", f, "--data", dir, "--org", "Refuge Sahel Agadez")
	if code != 0 || !strings.Contains(out, "child_labour") {
		t.Fatalf("load: %d %s %s", code, out, errs)
	}
	if code, _, errs := run(t, "catalogue", "reset", "child_labour", "--data", dir, "--org", "Refuge Sahel Agadez"); code != 0 {
		t.Fatalf("reset: %s", errs)
	}
	if code, _, _ := run(t, "catalogue", "reset", "child_labour", "--data", dir, "--org", "Refuge Sahel Agadez"); code == 0 {
		t.Fatal("second reset succeeded")
	}
}
