package estimate

import (
	"github.com/passerelle-org/passerelle/internal/i18n"

	"errors"
	"strings"
	"testing"
)

// FuzzReadTable feeds arbitrary bytes to the CSV reader: it must never panic,
// must refuse with a catalogued *Error in both languages, and whatever it
// accepts must be a valid table that the checks and a fit can take.
//
//	go test ./internal/estimate -run '^$' -fuzz FuzzReadTable -fuzztime 60s
func FuzzReadTable(f *testing.F) {
	seeds := []string{
		"A,B,count\n1,0,60\n0,1,40\n1,1,20\n",
		"\"Dakar\",\"Lyon\",\"Sofia\",\"n\"\n1,0,0,40\n0,1,0,30\n0,0,1,20\n1,1,0,6\n",
		"A,B,C,frequency\n1,0,0,5\n0,1,1,2.0\n1,1,1,1e1\n",
		"A,B,count\n1,0,-1\n",
		"A,B,count\n0,0,1\n",
		"A,B,count\n1,0,1\n1,0,1\n",
		"count\n3\n",
		"A,B,count\n1,\"0\n",
		"",
	}
	for _, s := range seeds {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := ReadTable(strings.NewReader(string(data)))
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v is not an *Error", err)
			}
			if !i18n.Has("en", e.Code) || !i18n.Has("fr", e.Code) {
				t.Fatalf("error id %q not catalogued", e.Code)
			}
			if in("en", e) == "" || in("fr", e) == "" {
				t.Fatalf("empty message for %q", e.Code)
			}
			return
		}
		if tb.NumLists() < 2 || tb.NumLists() > MaxLists || tb.Observed() <= 0 {
			t.Fatalf("accepted an invalid table: %d lists, %d observed", tb.NumLists(), tb.Observed())
		}
		for i := range tb.NumLists() {
			if tb.ListTotal(i) <= 0 {
				t.Fatalf("accepted list %d with nobody", i)
			}
		}
		// Small tables are cheap enough to push through the checks.
		if tb.NumLists() <= 4 {
			if c := CheckModel(tb, nil); c.OK() {
				if _, err := FitModel(tb, nil); err != nil {
					t.Fatalf("check passed but fit failed: %v", err)
				}
			}
		}
	})
}
