package disclosure

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// model is the intruder's view of one or more tables as a linear system:
// every cell, margin and total is a value; an equation says that a margin
// is the sum of its cells (or that two tables count the same people on a
// shared margin). Released values are constants, withheld ones unknowns,
// each at least 0.
type model struct {
	vals []value
	eqs  [][]term
	// in lists, for each value, the equations it appears in.
	in [][]int
	// known are values of the table the earlier releases give away: they
	// are released and never chosen as complements.
	known map[int]bool
}

type value struct {
	count      int64
	suppressed bool
	owner      int  // 0: the table being protected; i+1: history[i]
	kind       kind // cell, margin or total
	// exact is set on an earlier release's withheld value whose true count
	// is known (a sum of the protected table's cells).
	exact bool
}

type kind int

const (
	cellKind kind = iota
	marginKind
	totalKind
)

type term struct {
	v int
	c float64
}

// layout is where one table's values sit in the model.
type layout struct {
	vars    []string
	values  [][]string // each cell's values
	cells   []int
	margins []marginRef
	total   int
}

type marginRef struct {
	vr    int // index in vars
	value string
	at    int // model index
}

// errInconsistent is returned when the released figures contradict each
// other: a history that counts other people than the table.
var errInconsistent = errors.New("disclosure: released figures are inconsistent")

// lower is the least a withheld value can be: 0, since zeros may be
// withheld as complements.
func (v value) lower() float64 { return 0 }

func (m *model) add(v value) int {
	m.vals = append(m.vals, v)
	m.in = append(m.in, nil)
	return len(m.vals) - 1
}

func (m *model) equation(ts []term) {
	// Merge repeated values (a cell on both sides cancels).
	sum := map[int]float64{}
	for _, t := range ts {
		sum[t.v] += t.c
	}
	var eq []term
	for v, c := range sum {
		if c != 0 {
			eq = append(eq, term{v, c})
		}
	}
	if len(eq) == 0 {
		return
	}
	slices.SortFunc(eq, func(a, b term) int { return a.v - b.v })
	m.eqs = append(m.eqs, eq)
	for _, t := range eq {
		m.in[t.v] = append(m.in[t.v], len(m.eqs)-1)
	}
}

// addTable adds the values of a table of vars with the given cell values and
// the equations of its margins: each value's margin is the sum of its cells,
// the grand total the sum of each variable's margins. A one-way table's
// margins are its cells.
func (m *model) addTable(owner int, vars []string, values [][]string) layout {
	l := layout{vars: vars, values: values}
	for range values {
		l.cells = append(l.cells, m.add(value{owner: owner, kind: cellKind}))
	}
	l.total = m.add(value{owner: owner, kind: totalKind})
	for vi := range vars {
		index := map[string]int{}
		var slices_ [][]int
		for ci, vals := range values {
			x := vals[vi]
			i, ok := index[x]
			if !ok {
				at := l.cells[ci] // one-way: the margin is the cell
				if len(vars) > 1 {
					at = m.add(value{owner: owner, kind: marginKind})
				}
				l.margins = append(l.margins, marginRef{vr: vi, value: x, at: at})
				slices_ = append(slices_, nil)
				i = len(slices_) - 1
				index[x] = i
			}
			slices_[i] = append(slices_[i], l.cells[ci])
		}
		base := len(l.margins) - len(slices_)
		totalEq := []term{{l.total, -1}}
		for i, cells := range slices_ {
			mr := l.margins[base+i]
			totalEq = append(totalEq, term{mr.at, 1})
			if len(vars) > 1 {
				eq := []term{{mr.at, -1}}
				for _, c := range cells {
					eq = append(eq, term{c, 1})
				}
				m.equation(eq)
			}
		}
		m.equation(totalEq)
	}
	if len(values) == 0 {
		m.equation([]term{{l.total, 1}}) // an empty table totals 0
	}
	return l
}

// link adds the equations saying that tables a and b count the same people:
// on every set of the variables they share (the empty set included: the
// grand totals), the sums of their cells agree.
func (m *model) link(a, b layout) {
	var shared [][2]int
	for i, v := range a.vars {
		if j := slices.Index(b.vars, v); j >= 0 {
			shared = append(shared, [2]int{i, j})
		}
	}
	if len(shared) > 16 {
		shared = shared[:16]
	}
	for mask := 0; mask < 1<<len(shared); mask++ {
		groups := map[string][]term{}
		var order []string
		project := func(l layout, side int, c float64) {
			for ci, vals := range l.values {
				var k []string
				for s, pair := range shared {
					if mask&(1<<s) != 0 {
						k = append(k, vals[pair[side]])
					}
				}
				kk := key(k)
				if _, ok := groups[kk]; !ok {
					order = append(order, kk)
				}
				groups[kk] = append(groups[kk], term{l.cells[ci], c})
			}
		}
		project(a, 0, 1)
		project(b, 1, -1)
		for _, kk := range order {
			m.equation(groups[kk])
		}
	}
}

