package estimate

import (
	"errors"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Fit is a log-linear Poisson model fitted by maximum likelihood to the
// observable combinations of a table.
type Fit struct {
	Terms []Term // two-list interactions; main effects are always in
	// Infinite are the Terms at minus infinity (extended treatment only).
	Infinite []Term
	Beta     []float64 // intercept, main effects, finite interactions
	Mu       []float64 // fitted means of the observable cells, index mask-1
	LogLik   float64   // Poisson log-likelihood
	Deviance float64   // against the saturated model of the observable cells
	// Params counts the parameters, intercept and infinite ones included
	// (SparseMSE adds the latter to its AIC).
	Params int
	Unseen float64 // fitted mean of the all-zero cell, exp(intercept)
	VarInt float64 // variance of the intercept estimate (Wald)
	Iter   int
	lay    layout
}

// Total is the estimated population: the observed plus the unseen.
func (f *Fit) Total(observed int64) float64 { return float64(observed) + f.Unseen }

// AIC is -2 log-likelihood + 2 parameters.
func (f *Fit) AIC() float64 { return -2*f.LogLik + 2*float64(f.Params) }

// BIC is -2 log-likelihood + log(observed) parameters.
func (f *Fit) BIC(observed int64) float64 {
	return -2*f.LogLik + math.Log(float64(observed))*float64(f.Params)
}

// errNoConvergence reports a fit that did not settle; callers should have
// checked existence with CheckModel first, so it signals numerical trouble.
var errNoConvergence = errors.New("estimate: Poisson fit did not converge")

// FitModel fits main effects plus the interactions ts to t. It does not check
// that the estimate exists: use CheckModel first, since when it does not the
// fit drifts towards infinite parameters instead of converging.
func FitModel(t *Table, ts []Term) (*Fit, error) { return fitLayout(t, strictLayout(t, ts)) }

func fitLayout(t *Table, l layout) (*Fit, error) {
	x := sparseOf(l.design(t.NumLists(), true))
	g, err := poissonGLM(x, l.counts(t), nil, nil)
	if err != nil {
		return nil, &Error{Code: "estimate.fit_failed", Params: kv{"Model": modelName(t.lists, l.terms)}}
	}
	mu := make([]float64, 1<<t.NumLists()-1) // cells left out are fitted as 0
	for i, mask := range l.cells {
		mu[mask-1] = g.mu[i]
	}
	return &Fit{
		Terms:    l.terms,
		Infinite: l.infinite,
		Beta:     g.beta,
		Mu:       mu,
		LogLik:   g.loglik,
		Deviance: g.deviance,
		Params:   len(g.beta) + len(l.infinite),
		Unseen:   math.Exp(g.beta[0]),
		VarInt:   g.varFirst,
		Iter:     g.iter,
		lay:      l,
	}, nil
}

// glmResult is the outcome of poissonGLM.
type glmResult struct {
	beta, mu         []float64
	loglik, deviance float64
	varFirst         float64 // [0,0] of the inverse information
	iter             int
}

const (
	glmMaxIter = 200
	glmTol     = 1e-11
)

// poissonGLM maximises the Poisson log-likelihood of y with log mean
// offset + x·beta by Newton's method (which, with the canonical log link, is
// iteratively reweighted least squares), halving steps that lower the
// likelihood. offset and start may be nil.
func poissonGLM(x *sparse, y, offset, start []float64) (*glmResult, error) {
	n, p := len(x.rows), x.p
	eta := make([]float64, n)
	mu := make([]float64, n)
	beta := make([]float64, p)
	off := func(i int) float64 {
		if offset == nil {
			return 0
		}
		return offset[i]
	}

	if start != nil {
		copy(beta, start)
	} else {
		// Weighted least squares on log(y + 0.5), the usual GLM start.
		for i := range n {
			mu[i] = y[i] + 0.5
			eta[i] = math.Log(mu[i]) - off(i)
		}
		if err := wls(x, mu, eta, beta); err != nil {
			return nil, err
		}
	}
	ll := linpred(x, beta, off, eta, mu, y)
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		return nil, errNoConvergence
	}

	score := make([]float64, p)
	step := make([]float64, p)
	trial := make([]float64, p)
	for it := 1; it <= glmMaxIter; it++ {
		// Newton step: (X'WX) step = X'(y - mu), W = diag(mu).
		clear(score)
		for i, cols := range x.rows {
			r := y[i] - mu[i]
			for _, j := range cols {
				score[j] += r
			}
		}
		chol, err := information(x, mu)
		if err != nil {
			return nil, err
		}
		chol.solve(score, step)
		// Step halving keeps the likelihood from falling.
		accepted := false
		for h := 1.0; h > 1e-10; h /= 2 {
			for j := range p {
				trial[j] = beta[j] + h*step[j]
			}
			llNew := linpred(x, trial, off, eta, mu, y)
			if !math.IsNaN(llNew) && llNew >= ll-1e-12*math.Abs(ll) {
				copy(beta, trial)
				done := math.Abs(llNew-ll) <= glmTol*(math.Abs(llNew)+1) && maxAbs(step)*h < 1e-6
				ll = llNew
				accepted = true
				if done {
					return finishGLM(x, y, beta, mu, ll, it)
				}
				break
			}
		}
		if !accepted {
			// No ascent at all: at the maximum up to rounding.
			linpred(x, beta, off, eta, mu, y)
			return finishGLM(x, y, beta, mu, ll, it)
		}
	}
	return nil, errNoConvergence
}

