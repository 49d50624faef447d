package linkage

import (
	"slices"
	"strconv"
)

// MergeThreshold is the share of pairs between two groups that must be
// candidates before the groups merge (as in anonlink's greedy solver).
const MergeThreshold = 0.5

// greedySolve clusters records from candidate pairs taken by descending
// similarity, as anonlink's greedy solver does: two singletons merge at
// once; larger groups merge when at least MergeThreshold of the pairs
// between them have been seen; two groups never merge when they hold
// records of the same party. With two parties this is greedy one-to-one
// assignment.
func greedySolve(encs []*Encodings, cands []candidate) []Group {
	g, _ := greedySolveAccepted(encs, cands)
	return g
}

// greedySolveAccepted is greedySolve also giving the indices of the
// candidates that made a merge, in order: the pairs the solver accepted.
// Since candidates are taken by descending score, the groups at a higher
// threshold are those made by the accepted candidates at or above it.
func greedySolveAccepted(encs []*Encodings, cands []candidate) ([]Group, []int) {
	var accepted []int
	offset := make([]int, len(encs)+1)
	for i, e := range encs {
		offset[i+1] = offset[i] + len(e.IDs)
	}
	n := offset[len(encs)]
	groupOf := make([]int, n) // record -> group id
	groups := make([]Group, n)
	partyMask := make([]uint64, n) // parties present, bit per party (<= 64 parties use the mask)
	for p, e := range encs {
		for r := range e.IDs {
			g := offset[p] + r
			groupOf[g] = g
			groups[g] = Group{{p, r}}
			partyMask[g] = partyBit(p)
		}
	}
	type pair struct{ x, y int }
	seen := map[pair]int{}
	disjoint := func(g0, g1 int) bool {
		if len(encs) <= 64 {
			return partyMask[g0]&partyMask[g1] == 0
		}
		for _, m := range groups[g0] {
			for _, o := range groups[g1] {
				if m.Party == o.Party {
					return false
				}
			}
		}
		return true
	}
	for ci, c := range cands {
		g0, g1 := groupOf[offset[c.a.Party]+c.a.Record], groupOf[offset[c.b.Party]+c.b.Record]
		if g0 == g1 || !disjoint(g0, g1) {
			continue
		}
		if len(groups[g0])*len(groups[g1]) > 1 {
			if g0 > g1 {
				g0, g1 = g1, g0
			}
			k := pair{g0, g1}
			seen[k]++
			if float64(seen[k]) < MergeThreshold*float64(len(groups[g0])*len(groups[g1])) {
				continue
			}
			delete(seen, k)
		}
		// The merged group gets a fresh id: pair counts of the old groups
		// are left behind, as in anonlink, so it earns its next merge afresh.
		accepted = append(accepted, ci)
		id := len(groups)
		merged := append(append(Group{}, groups[g0]...), groups[g1]...)
		for _, m := range merged {
			groupOf[offset[m.Party]+m.Record] = id
		}
		groups = append(groups, merged)
		partyMask = append(partyMask, partyMask[g0]|partyMask[g1])
		groups[g0], groups[g1] = nil, nil
	}
	var out []Group
	for _, g := range groups {
		if len(g) == 0 {
			continue
		}
		slices.SortFunc(g, cmpMember)
		out = append(out, g)
	}
	slices.SortFunc(out, func(a, b Group) int { return cmpMember(a[0], b[0]) })
	return out, accepted
}

func partyBit(p int) uint64 {
	if p >= 64 {
		return 0
	}
	return 1 << p
}

func itoa(i int) string { return strconv.Itoa(i) }
