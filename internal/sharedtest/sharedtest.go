// Package sharedtest finds the repository's root and the public reference
// data kept beside it (../shared/data), for the tests and benchmarks that check
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
	root, ok := repoRoot(t)
	if !ok {
		t.Skip("go.mod not found above the package: cannot locate ../shared/data")
	}
	p := filepath.Join(root, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("public reference data absent (%s): skipping the check against it", p)
	}
	return p
}

// RepoRoot returns the directory holding go.mod, walking up from the test's
// package; it fails t when there is none.
func RepoRoot(t testing.TB) string {
	t.Helper()
	root, ok := repoRoot(t)
	if !ok {
		t.Fatal("go.mod not found above the package")
	}
	return root
}

func repoRoot(t testing.TB) (string, bool) {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", false
		}
		dir = parent
	}
}
