package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/directory"
)

// TestDirectoryRoundTrip: the demo's directory exported, imported into an
// empty deployment and exported again gives the same file; a file with bad
// records is refused whole, naming each, and changes nothing.
func TestDirectoryRoundTrip(t *testing.T) {
	src := seeded(t)
	tmp := t.TempDir()
	first := filepath.Join(tmp, "first.json")
	code, out, errs := run(t, "directory", "export", "--data", src, "--out", first)
	if code != 0 || !strings.Contains(out, "9 organisation") {
		t.Fatalf("export: %d %s %s", code, out, errs)
	}
	if code, _, _ := run(t, "directory", "export", "--data", src, "--out", first); code == 0 {
		t.Fatal("export overwrote an existing file")
	}

	empty := filepath.Join(tmp, "empty")
	if code, _, errs := run(t, "migrate", "--data", empty); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	data, err := os.ReadFile(first)
	if err != nil {
		t.Fatal(err)
	}
	// A bad file first: an unknown service and a country that is none.
	bad := filepath.Join(tmp, "bad.json")
	broken := strings.Replace(string(data), `"service:shelter"`, `"service:massage"`, 1)
	broken = strings.Replace(broken, `"country": "FR"`, `"country": "QQ"`, 1)
	if err := os.WriteFile(bad, []byte(broken), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = run(t, "directory", "import", "--data", empty, bad)
	if code != 2 || !strings.Contains(errs, "2 problem") ||
		!strings.Contains(errs, "records[") || !strings.Contains(errs, "services[") || !strings.Contains(errs, "addresses[0].country") {
		t.Fatalf("bad import: %d %s", code, errs)
	}
	db, ctx := openData(t, empty)
	ls, err := db.SearchDirectory(ctx, directory.Filter{})
	if err != nil || len(ls) != 0 {
		t.Fatalf("a refused file left %d organisations (%v)", len(ls), err)
	}
	db.Close()

	code, out, errs = run(t, "directory", "import", "--data", empty, first)
	if code != 0 || !strings.Contains(out, "9 new, 0 updated, 0 unchanged") {
		t.Fatalf("import: %d %s %s", code, out, errs)
	}
	second := filepath.Join(tmp, "second.json")
	if code, _, errs := run(t, "directory", "export", "--data", empty, "--out", second); code != 0 {
		t.Fatalf("second export: %s", errs)
	}
	again, _ := os.ReadFile(second)
	if !bytes.Equal(data, again) {
		t.Fatal("the directory exported from the new deployment differs from the one imported")
	}
	code, out, _ = run(t, "directory", "import", "--data", empty, first)
	if code != 0 || !strings.Contains(out, "0 new, 0 updated, 9 unchanged") {
		t.Fatalf("import again: %d %s", code, out)
	}
}
