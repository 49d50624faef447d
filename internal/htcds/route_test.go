package htcds

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestExportUnknownDestination: HTCDS 2.0 has no field for whether a journey
// was domestic or international, so the export states no scope at all; a
// journey without an exploitation event leaves the location of exploitation
// empty rather than guessing it from the country of recruitment.
func TestExportUnknownDestination(t *testing.T) {
	c := genCases(1, 1)[0]
	c.Events = []casework.Event{{Kind: "recruitment", Country: "NGA", Place: "Benin City"}}
	if c.Route().Scope != casework.RouteUnknown {
		t.Fatalf("scope %q", c.Route().Scope)
	}
	var buf bytes.Buffer
	if err := Export(&buf, CSV, []casework.Case{c}); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for _, row := range rows[:len(rows)-1] {
		for i, name := range row {
			if _, ok := col[name]; !ok {
				col[name] = i
			}
			low := strings.ToLower(name)
			if strings.Contains(low, "domestic") || strings.Contains(low, "international") || strings.Contains(low, "scope") {
				t.Errorf("a column states a route scope the standard lacks: %q", name)
			}
		}
	}
	i, ok := col[fExploitationPlace]
	if !ok {
		t.Fatalf("no %s column in %q", fExploitationPlace, rows[0])
	}
	last := rows[len(rows)-1]
	if last[i] != "" {
		t.Fatalf("location of exploitation %q, want empty", last[i])
	}
	if j := col[fEventCountry]; last[j] != "NG" {
		t.Fatalf("event country %q, want NG (alpha-2, as the standard writes it)", last[j])
	}
}
