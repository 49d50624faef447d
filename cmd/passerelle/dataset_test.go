package main

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/dataset"
)

// TestDatasetCommands: import a generated file (piped output: no progress
// bar), list it, count it as CSV and JSON with the Public method, refuse
// what must be refused with the exit codes of the one table, and drop it.
func TestDatasetCommands(t *testing.T) {
	t.Setenv("PASSERELLE_MASTER_KEY", "")
	t.Setenv("PASSERELLE_MASTER_KEY_FILE", "")
	t.Setenv("PASSERELLE_DATABASE", "")
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "en")
	dir := filepath.Join(t.TempDir(), "data")
	if code, _, errs := run(t, "migrate", "--data", dir); code != 0 {
		t.Fatalf("migrate: %s", errs)
	}
	file := filepath.Join(t.TempDir(), "generated.csv")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	if err := dataset.Generate(f, 3000, 5); err != nil {
		t.Fatal(err)
	}
	f.Close()

	code, out, errs := run(t, "dataset", "import", "--data", dir, "--name", "corridor", file)
	if code != 0 || !strings.Contains(out, "3000 rows, 11 columns") || !strings.Contains(out, "terms of use") || errs != "" {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	if code, _, errs = run(t, "dataset", "import", "--data", dir, "--name", "corridor", file); code != 4 || !strings.Contains(errs, "already exists") {
		t.Errorf("second import: %d %q", code, errs)
	}
	if code, out, _ = run(t, "dataset", "list", "--data", dir); code != 0 || !strings.Contains(out, "corridor") || !strings.Contains(out, "3000") {
		t.Errorf("list: %d %q", code, out)
	}

	code, out, errs = run(t, "dataset", "tabulate", "corridor", "--data", dir, "--by", "gender,isForcedLabour", "--k", "0", "--format", "csv")
	if code != 0 {
		t.Fatalf("tabulate csv: %d %s", code, errs)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || strings.Join(recs[0], ",") != "gender,isForcedLabour,count" || len(recs) != 5 {
		t.Fatalf("csv: %v %q", err, out)
	}
	if !strings.Contains(errs, "Method: Public (k = 0)") || !strings.Contains(errs, "rows left out") {
		t.Errorf("csv notes: %q", errs)
	}

	code, out, _ = run(t, "dataset", "tabulate", "corridor", "--data", dir, "--by", "gender", "--k", "0", "--format", "json")
	var got struct {
		Method   string           `json:"method"`
		K        *int             `json:"k"`
		Excluded *int64           `json:"excluded"`
		Cells    []map[string]any `json:"cells"`
	}
	if code != 0 || json.Unmarshal([]byte(out), &got) != nil || got.Method != "none" || got.K == nil || *got.K != 0 ||
		got.Excluded == nil || len(got.Cells) != 2 {
		t.Fatalf("json: %d %s", code, out)
	}
	total := *got.Excluded
	for _, c := range got.Cells {
		total += int64(c["count"].(float64))
		if c["gender"] != "Female" && c["gender"] != "Male" || c["suppressed"] != false {
			t.Errorf("cell %v", c)
		}
	}
	if total != 3000 {
		t.Errorf("cells and excluded add up to %d", total)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tabulate", "corridor", "--by", "nosuch"}, 2, "no column"},
		{[]string{"tabulate", "corridor", "--by", "gender", "--format", "xml"}, 2, "unknown format"},
		{[]string{"tabulate", "corridor", "--by", "gender", "--k", "1"}, 2, ""},
		{[]string{"tabulate", "nosuch", "--by", "gender"}, 3, "no dataset"},
		{[]string{"drop", "nosuch"}, 3, "no dataset"},
		{[]string{"import", "--name", "bad name", file}, 2, "letters, digits"},
		{[]string{"frobnicate"}, 2, "usage"},
	} {
		code, _, errs := run(t, append(append([]string{"dataset"}, c.args...), "--data", dir)...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("%v: %d %q", c.args, code, errs)
		}
	}
	if code, out, _ = run(t, "dataset", "drop", "corridor", "--data", dir); code != 0 || !strings.Contains(out, "dropped") {
		t.Errorf("drop: %d %q", code, out)
	}
}

// TestDemoSeedsADataset: the demo's coordinator and analyst find a dataset
// to count.
func TestDemoSeedsADataset(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "dataset", "list", "--data", dir)
	if code != 0 || !strings.Contains(out, demoDataset) || !strings.Contains(out, "5000") {
		t.Fatalf("list: %d %q %q", code, out, errs)
	}
}
