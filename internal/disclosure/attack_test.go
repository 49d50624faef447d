package disclosure

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// The intruder of these tests knows only the releases. It is written apart
// from the package's own model (inequalities with slacks through lp.Convert
// rather than equalities reduced by elimination) so that it checks the
// suppression rather than repeating it.

// unknown is one withheld figure of one release.
type unknown struct {
	release int
	cell    int // index in Cells, or -1
	margin  int // index in Margins, or -1; both -1: the total
}

type intruder struct {
	rels  []Release
	vars  []unknown
	index map[unknown]int
	// Each equation: coefficients over the unknowns and a constant, sum = 0.
	eqs []map[int]float64
	cst []float64
}

func newIntruder(rels ...Release) *intruder {
	in := &intruder{rels: rels, index: map[unknown]int{}}
	for ri, r := range rels {
		for ci, c := range r.Cells {
			if c.Count == nil {
				in.add(unknown{ri, ci, -1})
			}
		}
		for mi, m := range r.Margins {
			if m.Count == nil && len(r.Vars) > 1 {
				in.add(unknown{ri, -1, mi})
			}
		}
		if r.Total.Count == nil {
			in.add(unknown{ri, -1, -1})
		}
	}
	for ri, r := range rels {
		totalFig := fig{release: ri, u: unknown{ri, -1, -1}, c: -1}
		for vi, v := range r.Vars {
			sum := []fig{totalFig}
			for mi, m := range r.Margins {
				if m.Var != v {
					continue
				}
				mu := unknown{ri, -1, mi}
				if len(r.Vars) == 1 {
					// A one-way table's margins are its cells.
					mu = unknown{ri, cellOf(r, []string{m.Value}), -1}
				}
				sum = append(sum, fig{release: ri, u: mu, c: 1})
				if len(r.Vars) > 1 {
					eq := []fig{{release: ri, u: mu, c: -1}}
					for ci, c := range r.Cells {
						if c.Values[vi] == m.Value {
							eq = append(eq, fig{release: ri, u: unknown{ri, ci, -1}, c: 1})
						}
					}
					in.equation(eq)
				}
			}
			in.equation(sum)
		}
	}
	// Releases to the same audience count the same people: on every set of
	// shared variables, their cells sum alike.
	for a := range rels {
		for b := a + 1; b < len(rels); b++ {
			var shared []string
			for _, v := range rels[a].Vars {
				if slices.Contains(rels[b].Vars, v) {
					shared = append(shared, v)
				}
			}
			for mask := 0; mask < 1<<len(shared); mask++ {
				groups := map[string][]fig{}
				for _, side := range []struct {
					r int
					c float64
				}{{a, 1}, {b, -1}} {
					r := rels[side.r]
					for ci, c := range r.Cells {
						var k []string
						for s, v := range shared {
							if mask&(1<<s) != 0 {
								k = append(k, c.Values[slices.Index(r.Vars, v)])
							}
						}
						kk := strings.Join(k, "|")
						groups[kk] = append(groups[kk], fig{release: side.r, u: unknown{side.r, ci, -1}, c: side.c})
					}
				}
				for _, eq := range groups {
					in.equation(eq)
				}
			}
		}
	}
	return in
}

type fig struct {
	release int
	u       unknown
	c       float64
}

func cellOf(r Release, values []string) int {
	for i, c := range r.Cells {
		if slices.Equal(c.Values, values) {
			return i
		}
	}
	panic("no cell")
}

func (in *intruder) add(u unknown) {
	in.index[u] = len(in.vars)
	in.vars = append(in.vars, u)
}

// value is a released figure's count, or false when withheld.
func (in *intruder) value(u unknown) (float64, bool) {
	r := in.rels[u.release]
	var c *int64
	switch {
	case u.cell >= 0:
		c = r.Cells[u.cell].Count
	case u.margin >= 0:
		c = r.Margins[u.margin].Count
	default:
		c = r.Total.Count
	}
	if c == nil {
		return 0, false
	}
	return float64(*c), true
}

func (in *intruder) equation(fs []fig) {
	eq := map[int]float64{}
	cst := 0.0
	for _, f := range fs {
		if v, ok := in.value(f.u); ok {
			cst += f.c * v
		} else {
			eq[in.index[f.u]] += f.c
		}
	}
	in.eqs = append(in.eqs, eq)
	in.cst = append(in.cst, cst)
}

