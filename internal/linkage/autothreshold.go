package linkage

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mathext"
)

// The automatic threshold is chosen without labels from the Dice scores of
// the candidates: a two-component mixture (non-matches, matches) is fitted
// by expectation-maximisation and the threshold maximising the expected F1
// under the fitted model is taken.
//
// Components are Beta distributions: Dice scores live in [0,1] and are
// skewed near their ends (matches pile up below 1), which a Beta follows
// and a Gaussian does not; a Gaussian on logit scores would need special
// care for the scores of exactly 1 that identical records give. The M-step
// is the method of moments (weighted mean and variance give alpha and beta
// in closed form), the standard, stable choice for Beta mixtures; it needs
// no numerical optimisation.
//
// The expected F1 at threshold t, with w the weight of matches and S0, S1
// the survival functions of the components, is 2wS1/(wS1 + (1-w)S0 + w);
// the estimated precision is wS1/(wS1 + (1-w)S0) and the recall S1.

// AutoMinScores is the fewest scores a mixture is fitted on.
const AutoMinScores = 20

// AutoMinSeparation is the least Ashman's D between the two fitted
// components, |m1-m0| / sqrt((v0+v1)/2): below 2 a mixture of two
// components is not cleanly separated (Ashman et al., 1994), the scores
// look like one population and no threshold can be read from them.
const AutoMinSeparation = 2.0

// AutoFloor is the lowest score considered by Match with the automatic
// threshold (candidates below it are never matches for these encodings);
// AutoFloorBalanced replaces it for balanced encodings, whose unrelated
// records score about 0.5.
const (
	AutoFloor         = 0.30
	AutoFloorBalanced = 0.50
)

// scoreEps keeps scores off 0 and 1, where a Beta density may be infinite.
const scoreEps = 1e-4

// Beta is a Beta(A, B) distribution.
type Beta struct{ A, B float64 }

// Mean of the distribution.
func (d Beta) Mean() float64 { return d.A / (d.A + d.B) }

// Var is the variance.
func (d Beta) Var() float64 {
	s := d.A + d.B
	return d.A * d.B / (s * s * (s + 1))
}

// Survival is P(X >= x).
func (d Beta) Survival(x float64) float64 {
	if x <= 0 {
		return 1
	}
	if x >= 1 {
		return 0
	}
	return 1 - mathext.RegIncBeta(d.A, d.B, x)
}

// logNorm is log(1/B(A,B)), the constant of the log density.
func (d Beta) logNorm() float64 {
	la, _ := math.Lgamma(d.A)
	lb, _ := math.Lgamma(d.B)
	lab, _ := math.Lgamma(d.A + d.B)
	return lab - la - lb
}

// logPDF is the log density at x given logNorm.
func (d Beta) logPDF(x, logNorm float64) float64 {
	return logNorm + (d.A-1)*math.Log(x) + (d.B-1)*math.Log1p(-x)
}

// Mixture is a fitted two-component model of the scores.
type Mixture struct {
	Weight   float64 // share of matches among the scores
	NonMatch Beta
	Match    Beta
}

// ExpectedF1 is the expected F1, precision and recall at threshold t.
func (m Mixture) ExpectedF1(t float64) (f1, precision, recall float64) {
	s1, s0 := m.Match.Survival(t), m.NonMatch.Survival(t)
	tp, fp := m.Weight*s1, (1-m.Weight)*s0
	if tp+fp > 0 {
		precision = tp / (tp + fp)
	} else {
		precision = 1
	}
	return 2 * tp / (tp + fp + m.Weight), precision, s1
}

// AutoThreshold is the threshold chosen from the scores, with the expected
// precision and recall of the candidates at or above it under the model.
type AutoThreshold struct {
	Threshold         float64
	Precision, Recall float64
	Model             Mixture
	Scores            []float64 // the scores the model was fitted on, sorted
}

// ChooseThreshold fits the mixture to scores (Dice coefficients in [0,1])
// and returns the threshold, exact to 1/10000, with the best expected F1.
// It refuses (codes linkage.auto.few, linkage.auto.flat,
// linkage.auto.onecomponent) when the scores cannot tell matches apart; Match
// then falls back to the default threshold.
func ChooseThreshold(scores []float64) (*AutoThreshold, error) {
	return chooseThreshold(scores, nil)
}

