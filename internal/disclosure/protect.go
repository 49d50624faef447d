package disclosure

import (
	"cmp"
	"errors"
	"slices"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// CodeCannotProtect is the fault code when no suppression pattern keeps the
// earlier releases to the same audience safe.
const CodeCannotProtect = "disclosure.cannot_protect"

// Protect protects t under p, alone (see ProtectAgainst).
func Protect(t Table, p Policy) (Release, error) { return ProtectAgainst(t, p, nil) }

// ProtectAgainst protects t under p knowing that history was released before
// to the same audience, from the same data: under suppression, the withheld
// cells are chosen so that no value of t nor of history can be worked out
// from everything released together. When even which combinations t lists
// would give an earlier figure away, the release also lists, after t's
// cells, the combinations of the values present that t does not (zeros,
// which may then be withheld). Earlier releases that do not fit the
// current data (the register changed since) or were made with noise are not
// linked. Errors: valid.Errors for a bad policy or table (fault.Invalid); a
// fault.Conflict CodeCannotProtect when the history leaves no safe pattern.
func ProtectAgainst(t Table, p Policy, history []Release) (Release, error) {
	if err := errors.Join(p.Validate(), t.validate()); err != nil {
		return Release{}, err
	}
	switch p.Method {
	case Public:
		p.K = 0
		return publicRelease(t, p), nil
	case Differential:
		return noisy(t, p)
	}
	r, err := suppress(t, p, history)
	if f := fault.As(err); f != nil && f.Code == CodeCannotProtect {
		// Which combinations are empty gave something away: list them
		// all, so that an empty one may be withheld too, and try again.
		if full, ok := complete(t); ok {
			return suppress(full, p, history)
		}
	}
	return r, err
}

// maxCompleted bounds the tables complete makes.
const maxCompleted = 5000

// complete returns t with a zero cell for every combination of the values
// present that t does not list, after t's own cells, and whether it added
// any (and stayed under maxCompleted cells).
func complete(t Table) (Table, bool) {
	var values [][]string
	size := 1
	for vi := range t.Vars {
		seen := map[string]bool{}
		var vs []string
		for _, c := range t.Cells {
			if !seen[c.Values[vi]] {
				seen[c.Values[vi]] = true
				vs = append(vs, c.Values[vi])
			}
		}
		values = append(values, vs)
		size *= len(vs)
		if size > maxCompleted {
			return t, false
		}
	}
	if size == len(t.Cells) {
		return t, false
	}
	have := map[string]bool{}
	for _, c := range t.Cells {
		have[key(c.Values)] = true
	}
	out := Table{Vars: t.Vars, Cells: slices.Clone(t.Cells)}
	idx := make([]int, len(t.Vars))
	for {
		combo := make([]string, len(t.Vars))
		for d, i := range idx {
			combo[d] = values[d][i]
		}
		if !have[key(combo)] {
			out.Cells = append(out.Cells, Cell{Values: combo})
		}
		d := len(idx) - 1
		for d >= 0 {
			idx[d]++
			if idx[d] < len(values[d]) {
				break
			}
			idx[d] = 0
			d--
		}
		if d < 0 {
			return out, true
		}
	}
}

func publicRelease(t Table, p Policy) Release {
	var m model
	l := m.addTable(0, t.Vars, cellValues(t))
	fill(&m, l, t)
	return release(&m, l, t, p)
}

func cellValues(t Table) [][]string {
	out := make([][]string, len(t.Cells))
	for i, c := range t.Cells {
		out[i] = c.Values
	}
	return out
}

// fill puts the true counts of t into its layout: cells, margins, total.
func fill(m *model, l layout, t Table) {
	var total int64
	for i, c := range t.Cells {
		m.vals[l.cells[i]].count = c.Count
		total += c.Count
	}
	m.vals[l.total].count = total
	if len(t.Vars) > 1 {
		for _, mr := range l.margins {
			var sum int64
			for _, c := range t.Cells {
				if c.Values[mr.vr] == mr.value {
					sum += c.Count
				}
			}
			m.vals[mr.at].count = sum
		}
	}
}

// fillReleased puts a release's figures into its layout: released counts
// are constants, withheld ones unknowns.
func fillReleased(m *model, l layout, r Release) {
	set := func(at int, c *int64, suppressed bool) {
		m.vals[at].suppressed = suppressed || c == nil
		if c != nil {
			m.vals[at].count = *c
		}
	}
	for i, c := range r.Cells {
		set(l.cells[i], c.Count, c.Suppressed)
	}
	set(l.total, r.Total.Count, r.Total.Suppressed)
	if len(r.Vars) > 1 {
		for _, mr := range l.margins {
			if rm, ok := r.Margin(r.Vars[mr.vr], mr.value); ok {
				set(mr.at, rm.Count, rm.Suppressed)
			} else {
				m.vals[mr.at].suppressed = true
			}
		}
	}
}

func releasedValues(r Release) [][]string {
	out := make([][]string, len(r.Cells))
	for i, c := range r.Cells {
		out[i] = c.Values
	}
	return out
}

func suppress(t Table, p Policy, history []Release) (Release, error) {
	var m model
	l := m.addTable(0, t.Vars, cellValues(t))
	fill(&m, l, t)
	// Link the earlier releases that fit the data, to the table and to each
	// other.
	var linked []layout
	var linkedAt []int
	for hi, h := range history {
		if h.Policy.Method == Differential || len(h.Cells) == 0 && h.Total.Count == nil {
			continue
		}
		trial := m.clone()
		hl := trial.addTable(hi+1, h.Vars, releasedValues(h))
		fillReleased(&trial, hl, h)
		trial.link(hl, l)
		if err := trial.feasible(); err != nil {
			continue // counts other people (or an older state of the data)
		}
		hl = m.addTable(hi+1, h.Vars, releasedValues(h))
		fillReleased(&m, hl, h)
		m.link(hl, l)
		exact(&m, hl, t)
		for _, o := range linked {
			m.link(o, hl)
		}
		linked = append(linked, hl)
		linkedAt = append(linkedAt, hi)
	}
	// The true counts of earlier releases are used only as one feasible
	// point with the table's own: check that together they are one.
	truth := m.clone()
	for i := range truth.vals {
		if truth.vals[i].owner == 0 || truth.vals[i].exact {
			truth.vals[i].suppressed = false
		}
	}
	if truth.feasible() != nil {
		for i := range m.vals {
			m.vals[i].exact = false
		}
	}
	// What the earlier releases give away by themselves this table cannot
	// help; it is left out of the search. What they give away once this
	// table shows even just which combinations it holds (every cell and
	// margin withheld) no suppression helps: the table is refused.
	hopeless, known := map[int]bool{}, map[int]bool{}
	if len(linked) > 0 {
		var alone model
		var ls []layout
		for _, at := range linkedAt {
			h := history[at]
			hl := alone.addTable(at+1, h.Vars, releasedValues(h))
			fillReleased(&alone, hl, h)
			for _, o := range ls {
				alone.link(o, hl)
			}
			ls = append(ls, hl)
		}
		r, err := alone.ranges()
		if err != nil {
			return Release{}, err
		}
		// The history's values sit after the table's, in the same order.
		offset := len(m.vals) - len(alone.vals)
		for v, iv := range r {
			if iv.pinned() {
				hopeless[v+offset] = true
			}
		}
		all := m.clone()
		for i := range all.vals {
			if all.vals[i].owner == 0 {
				all.vals[i].suppressed = true
			}
		}
		r, err = all.ranges()
		if err != nil {
			return Release{}, err
		}
		for v, iv := range r {
			switch {
			case !iv.pinned() || hopeless[v]:
			case all.vals[v].owner == 0:
				// Known from the earlier releases already (a shared
				// margin released there): it is released (withholding it
				// would hide nothing) unless below k, and never protected.
				known[v] = true
				hopeless[v] = true
			default:
				return Release{}, fault.New(fault.Conflict, CodeCannotProtect, nil)
			}
		}
	}
	m.known = known
	// Primary suppression.
	for i := range m.vals {
		v := &m.vals[i]
		if v.owner == 0 && v.count > 0 && v.count < int64(p.K) {
			v.suppressed = true
		}
	}
	for {
		m.singletons(hopeless)
		r, err := m.ranges()
		if err != nil {
			return Release{}, err
		}
		var add []int
		for _, v := range sortedKeys(r) {
			if !r[v].pinned() || hopeless[v] {
				continue
			}
			c := m.complement(v)
			if c < 0 {
				return Release{}, fault.New(fault.Conflict, CodeCannotProtect, nil)
			}
			add = append(add, c)
		}
		if len(add) == 0 {
			break
		}
		for _, c := range add {
			m.vals[c].suppressed = true
		}
	}
	return release(&m, l, t, p), nil
}

// exact fills in the true counts of an earlier release's withheld figures
// when its variables are all variables of t (a coarser table of the same
// people): they are sums of t's cells. The linear programs then start from
// a known feasible point.
func exact(m *model, l layout, t Table) {
	at := make([]int, len(l.vars))
	for i, v := range l.vars {
		at[i] = slices.Index(t.Vars, v)
		if at[i] < 0 {
			return
		}
	}
	sum := func(match func(c Cell) bool) int64 {
		var n int64
		for _, c := range t.Cells {
			if match(c) {
				n += c.Count
			}
		}
		return n
	}
	set := func(v int, n int64) {
		if m.vals[v].suppressed {
			m.vals[v].count, m.vals[v].exact = n, true
		}
	}
	for ci, values := range l.values {
		set(l.cells[ci], sum(func(c Cell) bool {
			for i, a := range at {
				if c.Values[a] != values[i] {
					return false
				}
			}
			return true
		}))
	}
	for _, mr := range l.margins {
		set(mr.at, sum(func(c Cell) bool { return c.Values[at[mr.vr]] == mr.value }))
	}
	set(l.total, sum(func(Cell) bool { return true }))
}

func sortedKeys(r map[int]interval) []int {
	keys := make([]int, 0, len(r))
	for k := range r {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (m *model) clone() model {
	c := model{vals: slices.Clone(m.vals), eqs: slices.Clone(m.eqs), in: make([][]int, len(m.in))}
	for i := range m.in {
		c.in[i] = slices.Clone(m.in[i])
	}
	return c
}

// singletons applies the cheap rule first: an equation with exactly one
// withheld value gives it away, so one more of its values is withheld (the
// smallest), until no equation has a single one.
func (m *model) singletons(hopeless map[int]bool) {
	for changed := true; changed; {
		changed = false
		for e, eq := range m.eqs {
			only, n := -1, 0
			for _, t := range eq {
				if m.vals[t.v].suppressed {
					only, n = t.v, n+1
				}
			}
			if n != 1 || hopeless[only] {
				continue
			}
			if c := m.best([]int{e}); c >= 0 {
				m.vals[c].suppressed = true
				changed = true
			}
		}
	}
}

// complement chooses the value to withhold next so that pinned value v is
// no longer pinned: the best candidate in v's equations, else in the
// equations of the unknowns they share, widening until one is found.
func (m *model) complement(v int) int {
	seenEq := map[int]bool{}
	seenVal := map[int]bool{v: true}
	frontier := []int{v}
	for len(frontier) > 0 {
		var eqs []int
		for _, x := range frontier {
			for _, e := range m.in[x] {
				if !seenEq[e] {
					seenEq[e] = true
					eqs = append(eqs, e)
				}
			}
		}
		if c := m.best(eqs); c >= 0 {
			return c
		}
		var next []int
		for _, e := range eqs {
			for _, t := range m.eqs[e] {
				if !seenVal[t.v] && m.vals[t.v].suppressed {
					seenVal[t.v] = true
					next = append(next, t.v)
				}
			}
		}
		frontier = next
	}
	all := make([]int, len(m.eqs))
	for i := range all {
		all[i] = i
	}
	return m.best(all)
}

// best is the value of the protected table, released, in the given
// equations that is cheapest to withhold: cells before margins before the
// grand total, the smallest count first (a zero first of all: hiding it
// hides nobody).
func (m *model) best(eqs []int) int {
	best := -1
	for _, e := range eqs {
		for _, t := range m.eqs[e] {
			v := m.vals[t.v]
			if v.owner != 0 || v.suppressed || m.known[t.v] {
				continue
			}
			if best < 0 || cheaper(t.v, best, m) {
				best = t.v
			}
		}
	}
	return best
}

func cheaper(a, b int, m *model) bool {
	va, vb := m.vals[a], m.vals[b]
	if c := cmp.Compare(va.kind, vb.kind); c != 0 {
		return c < 0
	}
	if c := cmp.Compare(va.count, vb.count); c != 0 {
		return c < 0
	}
	return a < b
}

// release writes the model's state for layout l as a Release.
func release(m *model, l layout, t Table, p Policy) Release {
	r := Release{Vars: slices.Clone(t.Vars), Policy: p}
	show := func(at int) (*int64, bool) {
		v := m.vals[at]
		if v.suppressed {
			return nil, true
		}
		c := v.count
		return &c, false
	}
	for i, c := range t.Cells {
		n, s := show(l.cells[i])
		if s {
			r.Suppressed++
		}
		r.Cells = append(r.Cells, Released{Values: slices.Clone(c.Values), Count: n, Suppressed: s})
	}
	for _, mr := range l.margins {
		n, s := show(mr.at)
		r.Margins = append(r.Margins, Margin{Var: t.Vars[mr.vr], Value: mr.value, Count: n, Suppressed: s})
	}
	n, s := show(l.total)
	r.Total = Margin{Count: n, Suppressed: s}
	return r
}