// interval is the range an unknown can take: whole numbers lo..hi
// (hi = +Inf when unbounded).
type interval struct{ lo, hi float64 }

// pinned reports whether a single whole number is left, other than 0: a
// withheld zero worked out points at nobody.
func (iv interval) pinned() bool { return iv.hi-iv.lo < 1 && iv.hi >= 1 }

// ranges returns, for every withheld value, the whole numbers it can take
// given the released ones, by linear programming over the unknowns. It
// fails with errInconsistent when no assignment fits.
func (m *model) ranges() (map[int]interval, error) { return m.solve(false) }

// feasible reports whether some assignment of the withheld values fits the
// released ones (errInconsistent when none does), with one program.
func (m *model) feasible() error {
	_, err := m.solve(true)
	return err
}

func (m *model) solve(feasibleOnly bool) (map[int]interval, error) {
	var unknowns []int
	col := map[int]int{}
	for i, v := range m.vals {
		if v.suppressed {
			col[i] = len(unknowns)
			unknowns = append(unknowns, i)
		}
	}
	n := len(unknowns)
	// Rows over the unknowns, with the constants moved right and every
	// unknown shifted by its lower bound (y = x - lower >= 0).
	var rows [][]float64
	for _, eq := range m.eqs {
		row := make([]float64, n+1)
		any := false
		for _, t := range eq {
			if j, ok := col[t.v]; ok {
				row[j] += t.c
				row[n] -= t.c * m.vals[t.v].lower() // the shift
				any = true
			} else {
				row[n] -= t.c * float64(m.vals[t.v].count)
			}
		}
		if !any {
			if math.Abs(row[n]) > 1e-9 {
				return nil, errInconsistent
			}
			continue
		}
		rows = append(rows, row)
	}
	rows, err := reduce(rows, n)
	if err != nil {
		return nil, err
	}
	out := make(map[int]interval, n)
	// Unknowns in no equation are free.
	used := make([]bool, n)
	for _, r := range rows {
		for j := 0; j < n; j++ {
			if r[j] != 0 {
				used[j] = true
			}
		}
	}
	var cols []int
	for j := range n {
		if used[j] {
			cols = append(cols, j)
		} else {
			out[unknowns[j]] = interval{m.vals[unknowns[j]].lower(), math.Inf(1)}
		}
	}
	if len(rows) == 0 {
		return out, nil
	}
	A := mat.NewDense(len(rows), len(cols), nil)
	b := make([]float64, len(rows))
	for i, r := range rows {
		for k, j := range cols {
			A.Set(i, k, r[j])
		}
		b[i] = r[n]
	}
	if feasibleOnly {
		ones := make([]float64, len(cols))
		for k := range ones {
			ones[k] = 1
		}
		if _, _, err := lp.Simplex(ones, A, b, 1e-10, nil); errors.Is(err, lp.ErrInfeasible) {
			return nil, errInconsistent
		}
		return nil, nil
	}
	// Every solution found is a feasible point: an unknown seen at two
	// points whose whole-number hull holds two values is not pinned, and
	// needs no program of its own.
	seenLo := make([]float64, len(cols))
	seenHi := make([]float64, len(cols))
	for k, j := range cols {
		seenLo[k], seenHi[k] = math.Inf(1), math.Inf(-1)
		// The table being protected is itself a feasible point: its true
		// counts (shifted like the unknowns).
		if v := m.vals[unknowns[j]]; v.owner == 0 || v.exact {
			seenLo[k] = float64(v.count) - v.lower()
			seenHi[k] = seenLo[k]
		}
	}
	// Once a vertex is known, every later program starts from its basis
	// rather than searching for one (most of the simplex's work).
	var basis []int
	simplex := func(c []float64) (float64, []float64, error) {
		v, x, err := startAt(c, A, b, basis)
		if err == nil && basis == nil {
			basis = basisOf(A, x)
		}
		return v, x, err
	}
	see := func(x []float64) {
		for k, v := range x {
			seenLo[k] = min(seenLo[k], v)
			seenHi[k] = max(seenHi[k], v)
		}
	}
	spread := func(lo, hi float64) interval {
		return interval{math.Ceil(lo - 1e-6), math.Floor(hi + 1e-6)}
	}
	// A few programs first, everything smallest, largest, and in fixed
	// pseudo-random directions: their solutions are far-apart vertices that
	// usually show most unknowns free at once.
	rng := rand.New(rand.NewPCG(uint64(len(cols)), uint64(len(rows))))
	for i := range min(6, len(cols)) {
		c := make([]float64, len(cols))
		for k := range c {
			switch i {
			case 0:
				c[k] = 1 // everything as small as it can be
			case 1:
				c[k] = -1 // and as large
			default:
				c[k] = rng.Float64()*2 - 1
				if i%2 == 0 {
					c[k] = math.Abs(c[k])
				} else {
					c[k] = -math.Abs(c[k])
				}
			}
		}
		if _, x, err := simplex(c); err == nil {
			see(x)
		} else if errors.Is(err, lp.ErrInfeasible) {
			return nil, errInconsistent
		}
	}
	c := make([]float64, len(cols))
	for k, j := range cols {
		low := m.vals[unknowns[j]].lower()
		if v := m.vals[unknowns[j]]; v.owner == 0 && v.count == 0 {
			// A withheld zero can at most be worked out to be 0, which
			// points at nobody.
			out[unknowns[j]] = interval{0, 0}
			continue
		}
		if iv := spread(seenLo[k], seenHi[k]); iv.hi-iv.lo >= 1 {
			out[unknowns[j]] = interval{iv.lo + low, iv.hi + low}
			continue
		}
		c[k] = 1
		lo, xLo, errLo := simplex(c)
		c[k] = -1
		hi, xHi, errHi := simplex(c)
		c[k] = 0
		if errors.Is(errLo, lp.ErrInfeasible) || errors.Is(errHi, lp.ErrInfeasible) {
			return nil, errInconsistent
		}
		if errLo == nil {
			see(xLo)
		}
		if errHi == nil {
			see(xHi)
		}
		iv := spread(lo, -hi)
		switch {
		case errLo != nil:
			iv = interval{0, 0} // numerical failure: count it as pinned
		case errors.Is(errHi, lp.ErrUnbounded):
			iv.hi = math.Inf(1)
		case errHi != nil:
			iv.hi = iv.lo
		}
		out[unknowns[j]] = interval{iv.lo + low, iv.hi + low}
	}
	return out, nil
}

