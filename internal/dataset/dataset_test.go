package dataset

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
)

func read(t *testing.T, csv string) *Data {
	t.Helper()
	d, err := Read(strings.NewReader(csv), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func tab(t *testing.T, d *Data, split bool, by ...string) Table {
	t.Helper()
	var cols []Codes
	for _, b := range by {
		c, err := Decode(d.Column(b), d.Rows)
		if err != nil {
			t.Fatal(err)
		}
		cols = append(cols, c)
	}
	tb, err := Tabulate(cols, d.Rows, split)
	if err != nil {
		t.Fatal(err)
	}
	return tb
}

func cells(tb Table) string {
	var parts []string
	for _, c := range tb.Cells {
		parts = append(parts, strings.Join(c.Values, "/")+"="+strconv.FormatInt(c.Count, 10))
	}
	return strings.Join(parts, " ")
}

// TestCTDCConventions: the terms column is skipped, -99, -99.0 and empty
// are missing, countries and numbers are recognised, a combination is its
// own value unless split, and the excluded rows are those missing a value.
func TestCTDCConventions(t *testing.T) {
	d := read(t, "\ufeffBy using this data you agree to the Terms of Use: https://example.org/terms-use,year,gender,citizenship,labour\n"+
		",2019,Female,NE,Agriculture\n"+
		",2019,Male,NG,Agriculture;Construction\n"+
		",2020,-99,NE,-99.0\n"+
		",-99,Female,00,Construction\n"+
		",2020, ,FR,\n")
	if !d.TermsSkipped || d.Rows != 5 || len(d.Columns) != 4 {
		t.Fatalf("terms %v rows %d columns %d", d.TermsSkipped, d.Rows, len(d.Columns))
	}
	kinds := map[string]Kind{"year": Number, "gender": Text, "citizenship": Country, "labour": Text}
	for name, k := range kinds {
		if got := d.Column(name).Kind; got != k {
			t.Errorf("%s: kind %s, want %s", name, got, k)
		}
	}
	if g := d.Column("gender"); g.Missing != 2 || len(g.Values) != 2 {
		t.Errorf("gender: missing %d values %v", g.Missing, g.Values)
	}
	if got := cells(tab(t, d, false, "labour")); got != "Agriculture=1 Agriculture;Construction=1 Construction=1" {
		t.Errorf("labour: %s", got)
	}
	split := tab(t, d, true, "labour")
	if got := cells(split); got != "Agriculture=2 Construction=2" || split.Excluded != 2 {
		t.Errorf("labour split: %s, excluded %d", got, split.Excluded)
	}
	both := tab(t, d, false, "year", "gender")
	if got := cells(both); got != "2019/Female=1 2019/Male=1" || both.Excluded != 3 {
		t.Errorf("year x gender: %s, excluded %d", got, both.Excluded)
	}
	if Country.Label("fr", "NE") != "Niger" || Country.Label("en", "DE") != "Germany" || Country.Label("en", "00") != "00" {
		t.Errorf("labels: %q %q %q", Country.Label("fr", "NE"), Country.Label("en", "DE"), Country.Label("en", "00"))
	}
}

// TestNumbersSortByValue: 2, 10 and 100 in that order, not as text.
func TestNumbersSortByValue(t *testing.T) {
	d := read(t, "n\n100\n2\n10\n2\n")
	if got := cells(tab(t, d, false, "n")); got != "2=2 10=1 100=1" {
		t.Errorf("got %s", got)
	}
}

// TestRefusals: each broken file is refused with its code and line, and
// nothing is returned.
func TestRefusals(t *testing.T) {
	for _, c := range []struct{ csv, code string }{
		{"", "dataset.empty"},
		{"a,b\n", "dataset.no_rows"},
		{"a,b\n1,2\n3\n", "dataset.field_count"},
		{"a,a\n1,2\n", "dataset.dup_column"},
		{"a,\n1,2\n", "dataset.empty_column"},
		{"a,b\n1,\"2\n", "dataset.bad_csv"},
		{"a\n\xff\n", "dataset.encoding"},
	} {
		d, err := Read(strings.NewReader(c.csv), ReadOptions{})
		var fe *fault.Error
		if d != nil || !errors.As(err, &fe) || fe.Code != c.code || fe.Kind != fault.Invalid {
			t.Errorf("%q: got %v, %v; want %s", c.csv, d, err, c.code)
		}
	}
	for _, name := range []string{"", "-x", "a b", "é", strings.Repeat("a", MaxNameLen+1)} {
		if CheckName(name) == nil {
			t.Errorf("name %q accepted", name)
		}
	}
	if err := CheckBy([]string{"a", "b"}, []string{"a", "a"}); err == nil {
		t.Error("a column twice accepted")
	}
	if err := CheckBy([]string{"a", "b", "c", "d"}, []string{"a", "b", "c", "d"}); err == nil {
		t.Error("four columns accepted")
	}
}

// TestGeneratedRoundTrip: a generated file spanning several chunks is read
// back with every row counted once, and three-way counts add up to the rows
// with a value in each (checked against a count made here row by row).
func TestGeneratedRoundTrip(t *testing.T) {
	var buf bytes.Buffer
	const rows = 2*ChunkRows + 123
	if err := Generate(&buf, rows, 7); err != nil {
		t.Fatal(err)
	}
	raw := buf.String()
	var progress []int64
	d, err := Read(strings.NewReader(raw), ReadOptions{Progress: func(n int64) { progress = append(progress, n) }})
	if err != nil {
		t.Fatal(err)
	}
	if d.Rows != rows || !d.TermsSkipped || len(progress) != 3 || progress[2] != int64(len(raw)) {
		t.Fatalf("rows %d terms %v progress %v of %d bytes", d.Rows, d.TermsSkipped, progress, len(raw))
	}
	if d.Column("citizenship").Kind != Country || d.Column("yearOfRegistration").Kind != Number {
		t.Errorf("kinds: %s %s", d.Column("citizenship").Kind, d.Column("yearOfRegistration").Kind)
	}
	want := map[string]int64{}
	var excluded int64
	for _, line := range strings.Split(strings.TrimSpace(raw), "\n")[1:] {
		f := strings.Split(line, ",")
		if Missing(f[3]) || Missing(f[6]) || Missing(f[8]) {
			excluded++
			continue
		}
		want[f[3]+"/"+f[6]+"/"+f[8]]++
	}
	tb := tab(t, d, false, "gender", "citizenship", "isForcedLabour")
	if tb.Excluded != excluded || len(tb.Cells) != len(want) {
		t.Fatalf("excluded %d want %d; %d cells want %d", tb.Excluded, excluded, len(tb.Cells), len(want))
	}
	for _, c := range tb.Cells {
		if k := strings.Join(c.Values, "/"); want[k] != c.Count {
			t.Errorf("%s: %d, counted %d", k, c.Count, want[k])
		}
	}
}
