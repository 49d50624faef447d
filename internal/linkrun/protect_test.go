package linkrun

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// The overlap table of a stratum used to show its small cell as "<5" beside
// the stratum's total: a sex stratum of 16 people with 6, 6 and "<5" gave
// the hidden 4 away by subtraction. Through disclosure control a second
// cell is withheld and no combination of what is shown pins either.
func TestProtectStratumTotal(t *testing.T) {
	r := Results{
		Overall: Counts{"110": 40, "100": 26, "010": 9},
		Strata: map[string]map[string]Counts{
			"year":         {"2025": {"110": 40, "100": 26, "010": 9}},
			"gender":       {"Feminine": {"110": 6, "100": 6, "010": 4}, "Masculine": {"110": 34, "100": 20, "010": 5}},
			"age_group":    {"unknown": {"110": 40, "100": 26, "010": 9}},
			"exploitation": {"ForcedLabour": {"110": 40, "100": 26, "010": 9}},
		},
	}
	p, err := r.Protect()
	if err != nil {
		t.Fatal(err)
	}
	f := p.Strata["gender"]["Feminine"]
	withheld := 0
	for _, c := range f.Cells {
		if c.Count == nil {
			withheld++
			if c.Shown != disclosure.Mark {
				t.Errorf("withheld cell shown as %q", c.Shown)
			}
		} else if *c.Count > 0 && *c.Count < SmallCell {
			t.Errorf("cell %s = %d shown", c.Pattern, *c.Count)
		}
	}
	if withheld < 2 && f.TotalCount != nil {
		t.Fatalf("the 4 can be recovered: %+v total %s", f.Cells, f.Total)
	}
	// Every table as released, attacked together: nothing pinned.
	rels := []disclosure.Release{p.Release}
	for _, d := range Dimensions {
		rels = append(rels, p.releases[d])
	}
	if n, err := disclosure.Audit(rels...); err != nil || n != 0 {
		t.Fatalf("%d hidden counts recovered from the tables together (%v)", n, err)
	}
	// The old way, "<5" beside the total, is caught by the same attack.
	old := p.releases["gender"]
	old.Cells = append([]disclosure.Released(nil), old.Cells...)
	for i, c := range old.Cells {
		if c.Count == nil && c.Values[0] == "Feminine" && c.Values[1] != "010" {
			n := r.Strata["gender"]["Feminine"][c.Values[1]]
			v := int64(n)
			old.Cells[i] = disclosure.Released{Values: c.Values, Count: &v}
		}
	}
	if n, _ := disclosure.Audit(old); n == 0 {
		t.Error("the attack does not find the cell that subtraction gives")
	}
	if id, params := p.Release.Message(); id != "disclosure.note.suppression" || params["K"] != SmallCell {
		t.Errorf("note %s %v", id, params)
	}
}