// program is the intruder's system in standard form over x >= 0 (zeros may
// be withheld as complements, so a withheld figure may be 0): the equations
// that are linearly independent, picked by exact elimination over the
// rationals, so that the simplex gets a matrix of full row rank.
func (in *intruder) program() (*mat.Dense, []float64) {
	n := len(in.vars)
	var basis [][]*big.Rat // reduced independent rows, for the rank test
	var pivots []int
	var rows [][]float64
	var f []float64
	for e, eq := range in.eqs {
		if len(eq) == 0 {
			continue
		}
		r := make([]*big.Rat, n)
		for k := range r {
			r[k] = new(big.Rat)
		}
		for k, c := range eq {
			r[k].SetFloat64(c)
		}
		for bi, br := range basis {
			p := pivots[bi]
			if r[p].Sign() == 0 {
				continue
			}
			f := new(big.Rat).Quo(r[p], br[p])
			for k := range r {
				r[k].Sub(r[k], new(big.Rat).Mul(f, br[k]))
			}
		}
		p := slices.IndexFunc(r, func(x *big.Rat) bool { return x.Sign() != 0 })
		if p < 0 {
			continue // dependent on the rows kept
		}
		basis = append(basis, r)
		pivots = append(pivots, p)
		row := make([]float64, n)
		rhs := -in.cst[e]
		for k, c := range eq {
			row[k] = c
		}
		rows = append(rows, row)
		f = append(f, rhs)
	}
	A := mat.NewDense(len(rows), n, nil)
	for i, row := range rows {
		A.SetRow(i, row)
	}
	return A, f
}

// bounds minimises and maximises unknown j (as x, not y); points holds the
// x of every solution found, all feasible.
func (in *intruder) bounds(A *mat.Dense, b []float64, j int, points *[][]float64) (lo, hi float64, err error) {
	_, cols := A.Dims()
	n := len(in.vars)
	solve := func(sign float64) (float64, error) {
		c := make([]float64, cols)
		c[j] = sign
		opt, x, err := lp.Simplex(c, A, b, 1e-10, nil)
		if err == nil {
			p := make([]float64, n)
			for k := range p {
				p[k] = x[k]
			}
			*points = append(*points, p)
		}
		return sign * opt, err
	}
	lo, err = solve(1)
	if err != nil {
		return 0, 0, fmt.Errorf("min: %w", err)
	}
	hi, err = solve(-1)
	if errors.Is(err, lp.ErrUnbounded) {
		return lo, math.Inf(1), nil
	}
	if err != nil {
		return 0, 0, fmt.Errorf("max: %w", err)
	}
	return lo, hi, nil
}

// pinned returns the withheld figures the intruder works out to a single
// whole number, and checks that the truth (when given, for the last
// release) lies in the intruder's range.
func pinned(truth *Table, rels ...Release) ([]unknown, error) {
	in := newIntruder(rels...)
	var out []unknown
	if len(in.vars) == 0 {
		return nil, nil
	}
	if len(in.eqs) == 0 || allEmpty(in.eqs) {
		return nil, nil // no equation holds any withheld figure
	}
	A, b := in.program()
	var points [][]float64
	for j, u := range in.vars {
		// Two feasible points already found that differ by 1 or more
		// show the figure is not pinned.
		seenLo, seenHi := math.Inf(1), math.Inf(-1)
		for _, p := range points {
			seenLo, seenHi = min(seenLo, p[j]), max(seenHi, p[j])
		}
		lo, hi := seenLo, seenHi
		solved := !(seenHi-seenLo >= 1-1e-6)
		if solved {
			var err error
			lo, hi, err = in.bounds(A, b, j, &points)
			if err != nil {
				return nil, fmt.Errorf("intruder LP for %+v: %w", u, err)
			}
		}
		// Pinned to 0 is no disclosure: a zero points at nobody.
		if !(hi-lo >= 1-1e-6) && hi > 0.5 {
			out = append(out, u)
		}
		if solved && truth != nil && u.release == len(rels)-1 && u.cell >= 0 {
			v := float64(truth.Cells[u.cell].Count)
			if v < lo-1e-6 || v > hi+1e-6 {
				return nil, fmt.Errorf("true value %g outside the intruder's range [%g, %g]: the test's system is wrong", v, lo, hi)
			}
		}
	}
	return out, nil
}

