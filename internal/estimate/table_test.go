package estimate

import (
	"errors"
	"strings"
	"testing"
)

func TestReadTableAccepts(t *testing.T) {
	in := "\ufeff\"Dakar\",\"Lyon\",\"Sofia\",\"n\"\n" +
		"1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n1,0,1,2.0\n\n0,1,1, 3\n"
	tb, err := ReadTable(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tb.Lists(), ","); got != "Dakar,Lyon,Sofia" {
		t.Errorf("lists %q", got)
	}
	if tb.Observed() != 101 {
		t.Errorf("observed %d, want 101", tb.Observed())
	}
	if tb.Count(0b011) != 6 || tb.Count(0b101) != 2 || tb.Count(0b111) != 0 {
		t.Errorf("counts AB=%d AC=%d ABC=%d", tb.Count(0b011), tb.Count(0b101), tb.Count(0b111))
	}
	if tb.ListTotal(0) != 48 || tb.Overlap(0, 1) != 6 || tb.Overlap(1, 2) != 3 {
		t.Errorf("list total %d, overlaps %d %d", tb.ListTotal(0), tb.Overlap(0, 1), tb.Overlap(1, 2))
	}
}

// TestBadInput checks every refusal, in both languages: the error has the
// expected id, names the row and column, and reads differently in French.
func TestBadInput(t *testing.T) {
	cases := []struct {
		name, csv, id string
		mention       []string // in both languages
	}{
		{"empty file", "", "empty", nil},
		{"header only", "A,B,count\n", "no_rows", nil},
		{"missing count column", "A,B,C\n1,0,1\n", "missing_count", []string{"count"}},
		{"two count columns", "A,B,count,n\n1,0,1,1\n", "dup_count", []string{`"count"`, `"n"`}},
		{"one list", "Kano,count\n1,5\n", "one_list", []string{`"Kano"`}},
		{"no list", "count\n5\n", "no_lists", nil},
		{"list not 0/1", "A,B,count\n1,0,3\n1,2,5\n", "not_binary", []string{"3", `"B"`, `"2"`}},
		{"list yes/no", "A,B,count\n1,yes,5\n", "not_binary", []string{"2", `"B"`, `"yes"`}},
		{"negative count", "A,B,count\n1,0,-3\n", "count_negative", []string{"2", `"count"`, `"-3"`}},
		{"fractional count", "A,B,count\n1,0,2.5\n", "count_not_integer", []string{"2", `"2.5"`}},
		{"text count", "A,B,count\n1,0,many\n", "count_not_integer", []string{"2", `"many"`}},
		{"NaN count", "A,B,count\n1,0,NaN\n", "count_not_integer", []string{"2"}},
		{"huge count", "A,B,count\n1,0,1e40\n", "count_too_large", []string{"2"}},
		{"unobserved row", "A,B,count\n1,0,3\n0,0,4\n", "unseen_row", []string{"3"}},
		{"duplicate pattern", "A,B,count\n1,0,3\n0,1,2\n1,0,4\n", "duplicate_pattern", []string{"4", "2", "A"}},
		{"field count", "A,B,count\n1,0\n", "field_count", []string{"2"}},
		{"empty list name", "A,,count\n1,0,3\n", "empty_column", []string{"2"}},
		{"duplicate list name", "A,A,count\n1,0,3\n", "dup_column", []string{`"A"`}},
		{"colon in list name", "A:x,B,count\n1,0,3\n", "bad_list_name", []string{`"A:x"`}},
		{"list nobody is on", "A,B,C,count\n1,0,0,3\n0,1,0,2\n1,1,0,1\n", "empty_list", []string{`"C"`}},
		{"nobody at all", "A,B,count\n1,0,0\n0,1,0\n", "no_people", nil},
		{"bad quoting", "A,B,count\n1,0,\"3\n", "bad_csv", nil},
		{"too many lists", manyLists(13), "too_many_lists", []string{"13"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadTable(strings.NewReader(c.csv))
			assertErr(t, err, c.id, c.mention)
		})
	}
}

