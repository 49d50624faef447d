package i18n_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// goFile is one parsed non-test Go file of the module.
type goFile struct {
	rel  string // slash path from the repository root
	fset *token.FileSet
	file *ast.File
}

// moduleSources parses every non-test Go file of the module (not testdata,
// not hidden or underscore directories).
func moduleSources(t *testing.T) []goFile {
	t.Helper()
	root := sharedtest.RepoRoot(t)
	var out []goFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && (strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "testdata" || name == "vendor" || name == "node_modules") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(name, ".go") || strings.HasSuffix(name, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, p, src, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, goFile{rel: filepath.ToSlash(rel), fset: fset, file: f})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 50 {
		t.Fatalf("found only %d Go files under %s", len(out), root)
	}
	return out
}

// isLanguage reports whether a string literal names an interface language
// (a catalogue language or its base, such as "fr" for "fr-CA").
func isLanguage(lit *ast.BasicLit) bool {
	if lit == nil || lit.Kind != token.STRING {
		return false
	}
	v, err := strconv.Unquote(lit.Value)
	if err != nil {
		return false
	}
	for _, l := range i18n.Languages {
		base, _, _ := strings.Cut(l, "-")
		if v == l || v == base {
			return true
		}
	}
	return false
}

// TestNoLanguageBranches: code never branches on a language ("lang ==
// "fr"", "case "fr":", strings.HasPrefix(x, "fr")); what differs between
// languages lives in the catalogues, so a new language needs no Go change.
func TestNoLanguageBranches(t *testing.T) {
	var found []string
	for _, g := range moduleSources(t) {
		at := func(n ast.Node, what string) {
			found = append(found, fmt.Sprintf("%s:%d: %s", g.rel, g.fset.Position(n.Pos()).Line, what))
		}
		ast.Inspect(g.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.BinaryExpr:
				if x.Op == token.EQL || x.Op == token.NEQ {
					l, _ := x.X.(*ast.BasicLit)
					r, _ := x.Y.(*ast.BasicLit)
					if isLanguage(l) || isLanguage(r) {
						at(x, "compares with a language")
					}
				}
			case *ast.CaseClause:
				for _, e := range x.List {
					if l, _ := e.(*ast.BasicLit); isLanguage(l) {
						at(e, "a case per language")
					}
				}
			case *ast.CallExpr:
				if sel, ok := x.Fun.(*ast.SelectorExpr); ok && strings.HasPrefix(sel.Sel.Name, "HasPrefix") && len(x.Args) == 2 {
					if l, _ := x.Args[1].(*ast.BasicLit); isLanguage(l) {
						at(x, "tests a language prefix")
					}
				}
			}
			return true
		})
	}
	slices.Sort(found)
	for _, f := range found {
		t.Error(f)
	}
}

// wordless are the packages that hold no words for people: they return
// message codes. A string literal of three words or more there is a
// sentence that belongs in a catalogue, unless it is for a log or an
// internal error (slog, log, errors.New, fmt.Errorf, panic) or listed in
// notWords with why.
var wordless = []string{
	"cmd/passerelle/",
	"internal/account/",
	"internal/audit/",
	"internal/casework/",
	"internal/chart/",
	"internal/disclosure/",
	"internal/ctdc/",
	"internal/donor/",
	"internal/estimate/",
	"internal/fault/",
	"internal/i18n/",
	"internal/identify/",
	"internal/linkage/",
	"internal/linkrun/",
	"internal/programme/plan/",
	"internal/programme/planexport/",
	"internal/programme/",
	"internal/valid/",
	"internal/web/",
	"internal/worldmap/",
}