// ChooseThresholdAgainst is ChooseThreshold with the non-match component
// fitted beforehand, alone, on nonMatch: scores known to be of non-matches
// (Match uses the second-best candidates of each record). Only the weight
// and the match component are then fitted on scores, which may hold few or
// no non-matches at all: the pairs the one-to-one solver accepts are such
// scores, and their expected F1 is that of the output. Refusals are those of
// ChooseThreshold, for either sample.
func ChooseThresholdAgainst(scores, nonMatch []float64) (*AutoThreshold, error) {
	if len(nonMatch) < AutoMinScores {
		return nil, errf("auto.few", kv{"Count": len(nonMatch), "Min": AutoMinScores})
	}
	ys := clampScores(nonMatch)
	if ys[len(ys)-1]-ys[0] < 1e-3 {
		return nil, errf("auto.flat", kv{"Count": len(ys), "Score": fmtScore(ys[0])})
	}
	f0, _ := momentBeta(ys, make([]float64, len(ys)), true) // every weight 1-0

	// When the scores hold their own non-matches (many records without a
	// match), a free fit models them better than the second-best sample,
	// whose scores are lower than those of a record's best non-match. It
	// is taken only when its lower component sits where non-matches do,
	// within two deviations of the second-best mean; otherwise the free
	// fit has split the matches themselves in two.
	if a, err := chooseThreshold(scores, nil); err == nil && a.Model.NonMatch.Mean() <= f0.Mean()+2*math.Sqrt(f0.Var()) {
		return a, nil
	}
	return chooseThreshold(scores, &f0)
}

func clampScores(scores []float64) []float64 {
	xs := make([]float64, len(scores))
	for i, s := range scores {
		xs[i] = min(max(s, scoreEps), 1-scoreEps)
	}
	slices.Sort(xs)
	return xs
}

func chooseThreshold(scores []float64, nonMatch *Beta) (*AutoThreshold, error) {
	if len(scores) < AutoMinScores {
		return nil, errf("auto.few", kv{"Count": len(scores), "Min": AutoMinScores})
	}
	xs := clampScores(scores)
	if nonMatch == nil && xs[len(xs)-1]-xs[0] < 1e-3 {
		return nil, errf("auto.flat", kv{"Count": len(xs), "Score": fmtScore(xs[0])})
	}
	m, ok := fitMixture(xs, nonMatch)
	d := (m.Match.Mean() - m.NonMatch.Mean()) / math.Sqrt((m.Match.Var()+m.NonMatch.Var())/2)
	if !ok || math.IsNaN(d) || d < AutoMinSeparation || m.Weight*float64(len(xs)) < 1 || (nonMatch == nil && (1-m.Weight)*float64(len(xs)) < 1) {
		return nil, errf("auto.onecomponent", kv{"Count": len(xs), "Separation": strconv.FormatFloat(d, 'f', 2, 64), "Min": AutoMinSeparation})
	}
	best := &AutoThreshold{Model: m, Scores: xs}
	bestF1 := -1.0
	// Thresholds between the two means: outside them the F1 only falls.
	lo, hi := int(m.NonMatch.Mean()*10000), int(math.Ceil(m.Match.Mean()*10000))
	for n := max(lo, 1); n <= min(hi, 10000); n++ {
		t := float64(n) / 10000
		f1, p, r := m.ExpectedF1(t)
		if f1 > bestF1 {
			bestF1 = f1
			best.Threshold, best.Precision, best.Recall = t, p, r
		}
	}
	return best, nil
}

// fitMixture runs EM from an initial split at Otsu's threshold of the
// sorted scores xs; ok is false when a component collapses. A fixed
// non-match component is kept as given, and the weight may then reach 1.
func fitMixture(xs []float64, fixed *Beta) (Mixture, bool) {
	split := otsu(xs)
	resp := make([]float64, len(xs)) // P(match | x)
	for i, x := range xs {
		if x >= split {
			resp[i] = 1
		}
	}
	var m Mixture
	prevLL := math.Inf(-1)
	for iter := 0; iter < 500; iter++ {
		ok0 := true
		if fixed != nil {
			m.NonMatch = *fixed
		} else {
			m.NonMatch, ok0 = momentBeta(xs, resp, true)
		}
		var ok1 bool
		m.Match, ok1 = momentBeta(xs, resp, false)
		var sw float64
		for _, r := range resp {
			sw += r
		}
		m.Weight = sw / float64(len(xs))
		if fixed != nil {
			m.Weight = min(m.Weight, 1-1e-9)
		}
		if !ok0 || !ok1 || m.Weight <= 0 || m.Weight >= 1 {
			return m, false
		}
		lw, lw0 := math.Log(m.Weight)+m.Match.logNorm(), math.Log1p(-m.Weight)+m.NonMatch.logNorm()
		var ll float64
		for i, x := range xs {
			a := m.Match.logPDF(x, lw)
			b := m.NonMatch.logPDF(x, lw0)
			top := max(a, b)
			ll += top + math.Log(math.Exp(a-top)+math.Exp(b-top))
			resp[i] = 1 / (1 + math.Exp(b-a))
		}
		if math.Abs(ll-prevLL) < 1e-8*math.Abs(ll) {
			break
		}
		prevLL = ll
	}
	if fixed == nil && m.Match.Mean() < m.NonMatch.Mean() {
		m.Match, m.NonMatch, m.Weight = m.NonMatch, m.Match, 1-m.Weight
	}
	return m, true
}

