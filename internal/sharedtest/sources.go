package sharedtest

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// Match is one match of a pattern in a source file: its file and its
// submatches (as regexp.FindAllStringSubmatch gives them).
type Match struct {
	File  string
	Parts []string
}

// SourceMatches is every match of re in the files matched by glob, Go test
// files left out: how the tests find the message ids a package uses, so that
// a typo cannot reach a person as a bare id.
func SourceMatches(t testing.TB, glob string, re *regexp.Regexp) []Match {
	t.Helper()
	files, err := filepath.Glob(glob)
	if err != nil {
		t.Fatal(err)
	}
	var ms []Match
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			ms = append(ms, Match{File: f, Parts: m})
		}
	}
	return ms
}
