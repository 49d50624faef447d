package estimate

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize/convex/lp"
)

// Check is the outcome of the existence and identifiability checks of a
// model on a table (Fienberg and Rinaldo 2012; Chan, Silverman and Vincent
// 2019).
type Check struct {
	// Exists is true when the linear program finds strictly positive cell
	// means with the same sufficient statistics as the data, so that the
	// maximum likelihood estimate is finite.
	Exists bool
	// LPValue is the optimum of the linear program: the largest smallest
	// cell mean achievable, with the counts scaled to average 1 per cell.
	// Zero means the estimate does not exist.
	LPValue float64
	// LPFailed is true when the simplex failed numerically; Exists is then
	// false.
	LPFailed bool
	// Identifiable is true when the design matrix over the observable
	// combinations has full column rank.
	Identifiable bool
	Rank, Params int
	// EmptyPairs are the interactions of the model whose two lists share
	// nobody: each one alone makes the estimate non-existent.
	EmptyPairs []Term
}

// OK reports whether the model can be fitted.
func (c Check) OK() bool { return c.Exists && c.Identifiable }

// Reason explains why the model cannot be fitted, or is nil when it can.
func (c Check) Reason(t *Table, ts []Term) *Error {
	name := modelName(t.lists, ts)
	switch {
	case !c.Identifiable:
		return inputErr("unidentifiable", kv{"Model": name, "Rank": c.Rank, "Params": c.Params})
	case len(c.EmptyPairs) > 0:
		p := c.EmptyPairs[0]
		return inputErr("no_overlap", kv{"Model": name, "A": t.lists[p.I], "B": t.lists[p.J], "Term": p.Name(t.lists)})
	case c.LPFailed:
		return inputErr("lp_failed", kv{"Model": name})
	case !c.Exists:
		return inputErr("no_mle", kv{"Model": name})
	}
	return nil
}

// lpExistTol is the smallest LP optimum taken as positive. Counts are scaled
// to average 1 per cell, so genuine optima are far larger.
const lpExistTol = 1e-7

// CheckModel runs both checks for main effects plus the interactions ts.
//
// Identifiability: the rank of the design matrix over all 2^m - 1
// observable combinations (zero counts included; only the all-zero
// combination is missing), as in SparseMSE's buildmodelmatrix.
//
// Existence: with A the design matrix and n the counts, the maximum likelihood
// estimate exists if and only if some strictly positive y has A'y = A'n. The
// linear program
//
//	maximise s  subject to  A'(s·1 + w) = A'n,  s >= 0,  w >= 0
//
// has optimum s > 0 exactly then (SparseMSE's checkident, with y = s + w
// substituted to keep the program small). It is solved with gonum's simplex.
func CheckModel(t *Table, ts []Term) Check { return checkLayout(t, strictLayout(t, ts)) }

// checkDesign runs the rank and LP checks for design x (intercept first) and
// counts y of its rows.
func checkDesign(x *mat.Dense, y []float64) Check {
	n, p := x.Dims()
	c := Check{Params: p}
	keep := independentColumns(x)
	c.Rank = len(keep)
	c.Identifiable = c.Rank == p

	// Sufficient statistics A'n scaled so that the counts average 1 per cell.
	var total float64
	for _, v := range y {
		total += v
	}
	if total <= 0 {
		return c
	}
	scale := float64(n) / total
	r := len(keep)
	a := mat.NewDense(r, n+1, nil)
	b := make([]float64, r)
	for k, j := range keep {
		var colSum, stat float64
		for i := range n {
			v := x.At(i, j)
			colSum += v
			stat += v * y[i]
			a.Set(k, 1+i, v)
		}
		a.Set(k, 0, colSum)
		b[k] = stat * scale
	}
	obj := make([]float64, n+1)
	obj[0] = -1 // minimise -s
	opt, _, err := lp.Simplex(obj, a, b, 1e-12, nil)
	if err != nil {
		c.LPFailed = true
		return c
	}
	c.LPValue = -opt
	c.Exists = c.LPValue > lpExistTol
	return c
}

// independentColumns returns a maximal set of linearly independent columns of
// x, chosen left to right by Gram-Schmidt; its size is the rank.
func independentColumns(x *mat.Dense) []int {
	n, p := x.Dims()
	var basis [][]float64
	var keep []int
	v := make([]float64, n)
	for j := range p {
		mat.Col(v, j, x)
		norm0 := math.Sqrt(dot(v, v))
		// Two passes of modified Gram-Schmidt for stability.
		for range 2 {
			for _, q := range basis {
				d := dot(v, q)
				for i := range v {
					v[i] -= d * q[i]
				}
			}
		}
		norm := math.Sqrt(dot(v, v))
		if norm <= 1e-9*max(norm0, 1) {
			continue
		}
		q := make([]float64, n)
		for i := range v {
			q[i] = v[i] / norm
		}
		basis = append(basis, q)
		keep = append(keep, j)
	}
	return keep
}

func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}
