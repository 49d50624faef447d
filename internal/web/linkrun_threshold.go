package web

import (
	"html/template"
	"math"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// thresholdView is how a run's threshold was set, in plain words, with the
// distribution of scores and the threshold on it.
type thresholdView struct {
	Text   []string
	Chart  template.HTML
	Scores int
}

// runThreshold words c for the page; nil (runs matched before thresholds
// were kept) shows nothing.
func (s *Server) runThreshold(r *http.Request, c *linkrun.ThresholdChoice) *thresholdView {
	if c == nil {
		return nil
	}
	lang := langOf(r)
	thr := i18n.Number(lang, c.Threshold, 2)
	v := &thresholdView{Scores: c.Scores}
	if !c.Auto {
		v.Text = []string{
			s.t(r, "network.threshold.fallback."+c.Reason, map[string]any{"Count": c.Scores}),
			s.t(r, "network.threshold.fixed", map[string]any{"Threshold": thr}),
		}
		return v
	}
	pct := func(x float64) string { return i18n.Number(lang, math.Floor(x*1000)/10, 1) }
	v.Text = []string{
		s.t(r, "network.threshold.auto", map[string]any{"Threshold": thr, "Scores": c.Scores}),
		s.t(r, "network.threshold.precision", map[string]any{"Percent": pct(c.Precision)}),
		s.t(r, "network.threshold.recall", map[string]any{"Percent": pct(c.Recall)}),
	}
	h := c.Histogram
	if len(h.Counts) == 0 {
		return v
	}
	lc := chart.LineChart{Title: s.t(r, "network.threshold.chart_title", nil), Desc: s.t(r, "network.threshold.chart_desc", map[string]any{"Threshold": thr}),
		Unit: s.t(r, "network.threshold.chart_unit", nil), Series: []chart.Series{{Label: s.t(r, "network.threshold.chart_series", nil)}}}
	for i, n := range h.Counts {
		lc.X = append(lc.X, i18n.Number(lang, h.From+float64(i)*h.Step, 2))
		lc.Series[0].Values = append(lc.Series[0].Values, float64(n))
		lc.Series[0].Display = append(lc.Series[0].Display, i18n.Number(lang, float64(n), 0))
	}
	// Each X position is the lower edge of its bin.
	lc.Mark = &chart.Mark{At: (c.Threshold - h.From) / h.Step, Label: s.t(r, "network.threshold.mark", map[string]any{"Threshold": thr})}
	v.Chart = chart.Lines(lc)
	return v
}
