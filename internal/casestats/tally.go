package casestats

import (
	"slices"
	"strings"
)

// Cell is one combination of values and the cases counted under it.
type Cell struct {
	Values []string // one per variable of the table, in its order
	Count  int64
}

// Table is a count of cases by some variables, before disclosure control.
type Table struct {
	Vars  []string
	Cells []Cell // non-empty cells, in the variables' value order
	// Counted is the cases in scope the rule lets in; Excluded those it
	// leaves out. A case under a Multi variable may sit in several cells.
	Counted, Excluded int64
}

// Tally adds up facts into cells.
type Tally struct {
	vars  []Variable
	cells map[string]int64
	cur   []string
	key   []byte
}

// NewTally counts by the variables named (checked with ParseBy).
func NewTally(names []string) *Tally {
	t := &Tally{cells: map[string]int64{}}
	for _, n := range names {
		v, _ := Lookup(n)
		t.vars = append(t.vars, v)
	}
	t.cur = make([]string, len(names))
	return t
}

// Add counts n cases whose facts for the table's variables are facts (one
// per variable, as written in Facts): once under every combination of
// their values.
func (t *Tally) Add(facts []string, n int64) {
	t.add(facts, 0, n)
}

func (t *Tally) add(facts []string, i int, n int64) {
	if i == len(t.vars) {
		t.key = t.key[:0]
		for j, v := range t.cur {
			if j > 0 {
				t.key = append(t.key, 0)
			}
			t.key = append(t.key, v...)
		}
		if c, ok := t.cells[string(t.key)]; ok {
			t.cells[string(t.key)] = c + n
		} else {
			t.cells[string(t.key)] = n
		}
		return
	}
	for _, v := range t.vars[i].ValuesOf(facts[i]) {
		t.cur[i] = v
		t.add(facts, i+1, n)
	}
}

// Table returns the cells, sorted in each variable's value order.
func (t *Tally) Table() Table {
	out := Table{Vars: make([]string, len(t.vars))}
	rank := make([]map[string]int, len(t.vars))
	seen := make([]map[string]bool, len(t.vars))
	for i, v := range t.vars {
		out.Vars[i] = v.Name
		seen[i] = map[string]bool{}
	}
	for k, n := range t.cells {
		vs := strings.Split(k, "\x00")
		for i, v := range vs {
			seen[i][v] = true
		}
		out.Cells = append(out.Cells, Cell{Values: vs, Count: n})
	}
	for i, v := range t.vars {
		vals := make([]string, 0, len(seen[i]))
		for x := range seen[i] {
			vals = append(vals, x)
		}
		v.Order(vals)
		rank[i] = map[string]int{}
		for j, x := range vals {
			rank[i][x] = j
		}
	}
	slices.SortFunc(out.Cells, func(a, b Cell) int {
		for i := range a.Values {
			if d := rank[i][a.Values[i]] - rank[i][b.Values[i]]; d != 0 {
				return d
			}
		}
		return 0
	})
	return out
}