// attack asserts that no withheld figure of any release is pinned.
func attack(t *testing.T, truth *Table, rels ...Release) {
	t.Helper()
	p, err := pinned(truth, rels...)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) > 0 {
		t.Fatalf("%d withheld figures pinned, first %+v", len(p), p[0])
	}
}

func allEmpty(eqs []map[int]float64) bool {
	for _, eq := range eqs {
		if len(eq) > 0 {
			return false
		}
	}
	return true
}

// noSmallCells asserts that no released non-zero figure is below k.
func noSmallCells(t *testing.T, r Release, k int) {
	t.Helper()
	check := func(what string, c *int64) {
		if c != nil && *c > 0 && *c < int64(k) {
			t.Fatalf("%s released with %d < k = %d", what, *c, k)
		}
	}
	for _, c := range r.Cells {
		check(fmt.Sprint("cell ", c.Values), c.Count)
	}
	for _, m := range r.Margins {
		check("margin "+m.Var+"="+m.Value, m.Count)
	}
	check("total", r.Total.Count)
}

// randomTable draws a cross-tab of dims variables with 2..maxLevels values
// each, mostly small counts, some zeros and some absent combinations.
func randomTable(rng *rand.Rand, dims, maxLevels int) Table {
	t := Table{}
	levels := make([]int, dims)
	for d := range dims {
		t.Vars = append(t.Vars, fmt.Sprintf("v%d", d))
		levels[d] = 2 + rng.IntN(maxLevels-1)
	}
	idx := make([]int, dims)
	for {
		if rng.IntN(8) != 0 { // one combination in eight is absent
			values := make([]string, dims)
			for d, i := range idx {
				values[d] = fmt.Sprintf("x%d", i)
			}
			var n int64
			switch rng.IntN(4) {
			case 0:
				n = 0
			case 1:
				n = int64(1 + rng.IntN(10))
			case 2:
				n = int64(1 + rng.IntN(25))
			default:
				n = int64(rng.IntN(120))
			}
			t.Cells = append(t.Cells, Cell{Values: values, Count: n})
		}
		d := 0
		for d < dims {
			idx[d]++
			if idx[d] < levels[d] {
				break
			}
			idx[d] = 0
			d++
		}
		if d == dims {
			break
		}
	}
	return t
}

func TestAttackRandomTables(t *testing.T) {
	for _, c := range []struct {
		dims, maxLevels, n int
	}{{1, 8, 300}, {2, 6, 1000}, {3, 4, 400}} {
		t.Run(fmt.Sprintf("%d-way", c.dims), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(c.dims), 2026))
			suppressed := 0
			for i := range c.n / scale {
				tab := randomTable(rng, c.dims, c.maxLevels)
				k := []int{3, 5, DefaultK}[i%3]
				r, err := Protect(tab, Policy{Method: Suppression, K: k})
				if err != nil {
					t.Fatalf("table %d: %v", i, err)
				}
				noSmallCells(t, r, k)
				attack(t, &tab, r)
				suppressed += r.Suppressed
			}
			if suppressed == 0 {
				t.Fatal("no cell was ever suppressed: the generator tests nothing")
			}
			t.Logf("%d tables, %d cells suppressed", c.n, suppressed)
		})
	}
}

// The intruder is not blind: primary suppression alone gives cells away,
// and it finds them.
func TestIntruderFindsPrimaryOnly(t *testing.T) {
	tab := Table{Vars: []string{"sex", "list"}, Cells: []Cell{
		{[]string{"f", "a"}, 6}, {[]string{"f", "b"}, 6}, {[]string{"f", "ab"}, 4},
		{[]string{"m", "a"}, 20}, {[]string{"m", "b"}, 30}, {[]string{"m", "ab"}, 12},
	}}
	r := publicRelease(tab, Policy{Method: Suppression, K: 5})
	r.Cells[2].Count, r.Cells[2].Suppressed, r.Suppressed = nil, true, 1
	p, err := pinned(&tab, r)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != 1 || p[0].cell != 2 {
		t.Fatalf("pinned %+v, want the withheld cell 2", p)
	}
	safe, err := Protect(tab, Policy{Method: Suppression, K: 5})
	if err != nil {
		t.Fatal(err)
	}
	if !safe.Cells[2].Suppressed || safe.Suppressed < 2 {
		t.Fatalf("want cell 2 and a complement withheld, got %+v", safe.Cells)
	}
	attack(t, &tab, safe)
}
