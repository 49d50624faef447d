package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The command reads a capture table and prints the estimate: with two lists
// and main effects it is the Lincoln-Petersen figure, 60*40/20 + ... = 240.
func TestEstimateCommand(t *testing.T) {
	f := filepath.Join(t.TempDir(), "lists.csv")
	if err := os.WriteFile(f, []byte("ngo,police,count\n1,0,60\n0,1,40\n1,1,20\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := run(t, "estimate", f, "--method", "main", "--format", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	var got struct {
		Observed, Estimate, Lower, Upper float64
		Terms                            []string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Observed != 120 || got.Estimate < 239.999 || got.Estimate > 240.001 || !(got.Lower < 240 && got.Upper > 240) || len(got.Terms) != 0 {
		t.Fatalf("estimate %+v", got)
	}
	code, out, _ = run(t, "estimate", f, "--lang", "fr")
	if code != 0 || !strings.Contains(out, "Total estimé") || !strings.Contains(out, "Mises en garde") {
		t.Fatalf("French table: %d %s", code, out)
	}
}

func TestEstimateCommandRefusesBadTables(t *testing.T) {
	for _, tc := range []struct{ name, csv, lang, want string }{
		{"negative count", "a,b,count\n1,0,3\n0,1,-4\n", "en", "count"},
		{"not 0/1", "a,b,count\n2,0,3\n0,1,4\n", "en", `"a"`},
		{"unobserved row", "a,b,count\n0,0,3\n0,1,4\n", "fr", "ligne 2"},
		{"one list", "a,count\n1,3\n", "en", "list"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(t.TempDir(), "t.csv")
			os.WriteFile(f, []byte(tc.csv), 0o600)
			code, _, errs := run(t, "estimate", f, "--lang", tc.lang)
			if code != 2 || !strings.Contains(errs, tc.want) {
				t.Fatalf("want exit 2 mentioning %s, got %d %q", tc.want, code, errs)
			}
		})
	}
}
