// Package sharedtest finds the public reference data kept beside the
// repository (../shared/data), for the tests and benchmarks that check
// Passerelle against it. The data is never committed: where it is absent the
// test is skipped with a message, so the project's own tests pass without it.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns ../shared/data/<rel> next to the repository (the directory
// holding go.mod, found by walking up from the test's package), or skips t.
func Path(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the package: cannot locate ../shared/data")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("public reference data absent (%s): skipping the check against it", p)
	}
	return p
}