// notWords are three-word literals of wordless packages that are not for
// people, with why.
var notWords = map[string]string{
	"passerelle linkage key fingerprint v1": "HMAC domain separation constant",
	"passerelle public evaluation secret":   "the published key of the evaluation data sets",
	"passerelle audit log v1":               "the origin line of the audit log's signed checkpoints",

	// Invented data of the demo and the load test: names and notes as
	// people would type them, not words of the interface.
	"Fondation Lumière d'Edo":                        "a demo organisation",
	"Refuge Sahel Agadez":                            "a demo organisation",
	"Coordination nationale contre la traite (démo)": "a demo organisation",
	"Association Passage Lyon":                       "a demo organisation",
	"Fonds Corridor Solidaire":                       "a demo organisation",
	"Agent de test %d":                               "a load-test caseworker's name",
	"Entretien de suivi %d : hébergement stable, rendez-vous juridique pris.": "a load-test case note",

	// The demo's directory of services.
	"Foyer Les Tisserandes":                               "a demo organisation",
	"Centre de transit et d'orientation d'Agadez":         "a demo organisation",
	"Inspection du travail du Rhône, unité traite (démo)": "a demo organisation",
	"Brigade de lutte contre la traite, Lyon (démo)":      "a demo organisation",
}

// notWordsDecls are declarations of wordless packages ("file:name") whose
// literals are not for people, with why.
var notWordsDecls = map[string]string{
	"internal/valid/valid.go:english": "the English of FieldError.Error(), for logs and internal errors; people read error.<rule> from the catalogues (i18n.FieldMessage)",
}

// notWordsFiles are files of wordless packages not scanned yet, with why.
var notWordsFiles = map[string]string{}

// sentence is three words in a row; a word has a small letter (codes such
// as "NGA NER FRA" are not words).
var sentence = regexp.MustCompile(`\pL*\p{Ll}\pL*,? +\pL*\p{Ll}\pL*,? +\pL*\p{Ll}\pL*`)

// TestNoSentencesInWordlessPackages finds sentences in the Go code of the
// packages that must return codes only.
func TestNoSentencesInWordlessPackages(t *testing.T) {
	for _, g := range moduleSources(t) {
		if !slices.ContainsFunc(wordless, func(p string) bool { return strings.HasPrefix(g.rel, p) }) || notWordsFiles[g.rel] != "" {
			continue
		}
		ast.Inspect(g.file, func(n ast.Node) bool {
			switch x := n.(type) {
			case *ast.ImportSpec, *ast.Field:
				return false // import paths, struct tags
			case *ast.FuncDecl:
				return !isErrorMethod(x) // an error's own text is for logs
			case *ast.ValueSpec:
				for _, name := range x.Names {
					if notWordsDecls[g.rel+":"+name.Name] != "" {
						return false
					}
				}
			case *ast.CallExpr:
				if forLogs(x) || isPattern(x) {
					return false
				}
			case *ast.BasicLit:
				if x.Kind != token.STRING {
					return true
				}
				v, err := strconv.Unquote(x.Value)
				if err != nil || notWords[v] != "" || !sentence.MatchString(v) {
					return true
				}
				t.Errorf("%s:%d: %q reads as words for people: return a message code", g.rel, g.fset.Position(x.Pos()).Line, v)
			}
			return true
		})
	}
}

// isPattern reports whether call compiles a regular expression: a pattern
// matches text (another program's messages, say), it is not words.
func isPattern(call *ast.CallExpr) bool {
	f, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, _ := f.X.(*ast.Ident)
	return pkg != nil && pkg.Name == "regexp" && (f.Sel.Name == "MustCompile" || f.Sel.Name == "Compile")
}

// isErrorMethod reports whether fn is the Error() string method of an
// error type, whose text is for logs and internal errors.
func isErrorMethod(fn *ast.FuncDecl) bool {
	return fn.Recv != nil && fn.Name.Name == "Error" && fn.Type.Params.NumFields() == 0 &&
		fn.Type.Results.NumFields() == 1
}

// forLogs reports whether call is a log or an internal error, whose text is
// English for the people who run the program.
func forLogs(call *ast.CallExpr) bool {
	switch f := call.Fun.(type) {
	case *ast.Ident:
		return f.Name == "panic"
	case *ast.SelectorExpr:
		switch f.Sel.Name {
		case "Debug", "Info", "Warn", "Error", "DebugContext", "InfoContext", "WarnContext", "ErrorContext", "Log", "LogAttrs":
			return true // a logger's methods, whatever holds the logger (s.log.Warn)
		}
		pkg, _ := f.X.(*ast.Ident)
		if pkg == nil {
			return false
		}
		switch pkg.Name {
		case "slog", "log":
			return true
		case "errors":
			return f.Sel.Name == "New"
		case "fmt":
			return f.Sel.Name == "Errorf"
		}
	}
	return false
}
