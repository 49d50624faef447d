package estimate

import (
	"strings"
)

// MaxLists is the largest number of lists accepted. The model works on all
// 2^lists - 1 observable combinations, so the cost doubles with each list.
const MaxLists = 12

// MaxCount bounds one count so that sums stay exact in float64.
const MaxCount = 1_000_000_000

// Cell is the number of people seen on exactly one combination of lists:
// Pattern[i] is true when they were on list i.
type Cell struct {
	Pattern []bool
	Count   int64
}

// Table holds the capture counts of every observable combination of lists.
// Combinations are numbered by bit mask: bit i set means "on list i"; mask 0
// (on no list) is the unseen cell that the models estimate.
type Table struct {
	lists    []string
	counts   []float64 // indexed by mask; counts[0] is always 0
	observed int64
}

// NewTable builds a table from list names and cells, as a record-linkage run
// would give them. Combinations not given have count 0. It applies the same
// rules as ReadTable; in its messages "row n" is the n-th cell, from 1.
// Repeated combinations are refused rather than summed: in a table of
// overlap counts a repeat is almost always a data error.
func NewTable(lists []string, cells []Cell) (*Table, error) {
	rows := make([]int, len(cells))
	for i := range rows {
		rows[i] = i + 1
	}
	return newTable(lists, cells, rows)
}

// newTable validates and builds a table; rows[i] is the row number used in
// messages about cells[i].
func newTable(lists []string, cells []Cell, rows []int) (*Table, error) {
	if err := checkListNames(lists); err != nil {
		return nil, err
	}
	m := len(lists)
	t := &Table{lists: append([]string(nil), lists...), counts: make([]float64, 1<<m)}
	seen := make(map[int]int, len(cells)) // mask -> row
	for i, c := range cells {
		row := rows[i]
		if len(c.Pattern) != m {
			return nil, inputErr("pattern_length", kv{"Row": row, "Values": len(c.Pattern), "Lists": m})
		}
		if c.Count < 0 {
			return nil, inputErr("count_negative", kv{"Row": row, "Column": "count", "Value": formatInt(c.Count)})
		}
		if c.Count > MaxCount {
			return nil, inputErr("count_too_large", kv{"Row": row, "Column": "count", "Value": formatInt(c.Count), "Max": MaxCount})
		}
		mask := 0
		for j, on := range c.Pattern {
			if on {
				mask |= 1 << j
			}
		}
		if mask == 0 {
			return nil, inputErr("unseen_row", kv{"Row": row})
		}
		if prev, dup := seen[mask]; dup {
			return nil, inputErr("duplicate_pattern", kv{"Row": row, "First": prev, "Pattern": t.patternName(mask)})
		}
		seen[mask] = row
		t.counts[mask] = float64(c.Count)
		t.observed += c.Count
	}
	if t.observed == 0 {
		return nil, inputErr("no_people", nil)
	}
	for j, name := range t.lists {
		if t.ListTotal(j) == 0 {
			return nil, inputErr("empty_list", kv{"List": name})
		}
	}
	return t, nil
}

func checkListNames(lists []string) error {
	switch {
	case len(lists) == 0:
		return inputErr("no_lists", nil)
	case len(lists) == 1:
		return inputErr("one_list", kv{"List": lists[0]})
	case len(lists) > MaxLists:
		return inputErr("too_many_lists", kv{"Lists": len(lists), "Max": MaxLists})
	}
	names := make(map[string]bool, len(lists))
	for i, n := range lists {
		if strings.TrimSpace(n) == "" {
			return inputErr("empty_column", kv{"Column": i + 1})
		}
		if strings.ContainsAny(n, ":,") {
			return inputErr("bad_list_name", kv{"List": n})
		}
		if names[n] {
			return inputErr("dup_column", kv{"Column": n})
		}
		names[n] = true
	}
	return nil
}

// Lists returns the list names in column order.
func (t *Table) Lists() []string { return append([]string(nil), t.lists...) }

// NumLists returns the number of lists.
func (t *Table) NumLists() int { return len(t.lists) }

// Observed returns the number of people seen on at least one list.
func (t *Table) Observed() int64 { return t.observed }

// Count returns the count of the combination with bit mask mask.
func (t *Table) Count(mask int) int64 { return int64(t.counts[mask]) }

// ListTotal returns the number of people on list i, whatever other lists.
func (t *Table) ListTotal(i int) int64 { return t.Overlap(i, i) }

// Overlap returns the number of people on both lists i and j, whatever other
// lists they are on.
func (t *Table) Overlap(i, j int) int64 {
	both := 1<<i | 1<<j
	var s float64
	for mask := 1; mask < len(t.counts); mask++ {
		if mask&both == both {
			s += t.counts[mask]
		}
	}
	return int64(s)
}

// withCounts returns a copy of t with other counts for the observable cells
// (y[mask-1] for each mask), as used by the bootstrap.
func (t *Table) withCounts(y []float64) *Table {
	c := &Table{lists: t.lists, counts: make([]float64, len(t.counts))}
	var s float64
	for mask := 1; mask < len(c.counts); mask++ {
		c.counts[mask] = y[mask-1]
		s += y[mask-1]
	}
	c.observed = int64(s)
	return c
}

// patternName names a combination by its lists, e.g. "LA+NG".
func (t *Table) patternName(mask int) string {
	var b strings.Builder
	for j, n := range t.lists {
		if mask&(1<<j) != 0 {
			if b.Len() > 0 {
				b.WriteByte('+')
			}
			b.WriteString(n)
		}
	}
	return b.String()
}

// cellCounts returns the counts of the observable cells, index mask-1.
func (t *Table) cellCounts() []float64 { return t.counts[1:] }
