package disclosure

import (
	"strings"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Table is a cross-tabulation: Vars name the variables, each Cell gives one
// value per variable and the number of people with that combination. Only
// the combinations present need be listed; the others are zero. The margins
// (the total of each value of each variable, and the grand total) are
// implied.
type Table struct {
	Vars  []string
	Cells []Cell
}

// Cell is one combination of values and its count.
type Cell struct {
	Values []string
	Count  int64
}

// Release is a protected table: the cells in the order of the Table, the
// margins of every variable value (in the order the values first appear in
// the cells) and the grand total, each released or withheld, and the
// policy applied. Suppressed is the number of cells withheld.
type Release struct {
	Vars       []string
	Cells      []Released
	Margins    []Margin
	Total      Margin
	Policy     Policy
	Suppressed int
}

// Mark stands for a withheld count where a table is printed: "[c]",
// confidential, as the UK's Office for National Statistics marks it.
const Mark = "[c]"

// Released is a cell as it leaves the system: Count is nil when withheld.
type Released struct {
	Values     []string
	Count      *int64
	Suppressed bool
}

// Margin is the total of one value of one variable (Var and Value), or the
// grand total (Var and Value empty), as released.
type Margin struct {
	Var        string
	Value      string
	Count      *int64
	Suppressed bool
}

// Margin returns the released margin of value of variable v, and whether the
// release has it.
func (r Release) Margin(v, value string) (Margin, bool) {
	for _, m := range r.Margins {
		if m.Var == v && m.Value == value {
			return m, true
		}
	}
	return Margin{}, false
}

// Message is the note printed under the table: which method, with k or
// epsilon and delta, and how many cells are withheld.
func (r Release) Message() (string, map[string]any) {
	switch r.Policy.Method {
	case Suppression:
		return "disclosure.note.suppression", map[string]any{"K": r.Policy.K, "Below": r.Policy.K - 1, "Mark": Mark, "Suppressed": r.Suppressed}
	case Differential:
		return "disclosure.note.differential", map[string]any{
			"Epsilon": r.Policy.Epsilon, "Delta": r.Policy.Delta, "Mark": Mark, "Suppressed": r.Suppressed}
	default:
		return "disclosure.note.public", nil
	}
}

// validate checks the table's shape; fields are "vars" and "cells".
func (t Table) validate() error {
	var errs valid.Errors
	if len(t.Vars) == 0 {
		errs = append(errs, valid.New("vars", RuleNoVars, nil))
	}
	seenVar := map[string]bool{}
	for _, v := range t.Vars {
		if seenVar[v] {
			errs = append(errs, valid.New("vars", RuleDupVar, nil))
			break
		}
		seenVar[v] = true
	}
	seen := map[string]bool{}
	for i, c := range t.Cells {
		row := map[string]any{"Row": i + 1, "Vars": len(t.Vars)}
		if len(c.Values) != len(t.Vars) {
			errs = append(errs, valid.New("cells", RuleCellWidth, row))
			continue
		}
		if c.Count < 0 {
			errs = append(errs, valid.New("cells", RuleNegative, row))
		}
		k := key(c.Values)
		if seen[k] {
			errs = append(errs, valid.New("cells", RuleDupCell, row))
		}
		seen[k] = true
	}
	return errs.OrNil()
}

// key joins values with a separator no value text holds.
func key(values []string) string { return strings.Join(values, "\x00") }
