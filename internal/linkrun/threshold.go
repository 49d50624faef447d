package linkrun

import (
	"errors"
	"math"
	"strings"

	"github.com/passerelle-org/passerelle/internal/linkage"
)

// ThresholdChoice is how a run's Dice threshold was set: chosen from the
// scores (Auto, with the model's estimated precision and recall), or the
// fixed Threshold because the scores could not tell matches apart (Reason
// says why: "few", "flat" or "onecomponent"; "fixed" when no choice was
// asked). Histogram counts the pairs the
// solver accepted by score, an aggregate that names nobody.
type ThresholdChoice struct {
	Threshold float64   `json:"threshold"`
	Auto      bool      `json:"auto"`
	Precision float64   `json:"precision,omitempty"`
	Recall    float64   `json:"recall,omitempty"`
	Reason    string    `json:"reason,omitempty"`
	Scores    int       `json:"scores,omitempty"` // how many scores the choice looked at
	Histogram Histogram `json:"histogram"`
}

// Histogram is counts of scores in bins of width Step from From.
type Histogram struct {
	From   float64 `json:"from"`
	Step   float64 `json:"step"`
	Counts []int   `json:"counts,omitempty"`
}

// HistogramStep is the width of a score bin.
const HistogramStep = 0.02

// Choice is the threshold choice of a Match run with MatchOptions.Auto.
func Choice(res *linkage.Result) ThresholdChoice {
	c := ThresholdChoice{Threshold: res.Threshold, Auto: res.Auto != nil && res.AutoFallback == nil}
	if res.Auto == nil && res.AutoFallback == nil {
		c.Reason = "fixed"
		return c
	}
	if c.Auto {
		c.Precision, c.Recall, c.Scores = res.Auto.Precision, res.Auto.Recall, len(res.Auto.Scores)
		c.Histogram = histogram(res.Auto.Scores)
		return c
	}
	c.Reason = "onecomponent"
	var le *linkage.Error
	if errors.As(res.AutoFallback, &le) {
		c.Reason = strings.TrimPrefix(le.Code, "linkage.auto.")
		if n, ok := le.Params["Count"].(int); ok {
			c.Scores = n
		}
	}
	return c
}

// histogram bins sorted scores from the bin of the lowest.
func histogram(sorted []float64) Histogram {
	h := Histogram{Step: HistogramStep}
	if len(sorted) == 0 {
		return h
	}
	bin := func(x float64) int { return int(math.Floor(x/HistogramStep + 1e-9)) }
	first, last := bin(sorted[0]), min(bin(sorted[len(sorted)-1]), int(1/HistogramStep)-1)
	h.From = float64(first) * HistogramStep
	h.Counts = make([]int, last-first+1)
	for _, x := range sorted {
		h.Counts[min(bin(x), last)-first]++
	}
	return h
}