func finishGLM(x *sparse, y, beta, mu []float64, ll float64, iter int) (*glmResult, error) {
	for _, b := range beta {
		if math.IsNaN(b) || math.IsInf(b, 0) || math.Abs(b) > 700 {
			return nil, errNoConvergence
		}
	}
	chol, err := information(x, mu)
	if err != nil {
		return nil, err
	}
	var dev float64
	for i := range y {
		dev += devTerm(y[i], mu[i])
	}
	return &glmResult{
		beta: beta, mu: append([]float64(nil), mu...),
		loglik: ll, deviance: dev, varFirst: chol.inverseFirst(), iter: iter,
	}, nil
}

// linpred fills eta and mu for beta and returns the log-likelihood.
func linpred(x *sparse, beta []float64, off func(int) float64, eta, mu, y []float64) float64 {
	var ll float64
	for i, cols := range x.rows {
		e := off(i)
		for _, j := range cols {
			e += beta[j]
		}
		eta[i] = e
		mu[i] = math.Exp(e)
		ll += poissonLogPMF(y[i], mu[i], e)
	}
	return ll
}

// poissonLogPMF is log P(Y=y) for Y ~ Poisson(mu), logMu = log(mu).
func poissonLogPMF(y, mu, logMu float64) float64 {
	lg, _ := math.Lgamma(y + 1)
	if y == 0 {
		return -mu
	}
	return y*logMu - mu - lg
}

// devTerm is one cell's contribution to the Poisson deviance.
func devTerm(y, mu float64) float64 {
	if y == 0 {
		return 2 * mu
	}
	return 2 * (y*math.Log(y/mu) - (y - mu))
}

// information returns the Cholesky factor of X'WX with W = diag(mu).
func information(x *sparse, mu []float64) (*cholesky, error) {
	p := x.p
	a := make([]float64, p*p)
	for i, cols := range x.rows {
		for ja, j := range cols {
			for _, k := range cols[ja:] { // cols ascending: k >= j
				a[k*p+j] += mu[i] // lower triangle
			}
		}
	}
	c := &cholesky{l: a, p: p}
	if !c.factorize() {
		return nil, errNoConvergence
	}
	return c, nil
}

// wls solves the weighted least squares X'WX b = X'W z into b.
func wls(x *sparse, w, z, b []float64) error {
	p := x.p
	chol, err := information(x, w)
	if err != nil {
		return err
	}
	rhs := make([]float64, p)
	for i, cols := range x.rows {
		for _, j := range cols {
			rhs[j] += w[i] * z[i]
		}
	}
	chol.solve(rhs, b)
	return nil
}

func maxAbs(v []float64) float64 {
	var m float64
	for _, x := range v {
		m = max(m, math.Abs(x))
	}
	return m
}

// sparse is a 0/1 design matrix stored as the nonzero columns of each row,
// ascending: log-linear designs are mostly zeros and the fit is dominated by
// products with them.
type sparse struct {
	rows [][]int
	p    int
}

func sparseOf(x *mat.Dense) *sparse {
	n, p := x.Dims()
	s := &sparse{rows: make([][]int, n), p: p}
	for i := range n {
		for j := range p {
			if x.At(i, j) != 0 {
				s.rows[i] = append(s.rows[i], j)
			}
		}
	}
	return s
}

// cholesky is the factor L (row-major, lower triangle) of a small symmetric
// positive definite matrix. gonum's mat.Cholesky also estimates the condition
// number, which costs more than the whole fit at these sizes.
type cholesky struct {
	l []float64
	p int
}

// factorize overwrites the lower triangle with L; false if not positive
// definite.
func (c *cholesky) factorize() bool {
	p, l := c.p, c.l
	for j := range p {
		d := l[j*p+j]
		for k := range j {
			d -= l[j*p+k] * l[j*p+k]
		}
		if !(d > 0) {
			return false
		}
		d = math.Sqrt(d)
		l[j*p+j] = d
		for i := j + 1; i < p; i++ {
			v := l[i*p+j]
			for k := range j {
				v -= l[i*p+k] * l[j*p+k]
			}
			l[i*p+j] = v / d
		}
	}
	return true
}

// solve sets x to the solution of L L' x = b.
func (c *cholesky) solve(b, x []float64) {
	p, l := c.p, c.l
	for i := range p { // L z = b
		v := b[i]
		for k := range i {
			v -= l[i*p+k] * x[k]
		}
		x[i] = v / l[i*p+i]
	}
	for i := p - 1; i >= 0; i-- { // L' x = z
		v := x[i]
		for k := i + 1; k < p; k++ {
			v -= l[k*p+i] * x[k]
		}
		x[i] = v / l[i*p+i]
	}
}

// inverseFirst returns element [0,0] of the inverse, |L^-1 e_0|^2.
func (c *cholesky) inverseFirst() float64 {
	p, l := c.p, c.l
	z := make([]float64, p)
	var s float64
	for i := range p {
		v := 0.0
		if i == 0 {
			v = 1
		}
		for k := range i {
			v -= l[i*p+k] * z[k]
		}
		z[i] = v / l[i*p+i]
		s += z[i] * z[i]
	}
	return s
}
