package store

import (
	"encoding/csv"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/dataset"
	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// tabStat is one variable's frequency table in CTDC's data dictionary
// (sheet TabStat, as Stata's tab prints it): the valid values with their
// frequencies, the valid total, the missing rows and all rows.
type tabStat struct {
	Variable      string
	Valid         map[string]int64
	ValidTotal    int64
	Missing, Rows int64
}

// readTabStat reads the sheet: a block per variable, its name in the first
// field of the first line, then a heading line ",,Freq.,Percent,Valid,Cum.",
// then lines "Valid|,value,freq,..." up to ",Total,n", then "Missing,,n" (or
// "Missing,.,n") and "Total,,n".
func readTabStat(t *testing.T, path string) []tabStat {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	in := csv.NewReader(f)
	in.FieldsPerRecord = -1
	recs, err := in.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	num := func(s string) int64 {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("TabStat: %q is not a frequency", s)
		}
		return n
	}
	var out []tabStat
	var cur *tabStat
	for i, r := range recs {
		switch {
		case r[0] != "" && r[0] != "Valid" && r[0] != "Missing" && r[0] != "Total":
			out = append(out, tabStat{Variable: r[0], Valid: map[string]int64{}, ValidTotal: -1})
			cur = &out[len(out)-1]
		case cur == nil:
			t.Fatalf("TabStat line %d before any variable", i+1)
		case r[0] == "" && r[1] == "" && r[2] == "Freq.":
		case r[0] == "Missing":
			cur.Missing = num(r[2])
		case r[0] == "Total":
			cur.Rows = num(r[2])
		case r[1] == "Total":
			cur.ValidTotal = num(r[2])
		default: // "Valid" or "" before a value
			cur.Valid[r[1]] = num(r[2])
		}
	}
	return out
}

// TestCTDCTabStat imports CTDC's victim-perpetrator synthetic dataset and
// counts it by each variable with the Public method (k = 0): every
// frequency of CTDC's own tables (TabStat) must come out exactly: each
// valid value's, the valid total, the missing rows and the rows.
func TestCTDCTabStat(t *testing.T) {
	dir := sharedtest.Path(t, "ctdc")
	stats := readTabStat(t, dir+"/CTDC_VPsynthetic_dict_20221201__TabStat.csv")
	if len(stats) != 16 {
		t.Fatalf("TabStat: %d variables, want 16", len(stats))
	}
	eachDB(t, func(t *testing.T, db *DB) {
		ctx := sysCtx()
		f, err := os.Open(dir + "/CTDC_VPsynthetic_condensed.csv")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		info, err := db.ImportDataset(ctx, "ctdc-vp", f, dataset.ReadOptions{})
		must(t, err)
		matched, total := 0, 0
		check := func(what string, got, want int64) {
			total++
			if got == want {
				matched++
			} else {
				t.Errorf("%s: %d, TabStat says %d", what, got, want)
			}
		}
		for _, s := range stats {
			rel, err := tabulateForTest(ctx, db, info.Name, []string{s.Variable})
			must(t, err)
			got := map[string]int64{}
			var sum int64
			for _, c := range rel.Cells {
				got[c.Values[0]] = c.Count
				sum += c.Count
			}
			for v, n := range s.Valid {
				check(s.Variable+" = "+v, got[v], n)
			}
			for v, n := range got {
				if _, ok := s.Valid[v]; !ok {
					t.Errorf("%s = %s: %d rows, a value TabStat does not list", s.Variable, v, n)
				}
			}
			if s.ValidTotal >= 0 {
				check(s.Variable+" valid total", sum, s.ValidTotal)
			}
			check(s.Variable+" missing", rel.Excluded, s.Missing)
			check(s.Variable+" rows", info.Rows, s.Rows)
		}
		t.Logf("TabStat: %d of %d frequencies of %d variables reproduced (%s)", matched, total, len(stats),
			strings.TrimSuffix(dir, "/"))
		if matched != total {
			t.Fail()
		}
	})
}

// TestCTDCGlobalDatasetFormat imports the rows transcribed from CTDC's
// k-anonymised global dataset: its terms-of-use first column is left out,
// -99 is missing, the citizenship and exploitation countries are read as
// ISO codes (with "00", CTDC's unknown country).
func TestCTDCGlobalDatasetFormat(t *testing.T) {
	dir := sharedtest.Path(t, "ctdc")
	db := openTestSQLite(t)
	f, err := os.Open(dir + "/ctdc_2020-04-14_raw_format_sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	info, err := db.ImportDataset(sysCtx(), "ctdc-global", f, dataset.ReadOptions{})
	must(t, err)
	if !info.TermsSkipped || info.Rows != 12 || len(info.Columns) != 63 || info.Columns[0].Name != "yearOfRegistration" {
		t.Fatalf("imported %d rows, %d columns, first %q, terms skipped %v", info.Rows, len(info.Columns), info.Columns[0].Name, info.TermsSkipped)
	}
	kinds := map[string]dataset.Kind{}
	for _, c := range info.Columns {
		kinds[c.Name] = c.Kind
	}
	if kinds["citizenship"] != dataset.Country || kinds["CountryOfExploitation"] != dataset.Country || kinds["yearOfRegistration"] != dataset.Number {
		t.Errorf("kinds: citizenship %s, CountryOfExploitation %s, yearOfRegistration %s",
			kinds["citizenship"], kinds["CountryOfExploitation"], kinds["yearOfRegistration"])
	}
	tb, err := tabulateForTest(sysCtx(), db, "ctdc-global", []string{"yearOfRegistration"})
	must(t, err)
	var sum int64
	for _, c := range tb.Cells {
		sum += c.Count
	}
	if sum+tb.Excluded != 12 || len(tb.Cells) != 3 {
		t.Errorf("years: %+v", tb)
	}
}
