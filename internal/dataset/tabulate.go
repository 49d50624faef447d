package dataset

import (
	"fmt"
	"slices"
	"strings"
)

// MaxBy is the most columns a table may be counted by.
const MaxBy = 3

// Cell is one combination of values and the number of rows that hold it.
type Cell struct {
	Values []string // one per variable, in the order of Table.Vars
	Count  int64
}

// Table is the count of a dataset's rows by some of its columns, before any
// disclosure control: it never leaves the system as it is.
type Table struct {
	Vars     []string
	Kinds    []Kind
	Cells    []Cell // the combinations seen, sorted by value (numbers by value)
	Rows     int64  // the dataset's rows
	Excluded int64  // rows left out: missing in one of Vars
	Split    bool   // multiple values counted in each value's cell
	// MaxContributions is the most cells one row counts in: 1, or with
	// Split the product of the most values a cell of each column holds.
	MaxContributions int
}

// Codes is a column's codes for every row, as Tabulate reads them.
type Codes struct {
	Column *Column  // name, kind and dictionary (its Chunks are not read)
	Codes  []uint32 // one per row
}

// Decode reads all of c's chunks.
func Decode(c *Column, rows int64) (Codes, error) {
	out := make([]uint32, 0, rows)
	var err error
	for _, ch := range c.Chunks {
		if out, err = DecodeChunk(out, ch); err != nil {
			return Codes{}, err
		}
	}
	if int64(len(out)) != rows {
		return Codes{}, fmt.Errorf("dataset: column %q has %d codes for %d rows", c.Name, len(out), rows)
	}
	return Codes{Column: c, Codes: out}, nil
}

// CheckBy refuses an empty list, more than MaxBy columns, a column twice, a
// name columns does not hold, and the names "count" and "suppressed" (the
// released cells' own keys).
func CheckBy(columns []string, by []string) error {
	if len(by) == 0 {
		return invalid("by_required", nil)
	}
	if len(by) > MaxBy {
		return invalid("by_too_many", map[string]any{"Max": MaxBy})
	}
	for i, b := range by {
		if !slices.Contains(columns, b) {
			return invalid("by_unknown", map[string]any{"Name": b})
		}
		if b == "count" || b == "suppressed" {
			return invalid("by_reserved", map[string]any{"Name": b})
		}
		if slices.Contains(by[:i], b) {
			return invalid("by_twice", map[string]any{"Name": b})
		}
	}
	return nil
}

// Tabulate counts rows by the combination of the columns' values. Rows
// missing any of them are left out (Table.Excluded). With split, a cell
// holding "a;b" counts in a's cell and in b's (see the package comment).
func Tabulate(cols []Codes, rows int64, split bool) (Table, error) {
	if len(cols) == 0 || len(cols) > MaxBy {
		return Table{}, invalid("by_too_many", map[string]any{"Max": MaxBy})
	}
	t := Table{Rows: rows, Split: split, MaxContributions: 1}
	// Each column's dictionary, after splitting: parts[code] lists the codes
	// of the values a stored code counts as (none: missing).
	values := make([][]string, len(cols))
	parts := make([][][]uint32, len(cols))
	for i, c := range cols {
		if int64(len(c.Codes)) != rows {
			return Table{}, fmt.Errorf("dataset: column %q has %d codes for %d rows", c.Column.Name, len(c.Codes), rows)
		}
		t.Vars = append(t.Vars, c.Column.Name)
		t.Kinds = append(t.Kinds, c.Column.Kind)
		values[i], parts[i] = dictionary(c.Column.Values, split)
		most := 1
		for _, p := range parts[i] {
			most = max(most, len(p))
		}
		t.MaxContributions *= most
	}
	// The key of a combination is its codes in mixed radix (code 0 is never
	// counted: it is missing).
	radix := make([]uint64, len(cols))
	size := uint64(1)
	for i := range cols {
		radix[i] = size
		size *= uint64(len(values[i]) + 1)
	}
	var dense []int64
	sparse := map[uint64]int64{}
	if size <= 1<<22 {
		dense = make([]int64, size)
	}
	add := func(key uint64) {
		if dense != nil {
			dense[key]++
		} else {
			sparse[key]++
		}
	}
	if !split {
		for r := range rows {
			key, ok := uint64(0), true
			for i, c := range cols {
				code := c.Codes[r]
				if code == 0 {
					ok = false
					break
				}
				key += uint64(code) * radix[i]
			}
			if ok {
				add(key)
			} else {
				t.Excluded++
			}
		}
	} else {
		for r := range rows {
			if !combine(cols, parts, radix, r, 0, 0, add) {
				t.Excluded++
			}
		}
	}
	decode := func(key uint64, n int64) {
		cell := Cell{Values: make([]string, len(cols)), Count: n}
		for i := len(cols) - 1; i >= 0; i-- {
			code := key / radix[i]
			key -= code * radix[i]
			cell.Values[i] = values[i][code-1]
		}
		t.Cells = append(t.Cells, cell)
	}
	if dense != nil {
		for key, n := range dense {
			if n > 0 {
				decode(uint64(key), n)
			}
		}
	} else {
		for key, n := range sparse {
			decode(key, n)
		}
	}
	slices.SortFunc(t.Cells, func(a, b Cell) int {
		for i, k := range t.Kinds {
			if a.Values[i] == b.Values[i] {
				continue
			}
			if k.Less(a.Values[i], b.Values[i]) {
				return -1
			}
			return 1
		}
		return 0
	})
	return t, nil
}

// combine counts row r in the cell of every combination of its columns'
// parts, from column i on; it reports whether the row had a value in each.
func combine(cols []Codes, parts [][][]uint32, radix []uint64, r int64, i int, key uint64, add func(uint64)) bool {
	if i == len(cols) {
		add(key)
		return true
	}
	ps := parts[i][cols[i].Codes[r]]
	if len(ps) == 0 {
		return false
	}
	for _, p := range ps {
		if !combine(cols, parts, radix, r, i+1, key+uint64(p)*radix[i], add) {
			return false
		}
	}
	return true
}

// dictionary is the values a column is counted by and, for each stored
// code, the codes among them it counts as. Without split they are the
// stored ones.
func dictionary(stored []string, split bool) ([]string, [][]uint32) {
	parts := make([][]uint32, len(stored)+1)
	if !split {
		for c := range stored {
			parts[c+1] = []uint32{uint32(c + 1)}
		}
		return stored, parts
	}
	var values []string
	index := map[string]uint32{}
	for c, v := range stored {
		for _, p := range strings.Split(v, ";") {
			p = strings.TrimSpace(p)
			if Missing(p) {
				continue
			}
			code, ok := index[p]
			if !ok {
				values = append(values, p)
				code = uint32(len(values))
				index[p] = code
			}
			if !slices.Contains(parts[c+1], code) {
				parts[c+1] = append(parts[c+1], code)
			}
		}
	}
	return values, parts
}

// SplitBy reads a list of columns as people and clients write it: names
// separated by commas, spaces around them ignored; "" is no column.
func SplitBy(s string) []string {
	var out []string
	for _, b := range strings.Split(s, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}
