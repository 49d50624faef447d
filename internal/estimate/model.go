package estimate

import (
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Term is a two-list interaction between lists I and J (I < J), indexes into
// the table's lists.
type Term struct{ I, J int }

// newTerm orders the pair.
func newTerm(i, j int) Term {
	if i > j {
		i, j = j, i
	}
	return Term{i, j}
}

// Name returns the term as "A:B" with the table's list names.
func (tm Term) Name(lists []string) string { return lists[tm.I] + ":" + lists[tm.J] }

// allPairs returns every two-list term of m lists in the order (0,1), (0,2),
// ..., (1,2), ...; selection breaks ties by this order.
func allPairs(m int) []Term {
	var ts []Term
	for i := range m {
		for j := i + 1; j < m; j++ {
			ts = append(ts, Term{i, j})
		}
	}
	return ts
}

// termLess orders terms as allPairs does.
func termCmp(a, b Term) int {
	if a.I != b.I {
		return a.I - b.I
	}
	return a.J - b.J
}

// sortedTerms returns a sorted copy, so that a model has one spelling.
func sortedTerms(ts []Term) []Term {
	s := slices.Clone(ts)
	slices.SortFunc(s, termCmp)
	return s
}

// TermNames returns the names of terms, e.g. ["A:B", "B:C"].
func TermNames(lists []string, ts []Term) []string {
	names := make([]string, len(ts))
	for i, tm := range ts {
		names[i] = tm.Name(lists)
	}
	return names
}

// modelName names a model for messages: "[main effects]" (in the message's
// language) or "[A:B + B:C]"; main effects are always in the model, so only
// the interactions are shown.
func modelName(lists []string, ts []Term) any {
	if len(ts) == 0 {
		return msg("model_main", nil)
	}
	return "[" + strings.Join(TermNames(lists, ts), " + ") + "]"
}

// ParseTerms parses a comma-separated list of interactions such as
// "A:B,B:C" against the list names. An empty spec means main effects only.
func ParseTerms(lists []string, spec string) ([]Term, error) {
	index := make(map[string]int, len(lists))
	for i, n := range lists {
		index[n] = i
	}
	var ts []Term
	seen := map[Term]bool{}
	for raw := range strings.SplitSeq(spec, ",") {
		s := strings.TrimSpace(raw)
		if s == "" {
			continue
		}
		a, b, ok := strings.Cut(s, ":")
		a, b = strings.TrimSpace(a), strings.TrimSpace(b)
		if !ok || a == "" || b == "" || strings.Contains(b, ":") {
			return nil, inputErr("bad_term", kv{"Term": s})
		}
		i, ok := index[a]
		if !ok {
			return nil, inputErr("unknown_list", kv{"Term": s, "List": a})
		}
		j, ok := index[b]
		if !ok {
			return nil, inputErr("unknown_list", kv{"Term": s, "List": b})
		}
		if i == j {
			return nil, inputErr("same_list", kv{"Term": s})
		}
		tm := newTerm(i, j)
		if seen[tm] {
			return nil, inputErr("dup_term", kv{"Term": s})
		}
		seen[tm] = true
		ts = append(ts, tm)
	}
	return sortedTerms(ts), nil
}

// design returns the model matrix over the 2^m - 1 observable combinations
// (row mask-1 for mask 1..2^m-1): an optional intercept column, one column per
// list (main effects), then one column per interaction.
func design(m int, ts []Term, intercept bool) *mat.Dense {
	return designCells(m, ts, intercept, nil)
}

// designCells is design restricted to the combinations in cells (masks, in
// order); nil means all observable combinations.
func designCells(m int, ts []Term, intercept bool, cells []int) *mat.Dense {
	if cells == nil {
		cells = make([]int, 1<<m-1)
		for i := range cells {
			cells[i] = i + 1
		}
	}
	off := 0
	if intercept {
		off = 1
	}
	x := mat.NewDense(len(cells), off+m+len(ts), nil)
	for r, mask := range cells {
		if intercept {
			x.Set(r, 0, 1)
		}
		for j := range m {
			if mask&(1<<j) != 0 {
				x.Set(r, off+j, 1)
			}
		}
		for k, tm := range ts {
			both := 1<<tm.I | 1<<tm.J
			if mask&both == both {
				x.Set(r, off+m+k, 1)
			}
		}
	}
	return x
}
