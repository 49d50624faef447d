package account

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestDomainImportsInward: the domain and engine packages import nothing of
// the outer layers (auth, store, web, api, app, commands), directly; since
// each of them is checked, not transitively either. Roles live here so that
// memberships need no auth.
func TestDomainImportsInward(t *testing.T) {
	const module = "github.com/passerelle-org/passerelle/"
	outer := []string{"internal/auth", "internal/store", "internal/web", "internal/api", "internal/app", "cmd/"}
	domain := []string{"account", "casework", "htcds", "linkrun", "identify", "linkage", "estimate", "country", "valid", "fault"}
	checked := 0
	for _, pkg := range domain {
		err := filepath.WalkDir(filepath.Join("..", pkg), func(path string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), path, nil, parser.ImportsOnly)
			if err != nil {
				return err
			}
			checked++
			for _, imp := range f.Imports {
				p, _ := strconv.Unquote(imp.Path.Value)
				for _, o := range outer {
					if strings.HasPrefix(p, module+o) {
						t.Errorf("%s imports %s", path, p)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if checked < 20 {
		t.Fatalf("only %d files checked", checked)
	}
}
