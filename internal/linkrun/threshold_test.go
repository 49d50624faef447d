package linkrun

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage"
)

func TestChoice(t *testing.T) {
	scores := []float64{0.31, 0.33, 0.52, 0.9, 0.91, 0.99, 1}
	res := &linkage.Result{Threshold: 0.8, Auto: &linkage.AutoThreshold{Threshold: 0.8, Precision: 0.97, Recall: 0.95, Scores: scores}}
	c := Choice(res)
	if !c.Auto || c.Precision != 0.97 || c.Recall != 0.95 || c.Scores != 7 || c.Reason != "" {
		t.Errorf("auto choice: %+v", c)
	}
	// Bins of 0.02 from 0.30: 0.31 and 0.33 in the first two, 1 in the last (0.98-1.00).
	h := c.Histogram
	if h.From != 0.30 || len(h.Counts) != 35 || h.Counts[0] != 1 || h.Counts[1] != 1 || h.Counts[11] != 1 || h.Counts[34] != 2 {
		t.Errorf("histogram: %+v", h)
	}
	total := 0
	for _, n := range h.Counts {
		total += n
	}
	if total != len(scores) {
		t.Errorf("histogram holds %d scores, want %d", total, len(scores))
	}

	_, err := linkage.ChooseThreshold(make([]float64, 5))
	c = Choice(&linkage.Result{Threshold: Threshold, AutoFallback: err})
	if c.Auto || c.Reason != "few" || c.Scores != 5 || c.Threshold != Threshold || len(c.Histogram.Counts) != 0 {
		t.Errorf("fallback: %+v", c)
	}
	if c := Choice(&linkage.Result{Threshold: 0.7}); c.Auto || c.Reason != "fixed" {
		t.Errorf("fixed threshold: %+v", c)
	}
}