// momentBeta fits a Beta by the method of moments to xs weighted by resp
// (or 1-resp when complement).
func momentBeta(xs, resp []float64, complement bool) (Beta, bool) {
	var sw, sx float64
	for i, x := range xs {
		w := resp[i]
		if complement {
			w = 1 - w
		}
		sw += w
		sx += w * x
	}
	if sw < 1e-9 {
		return Beta{}, false
	}
	mean := sx / sw
	var sv float64
	for i, x := range xs {
		w := resp[i]
		if complement {
			w = 1 - w
		}
		sv += w * (x - mean) * (x - mean)
	}
	v := max(sv/sw, 1e-8)
	if v >= mean*(1-mean) { // not a Beta's moments: cap at the widest
		v = mean * (1 - mean) * 0.99
	}
	c := mean*(1-mean)/v - 1
	return Beta{A: mean * c, B: (1 - mean) * c}, true
}

// otsu is the split of sorted xs maximising the between-class variance on a
// 100-bin histogram.
func otsu(xs []float64) float64 {
	const bins = 100
	lo, hi := xs[0], xs[len(xs)-1]
	var h [bins]float64
	for _, x := range xs {
		h[min(int((x-lo)/(hi-lo)*bins), bins-1)]++
	}
	n := float64(len(xs))
	var total float64
	for i, c := range h {
		total += float64(i) * c
	}
	var w0, s0, best float64
	split := bins / 2
	for i := 0; i < bins-1; i++ {
		w0 += h[i]
		s0 += float64(i) * h[i]
		w1 := n - w0
		if w0 == 0 || w1 == 0 {
			continue
		}
		m0, m1 := s0/w0, (total-s0)/w1
		if b := w0 * w1 * (m0 - m1) * (m0 - m1); b > best {
			best, split = b, i+1
		}
	}
	return lo + (hi-lo)*float64(split)/bins
}

// Plot is a text histogram of the scores for a terminal: one line per bin of
// width 1/bins from the lowest score, "0.70-0.72 ######## 123", bars on a
// log scale (matches and non-matches differ in number by orders of
// magnitude), the bin holding the threshold marked with "<".
func (a *AutoThreshold) Plot(bins, width int) []string {
	if len(a.Scores) == 0 || bins <= 0 {
		return nil
	}
	step := 1 / float64(bins)
	first := int(a.Scores[0] / step)
	counts := make([]int, bins-first)
	for _, x := range a.Scores {
		counts[min(int(x/step), bins-1)-first]++
	}
	top := math.Log1p(float64(slices.Max(counts)))
	mark := min(int(a.Threshold/step), bins-1) - first
	out := make([]string, 0, len(counts))
	for i, c := range counts {
		lo := float64(first+i) * step
		bar := int(math.Round(math.Log1p(float64(c)) / top * float64(width)))
		line := fmtScore2(lo) + "-" + fmtScore2(lo+step) + " " + strings.Repeat("#", bar) + strings.Repeat(" ", width-bar) + " " + strconv.Itoa(c)
		if i == mark {
			line += " < " + fmtScore(a.Threshold)
		}
		out = append(out, line)
	}
	return out
}

// Messages are the report of the choice for people.
func (a *AutoThreshold) Messages() []Message {
	return []Message{msg("auto.chosen", kv{"Threshold": fmtScore(a.Threshold),
		"Precision": fmtScore(a.Precision), "Recall": fmtScore(a.Recall), "Scores": len(a.Scores),
		"Weight": strconv.FormatFloat(a.Model.Weight, 'f', 3, 64)})}
}

func fmtScore(x float64) string  { return strconv.FormatFloat(x, 'f', 4, 64) }
func fmtScore2(x float64) string { return strconv.FormatFloat(x, 'f', 2, 64) }
