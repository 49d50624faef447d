package linkage

import (
	"slices"
	"testing"
)

func TestParseDate(t *testing.T) {
	mdy, _ := ParseDateFormat("MM/DD/YYYY")
	dmy, _ := ParseDateFormat("DD/MM/YYYY")
	compact, _ := ParseDateFormat("DDMMYYYY")
	cases := []struct {
		in   string
		f    DateFormat
		want Date
		ok   bool
	}{
		{"1972-12-22", DateFormat{}, Date{1972, 12, 22}, true},
		{"1972/12/22", DateFormat{}, Date{1972, 12, 22}, true},
		{"19721222", DateFormat{}, Date{1972, 12, 22}, true},
		{"22/12/1972", DateFormat{}, Date{1972, 12, 22}, true},
		{"22-12-1972", DateFormat{}, Date{1972, 12, 22}, true},
		{"22.12.1972", DateFormat{}, Date{1972, 12, 22}, true},
		{"2/3/1990", DateFormat{}, Date{1990, 3, 2}, true},
		{"1972-12-22T10:30:00Z", DateFormat{}, Date{1972, 12, 22}, true},
		{"12/22/1972", mdy, Date{1972, 12, 22}, true},
		{"22/12/1972", dmy, Date{1972, 12, 22}, true},
		{"22121972", compact, Date{1972, 12, 22}, true},
		{"22121972", DateFormat{}, Date{1972, 12, 22}, true},   // 2212 is no year: day first
		{"29-22-1983", DateFormat{}, Date{1983, 22, 29}, true}, // dirty month kept
		{"", DateFormat{}, Date{}, false},
		{"abc", DateFormat{}, Date{}, false},
		{"12/1972", DateFormat{}, Date{}, false},
		{"22/12/72", DateFormat{}, Date{}, false},
		{"1/2/3/4", DateFormat{}, Date{}, false},
		{"123/12/1972", DateFormat{}, Date{}, false},
	}
	for _, c := range cases {
		got, ok := ParseDate(c.in, c.f)
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("ParseDate(%q) = %v %v, want %v %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestParseDateFormat(t *testing.T) {
	for _, good := range []string{"YYYY-MM-DD", "DD/MM/YYYY", "D/M/YYYY", "YYYYMMDD", "mm/dd/yyyy"} {
		if _, ok := ParseDateFormat(good); !ok {
			t.Errorf("%q refused", good)
		}
	}
	for _, bad := range []string{"", "YYYY", "DD/MM", "YYYY-YY-DD", "DD/MM/YYYY/DD", "hello"} {
		if _, ok := ParseDateFormat(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestDateFormatsGiveSameTokens(t *testing.T) {
	f := Field{Kind: KindDate, K: 10}
	want, ok := FieldTokens(f, "1985-03-07")
	if !ok || len(want) == 0 {
		t.Fatal("no tokens for ISO date")
	}
	for _, in := range []string{"07/03/1985", "7/3/1985", "19850307", "07.03.1985", "1985-3-7"} {
		got, ok := FieldTokens(f, in)
		if !ok || !slices.Equal(got, want) {
			t.Errorf("%q: tokens %q, want %q", in, got, want)
		}
	}
	if toks, ok := FieldTokens(f, "not a date"); ok || toks != nil {
		t.Errorf("garbage date gave %q %v", toks, ok)
	}
	if toks, ok := FieldTokens(f, " "); !ok || toks != nil {
		t.Errorf("missing date gave %q %v", toks, ok)
	}
}