// startAt runs the simplex from basis (nil: it finds one). gonum panics
// when a given basis is not feasible; that only costs the search.
func startAt(c []float64, A *mat.Dense, b []float64, basis []int) (v float64, x []float64, err error) {
	if basis != nil {
		ok := func() (ok bool) {
			defer func() {
				if recover() != nil {
					ok = false
				}
			}()
			v, x, err = lp.Simplex(c, A, b, 1e-10, basis)
			return true
		}()
		if ok && !errors.Is(err, lp.ErrSingular) {
			return v, x, err
		}
	}
	return lp.Simplex(c, A, b, 1e-10, nil)
}

// basisOf is a feasible basis of A (in reduced row echelon form) at its
// vertex x: the columns where x is positive, completed by the pivot columns
// (unit vectors) of the rows they do not cover. Nil when x is not a vertex
// the construction recognises.
func basisOf(A *mat.Dense, x []float64) []int {
	r, n := A.Dims()
	var support []int
	for k, v := range x {
		if v > 1e-9 {
			support = append(support, k)
		}
	}
	if len(support) > r {
		return nil
	}
	// Rows covered by the support columns: elimination with row pivoting.
	sub := make([][]float64, r)
	for i := range sub {
		sub[i] = make([]float64, len(support))
		for j, k := range support {
			sub[i][j] = A.At(i, k)
		}
	}
	covered := make([]bool, r)
	for j := range support {
		p, best := -1, 1e-9
		for i := range r {
			if !covered[i] && math.Abs(sub[i][j]) > best {
				p, best = i, math.Abs(sub[i][j])
			}
		}
		if p < 0 {
			return nil // the support's columns are dependent
		}
		covered[p] = true
		for i := range r {
			if i != p && sub[i][j] != 0 {
				f := sub[i][j] / sub[p][j]
				for jj := range support {
					sub[i][jj] -= f * sub[p][jj]
				}
			}
		}
	}
	basis := slices.Clone(support)
	for i := range r {
		if covered[i] {
			continue
		}
		pivot := -1
		for k := range n {
			if math.Abs(A.At(i, k)) > 1e-9 {
				pivot = k
				break
			}
		}
		if pivot < 0 || slices.Contains(basis, pivot) {
			return nil
		}
		basis = append(basis, pivot)
	}
	return basis
}

// reduce brings rows (n coefficients and a right-hand side) to reduced row
// echelon form and drops the dependent ones, so that the simplex gets a
// matrix of full row rank. It fails with errInconsistent on 0 = c.
func reduce(rows [][]float64, n int) ([][]float64, error) {
	const eps = 1e-9
	r := 0
	for j := 0; j < n && r < len(rows); j++ {
		p, best := -1, eps
		for i := r; i < len(rows); i++ {
			if a := math.Abs(rows[i][j]); a > best {
				p, best = i, a
			}
		}
		if p < 0 {
			continue
		}
		rows[r], rows[p] = rows[p], rows[r]
		piv := rows[r][j]
		for k := range rows[r] {
			rows[r][k] /= piv
		}
		for i := range rows {
			if i == r || rows[i][j] == 0 {
				continue
			}
			f := rows[i][j]
			for k := range rows[i] {
				rows[i][k] -= f * rows[r][k]
				if math.Abs(rows[i][k]) < eps {
					rows[i][k] = 0
				}
			}
		}
		r++
	}
	for i := r; i < len(rows); i++ {
		if math.Abs(rows[i][n]) > 1e-6 {
			return nil, errInconsistent
		}
	}
	return rows[:r], nil
}
