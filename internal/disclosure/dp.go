package disclosure

import (
	"fmt"

	"github.com/google/differential-privacy/go/v3/dpagg"
	"github.com/google/differential-privacy/go/v3/noise"
)

// noisy releases t with differential privacy: each cell's count gets
// Laplace noise of scale MaxContributions/Epsilon (a person counts once in at
// most MaxContributions cells), and a cell is released only when its noisy
// count passes the library's threshold for Delta, so that whether a
// combination exists at all is private too. Released counts are whole and
// never below 0; the margins and the total are the sums of the released
// cells.
func noisy(t Table, p Policy) (Release, error) {
	l0 := int64(p.MaxContributions)
	if l0 == 0 {
		l0 = 1
	}
	if p.MaxContributions == 0 {
		p.MaxContributions = 1
	}
	r := Release{Vars: append([]string(nil), t.Vars...), Policy: p}
	margins := map[string]int{}
	var total int64
	for _, c := range t.Cells {
		count, err := dpagg.NewCount(&dpagg.CountOptions{
			Epsilon: p.Epsilon, MaxPartitionsContributed: l0, Noise: noise.Laplace()})
		if err != nil {
			return Release{}, fmt.Errorf("disclosure: count: %w", err)
		}
		if err := count.IncrementBy(c.Count); err != nil {
			return Release{}, fmt.Errorf("disclosure: count: %w", err)
		}
		n, err := count.ThresholdedResult(p.Delta)
		if err != nil {
			return Release{}, fmt.Errorf("disclosure: count: %w", err)
		}
		out := Released{Values: append([]string(nil), c.Values...)}
		if n == nil {
			out.Suppressed = true
			r.Suppressed++
		} else {
			v := max(*n, 0)
			out.Count = &v
			total += v
		}
		r.Cells = append(r.Cells, out)
		for vi, x := range c.Values {
			k := key([]string{t.Vars[vi], x})
			i, ok := margins[k]
			if !ok {
				i = len(r.Margins)
				margins[k] = i
				zero := int64(0)
				r.Margins = append(r.Margins, Margin{Var: t.Vars[vi], Value: x, Count: &zero})
			}
			if out.Count != nil {
				*r.Margins[i].Count += *out.Count
			}
		}
	}
	r.Total = Margin{Count: &total}
	return r, nil
}