func manyLists(m int) string {
	var h, r []string
	for i := range m {
		h = append(h, "L"+string(rune('a'+i)))
		r = append(r, "1")
	}
	return strings.Join(h, ",") + ",count\n" + strings.Join(r, ",") + ",1\n"
}

func assertErr(t *testing.T, err error, id string, mention []string) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("got %v, want error %q", err, id)
	}
	if e.Code != "estimate."+id {
		t.Fatalf("got error %q (%s), want %q", e.Code, in("en", e), id)
	}
	if !e.Input {
		t.Errorf("%q should be an input error", id)
	}
	en, fr := in("en", e), in("fr", e)
	if en == fr {
		t.Errorf("French text equals English: %q", en)
	}
	for _, m := range mention {
		m = strings.Trim(m, `"`) // French quotes with « »
		if !strings.Contains(en, m) || !strings.Contains(fr, m) {
			t.Errorf("%q must appear in both texts:\n en: %s\n fr: %s", m, en, fr)
		}
	}
}

func TestNewTableAPI(t *testing.T) {
	lists := []string{"Bamako", "Milan"}
	tb, err := NewTable(lists, []Cell{
		{Pattern: []bool{true, false}, Count: 60},
		{Pattern: []bool{false, true}, Count: 40},
		{Pattern: []bool{true, true}, Count: 20},
	})
	if err != nil {
		t.Fatal(err)
	}
	if tb.Observed() != 120 || tb.Overlap(0, 1) != 20 {
		t.Errorf("observed %d overlap %d", tb.Observed(), tb.Overlap(0, 1))
	}
	bad := []struct {
		name  string
		lists []string
		cells []Cell
		id    string
	}{
		{"pattern length", lists, []Cell{{Pattern: []bool{true}, Count: 1}}, "pattern_length"},
		{"negative", lists, []Cell{{Pattern: []bool{true, false}, Count: -1}}, "count_negative"},
		{"all zero", lists, []Cell{{Pattern: []bool{true, false}, Count: 1}, {Pattern: []bool{false, false}, Count: 1}}, "unseen_row"},
		{"duplicate", lists, []Cell{{Pattern: []bool{true, true}, Count: 1}, {Pattern: []bool{true, true}, Count: 2}}, "duplicate_pattern"},
		{"one list", []string{"Bamako"}, []Cell{{Pattern: []bool{true}, Count: 1}}, "one_list"},
		{"too large", lists, []Cell{{Pattern: []bool{true, true}, Count: MaxCount + 1}}, "count_too_large"},
	}
	for _, c := range bad {
		t.Run(c.name, func(t *testing.T) {
			_, err := NewTable(c.lists, c.cells)
			assertErr(t, err, c.id, nil)
		})
	}
}

func TestParseTerms(t *testing.T) {
	lists := []string{"A", "B", "C"}
	ts, err := ParseTerms(lists, " C:B, A:B ,")
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(TermNames(lists, ts), ","); got != "A:B,B:C" {
		t.Errorf("terms %q, want A:B,B:C (sorted, ordered pairs)", got)
	}
	for spec, id := range map[string]string{
		"A":       "bad_term",
		"A:B:C":   "bad_term",
		"A:":      "bad_term",
		"A:Z":     "unknown_list",
		"A:A":     "same_list",
		"A:B,B:A": "dup_term",
	} {
		_, err := ParseTerms(lists, spec)
		assertErr(t, err, id, nil)
	}
}

func TestOptionsRefused(t *testing.T) {
	tb := twoLists(t, 60, 40, 20)
	for name, c := range map[string]struct {
		opts Options
		id   string
	}{
		"method":   {Options{Method: "best", Interval: ProfileInterval}, "bad_method"},
		"pthresh":  {Options{Method: Stepwise, PThresh: 1.5, Interval: ProfileInterval}, "bad_pthresh"},
		"interval": {Options{Method: Main, Interval: "wald"}, "bad_interval"},
		"boot":     {Options{Method: Main, Interval: BootstrapInterval, Boot: 5}, "bad_boot"},
		"terms":    {Options{Method: Main, Interval: ProfileInterval, Terms: []Term{{0, 1}}}, "terms_without_fixed"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Estimate(tb, c.opts)
			assertErr(t, err, c.id, nil)
		})
	}
}
