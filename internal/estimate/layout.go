package estimate

import (
	"slices"

	"gonum.org/v1/gonum/mat"
)

// layout says which interactions a model estimates and over which
// combinations of lists it is fitted.
//
// In the strict treatment (the default) every interaction is estimated over
// all observable combinations, and one between lists that share nobody makes
// the model fail CheckModel. In the extended treatment of SparseMSE's
// buildmodel such an interaction is set to minus infinity: the combinations
// holding both lists are fitted as exactly 0 and left out of the fit, and the
// interaction's column with them.
type layout struct {
	terms    []Term // all interactions of the model, sorted
	fitted   []Term // those estimated
	infinite []Term // those at minus infinity (extended only)
	cells    []int  // masks of the combinations fitted, ascending
}

// strictLayout fits every interaction over every observable combination.
func strictLayout(t *Table, ts []Term) layout {
	ts = sortedTerms(ts)
	l := layout{terms: ts, fitted: ts}
	for mask := 1; mask < 1<<t.NumLists(); mask++ {
		l.cells = append(l.cells, mask)
	}
	return l
}

// extendedLayout puts interactions between lists that share nobody at minus
// infinity.
func extendedLayout(t *Table, ts []Term) layout {
	ts = sortedTerms(ts)
	l := layout{terms: ts}
	for _, tm := range ts {
		if t.Overlap(tm.I, tm.J) == 0 {
			l.infinite = append(l.infinite, tm)
		} else {
			l.fitted = append(l.fitted, tm)
		}
	}
	for mask := 1; mask < 1<<t.NumLists(); mask++ {
		if !slices.ContainsFunc(l.infinite, func(tm Term) bool { return mask&(1<<tm.I) != 0 && mask&(1<<tm.J) != 0 }) {
			l.cells = append(l.cells, mask)
		}
	}
	return l
}

func layoutFor(t *Table, ts []Term, extended bool) layout {
	if extended {
		return extendedLayout(t, ts)
	}
	return strictLayout(t, ts)
}

// design returns the model matrix of the fitted terms over the layout's cells.
func (l layout) design(m int, intercept bool) *mat.Dense {
	return designCells(m, l.fitted, intercept, l.cells)
}

// counts returns the table's counts of the layout's cells.
func (l layout) counts(t *Table) []float64 {
	y := make([]float64, len(l.cells))
	for i, mask := range l.cells {
		y[i] = t.counts[mask]
	}
	return y
}

// checkLayout runs CheckModel's checks on a layout.
func checkLayout(t *Table, l layout) Check {
	c := checkDesign(l.design(t.NumLists(), true), l.counts(t))
	for _, tm := range l.fitted {
		if t.Overlap(tm.I, tm.J) == 0 {
			c.EmptyPairs = append(c.EmptyPairs, tm)
		}
	}
	return c
}

// CheckExtended is CheckModel for the extended treatment: interactions
// between lists that share nobody are put at minus infinity (their
// combinations fitted as 0) before the checks, as SparseMSE's checkident does.
func CheckExtended(t *Table, ts []Term) Check { return checkLayout(t, extendedLayout(t, ts)) }

// FitExtended is FitModel for the extended treatment (see CheckExtended).
func FitExtended(t *Table, ts []Term) (*Fit, error) { return fitLayout(t, extendedLayout(t, ts)) }
