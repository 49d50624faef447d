package disclosure

import (
	"fmt"
	"math"
	"testing"
)

// The noise of differentially private counts follows the Laplace law the
// policy states: scale b = MaxContributions / epsilon, mean 0, variance
// 2b², P(|e| > b ln 10) = 1/10. The library draws from crypto/rand, so no
// seed: each check allows 6 standard errors of its statistic over n draws
// (normal approximation), a false failure about 2e-9 each, under 1e-8 for
// the test. Counts are far above the selection threshold, so no cell is
// left out and the errors are not truncated.
func TestDifferentialNoiseIsLaplace(t *testing.T) {
	for _, c := range []struct {
		eps   float64
		l0    int
		cells int
	}{{0.1, 1, 2000}, {0.5, 2, 2000}} {
		t.Run(fmt.Sprintf("eps=%g,L0=%d", c.eps, c.l0), func(t *testing.T) {
			const reps = 10
			tab := Table{Vars: []string{"cell"}}
			for i := range c.cells {
				tab.Cells = append(tab.Cells, Cell{Values: []string{fmt.Sprint(i)}, Count: 10000})
			}
			p := Policy{Method: Differential, Epsilon: c.eps, Delta: 1e-6, MaxContributions: c.l0}
			b := float64(c.l0) / c.eps
			var errs []float64
			for range reps {
				r, err := Protect(tab, p)
				if err != nil {
					t.Fatal(err)
				}
				if r.Suppressed != 0 {
					t.Fatalf("%d cells of 10000 people left out", r.Suppressed)
				}
				var sum int64
				for i, cell := range r.Cells {
					errs = append(errs, float64(*cell.Count-tab.Cells[i].Count))
					sum += *cell.Count
				}
				if *r.Total.Count != sum {
					t.Fatalf("total %d is not the sum of the cells %d", *r.Total.Count, sum)
				}
			}
			n := float64(len(errs))
			var mean, m2 float64
			tail := 0.0
			for _, e := range errs {
				mean += e / n
				if math.Abs(e) > b*math.Ln10 {
					tail++
				}
			}
			for _, e := range errs {
				m2 += (e - mean) * (e - mean) / (n - 1)
			}
			variance := 2 * b * b
			// Rounding to whole numbers adds at most 1/12 to the variance
			// and moves the tail by half a unit.
			if se := math.Sqrt(variance / n); math.Abs(mean) > 6*se {
				t.Errorf("mean error %.3f, want 0 ± %.3f", mean, 6*se)
			}
			// The variance of the sample variance of a Laplace law is
			// (mu4 - sigma^4)/n = 5 sigma^4 / n.
			if se := variance * math.Sqrt(5/n); math.Abs(m2-variance-1.0/12) > 6*se {
				t.Errorf("error variance %.1f, want %.1f ± %.1f", m2, variance, 6*se)
			}
			q := tail / n
			want := math.Exp(-(math.Floor(b*math.Ln10) + 0.5) / b)
			if se := math.Sqrt(want * (1 - want) / n); math.Abs(q-want) > 6*se+0.005 {
				t.Errorf("share of errors beyond b ln 10: %.4f, want %.4f ± %.4f", q, want, 6*se+0.005)
			}
			t.Logf("n=%g mean=%.3f variance=%.1f (want %.1f) tail=%.4f (want %.4f)", n, mean, m2, variance, q, want)
		})
	}
}

// A combination of one person is not released with a tight budget: private
// selection leaves it out (the probability of keeping it is at most delta).
func TestDifferentialSelectsPartitions(t *testing.T) {
	tab := Table{Vars: []string{"a"}, Cells: []Cell{{[]string{"x"}, 1}, {[]string{"y"}, 5000}}}
	p := Policy{Method: Differential, Epsilon: 1, Delta: 1e-9}
	for range 200 {
		r, err := Protect(tab, p)
		if err != nil {
			t.Fatal(err)
		}
		if !r.Cells[0].Suppressed || r.Cells[1].Suppressed || r.Suppressed != 1 {
			t.Fatalf("%+v", r.Cells)
		}
		if *r.Cells[1].Count < 0 {
			t.Fatal("negative count")
		}
	}
}
