package linkrun

import (
	"slices"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// Policy is how a run's overlap tables leave the system: cell suppression
// with k = SmallCell (the tables are shown to the run's coordinator only),
// with complementary suppression, so that no hidden count is recovered from
// a stratum's total, the overall counts or another dimension's table.
var Policy = disclosure.Policy{Method: disclosure.Suppression, K: SmallCell}

// Shown is a counts table as it may be shown: the non-empty combinations,
// most parties first, each with its count or disclosure.Mark, and the total.
type Shown struct {
	Cells []Cell
	Total string
	// TotalCount is the total, nil when withheld.
	TotalCount *int64
}

// Protected is a run's results as they may be shown: the overall table,
// the tables by dimension and value, and the release of the overall table,
// whose Message is the note printed under the tables (its Suppressed counts
// the cells withheld in all of them).
type Protected struct {
	Overall Shown
	Strata  map[string]map[string]Shown // dimension -> value -> table
	Release disclosure.Release
	// releases are the dimensions' releases, for the tests' attack.
	releases map[string]disclosure.Release
}

// Protect passes the results through disclosure control: the overall
// counts (by combination of parties) first, then each dimension's table of
// value by combination, each protected against those before it since they
// share the combination totals and the grand total. A stratum's total is
// the margin of its value.
func (r Results) Protect() (Protected, error) {
	overall := disclosure.Table{Vars: []string{"pattern"}}
	for _, p := range r.Overall.patterns() {
		overall.Cells = append(overall.Cells, disclosure.Cell{Values: []string{p}, Count: int64(r.Overall[p])})
	}
	rel, err := disclosure.Protect(overall, Policy)
	if err != nil {
		return Protected{}, err
	}
	out := Protected{Release: rel, Strata: map[string]map[string]Shown{}, releases: map[string]disclosure.Release{}}
	out.Overall = shown(rel, func(c disclosure.Released) bool { return true }, rel.Total)
	history := []disclosure.Release{rel}
	for _, d := range Dimensions {
		t := disclosure.Table{Vars: []string{d, "pattern"}}
		values := slices.Sorted(func(yield func(string) bool) {
			for v := range r.Strata[d] {
				if !yield(v) {
					return
				}
			}
		})
		for _, v := range values {
			for _, p := range r.Strata[d][v].patterns() {
				t.Cells = append(t.Cells, disclosure.Cell{Values: []string{v, p}, Count: int64(r.Strata[d][v][p])})
			}
		}
		dr, err := disclosure.ProtectAgainst(t, Policy, history)
		if err != nil {
			return Protected{}, err
		}
		history = append(history, dr)
		out.releases[d] = dr
		out.Release.Suppressed += dr.Suppressed
		out.Strata[d] = map[string]Shown{}
		for _, v := range values {
			m, _ := dr.Margin(d, v)
			out.Strata[d][v] = shown(dr, func(c disclosure.Released) bool { return c.Values[0] == v }, m)
		}
	}
	return out, nil
}

// shown is the cells of rel that keep holds, with their patterns in the
// last value, and total.
func shown(rel disclosure.Release, keep func(disclosure.Released) bool, total disclosure.Margin) Shown {
	var s Shown
	for _, c := range rel.Cells {
		if !keep(c) {
			continue
		}
		p := c.Values[len(c.Values)-1]
		in := make([]bool, len(p))
		for k, ch := range p {
			in[k] = ch == '1'
		}
		s.Cells = append(s.Cells, Cell{Pattern: p, In: in, Count: c.Count, Shown: figure(c.Count)})
	}
	s.Total, s.TotalCount = figure(total.Count), total.Count
	return s
}

// figure is a released count as text, or disclosure.Mark when withheld.
func figure(n *int64) string {
	if n == nil {
		return disclosure.Mark
	}
	return strconv.FormatInt(*n, 10)
}

// Observed is the number of people seen in a stratum (dimension "" for
// everyone) as it may be shown: the table's released total, or
// disclosure.Mark.
func (p Protected) Observed(dimension, value string) string {
	if dimension == "" {
		return p.Overall.Total
	}
	if s, ok := p.Strata[dimension][value]; ok {
		return s.Total
	}
	return "0"
}
