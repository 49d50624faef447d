package linkage

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// drawMixture draws n scores: a share w from match, the rest from nonMatch.
func drawMixture(seed uint64, n int, w float64, nonMatch, match Beta) []float64 {
	src := rand.NewPCG(seed, 7)
	r := rand.New(src)
	b0 := distuv.Beta{Alpha: nonMatch.A, Beta: nonMatch.B, Src: src}
	b1 := distuv.Beta{Alpha: match.A, Beta: match.B, Src: src}
	out := make([]float64, n)
	for i := range out {
		if r.Float64() < w {
			out[i] = b1.Rand()
		} else {
			out[i] = b0.Rand()
		}
	}
	return out
}

// bestF1 is the F1-optimal threshold of a known mixture, on the 1/10000 grid.
func bestF1(m Mixture) float64 {
	best, bt := -1.0, 0.0
	for n := 1; n <= 10000; n++ {
		if f, _, _ := m.ExpectedF1(float64(n) / 10000); f > best {
			best, bt = f, float64(n)/10000
		}
	}
	return bt
}

// The fitted threshold lands near the true F1-optimal threshold of the
// distributions the scores were drawn from, and its estimated precision and
// recall are those the true distributions give at that threshold.
func TestChooseThresholdKnownMixtures(t *testing.T) {
	cases := []struct {
		name string
		true Mixture
	}{
		{"separated, few matches", Mixture{Weight: 0.2, NonMatch: Beta{8, 12}, Match: Beta{40, 4}}},
		{"overlapping, half matches", Mixture{Weight: 0.5, NonMatch: Beta{12, 12}, Match: Beta{18, 4}}},
		{"dirty five-field data", Mixture{Weight: 0.35, NonMatch: Beta{20, 15}, Match: Beta{30, 5}}},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			scores := drawMixture(uint64(i+1), 20000, c.true.Weight, c.true.NonMatch, c.true.Match)
			got, err := ChooseThreshold(scores)
			if err != nil {
				t.Fatal(err)
			}
			want := bestF1(c.true)
			_, tp, tr := c.true.ExpectedF1(got.Threshold)
			t.Logf("threshold %.4f (true optimum %.4f); precision %.4f (true %.4f), recall %.4f (true %.4f); fitted %+v",
				got.Threshold, want, got.Precision, tp, got.Recall, tr, got.Model)
			if math.Abs(got.Threshold-want) > 0.02 {
				t.Errorf("threshold %.4f, true F1 optimum %.4f", got.Threshold, want)
			}
			if math.Abs(got.Precision-tp) > 0.03 || math.Abs(got.Recall-tr) > 0.03 {
				t.Errorf("estimated precision %.4f recall %.4f, true %.4f %.4f", got.Precision, got.Recall, tp, tr)
			}
			if math.Abs(got.Model.Weight-c.true.Weight) > 0.03 {
				t.Errorf("weight %.3f, true %.3f", got.Model.Weight, c.true.Weight)
			}
		})
	}
}

// Scores that cannot tell matches apart are refused with a code, never
// given a threshold read from noise.
func TestChooseThresholdDegenerate(t *testing.T) {
	equal := make([]float64, 500)
	for i := range equal {
		equal[i] = 0.73
	}
	cases := []struct {
		name   string
		scores []float64
		code   string
	}{
		{"empty", nil, "linkage.auto.few"},
		{"too few", []float64{0.2, 0.9, 0.3}, "linkage.auto.few"},
		{"all equal", equal, "linkage.auto.flat"},
		{"one component", drawMixture(9, 5000, 0, Beta{6, 10}, Beta{6, 10}), "linkage.auto.onecomponent"},
		{"one narrow component", drawMixture(10, 5000, 0, Beta{60, 30}, Beta{60, 30}), "linkage.auto.onecomponent"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := ChooseThreshold(c.scores)
			var le *Error
			if !errors.As(err, &le) || le.Code != c.code {
				t.Fatalf("got %+v, %v; want error %s", got, err, c.code)
			}
		})
	}
}

// The plot covers every score once and marks the threshold's bin.
func TestAutoThresholdPlot(t *testing.T) {
	scores := drawMixture(3, 2000, 0.3, Beta{8, 12}, Beta{40, 4})
	a, err := ChooseThreshold(scores)
	if err != nil {
		t.Fatal(err)
	}
	lines := a.Plot(50, 30)
	total, marked := 0, 0
	for _, l := range lines {
		f := strings.Fields(strings.Split(l, " < ")[0])
		n := 0
		for _, r := range f[len(f)-1] {
			n = n*10 + int(r-'0')
		}
		total += n
		if strings.Contains(l, " < "+fmtScore(a.Threshold)) {
			marked++
			lo := l[:4]
			if lo > fmtScore2(a.Threshold) {
				t.Errorf("threshold %.4f marked on bin %q", a.Threshold, l)
			}
		}
	}
	if total != len(scores) || marked != 1 {
		t.Errorf("plot counts %d of %d scores, %d marked lines:\n%s", total, len(scores), marked, strings.Join(lines, "\n"))
	}
}

// With the non-match component fitted on its own sample, the accepted
// pairs may be mostly or only matches: the threshold and estimates still
// follow the true distributions, and a set of matches alone is not refused.
func TestChooseThresholdAgainstKnown(t *testing.T) {
	f0, f1 := Beta{30, 20}, Beta{25, 3}
	nonMatch := drawMixture(11, 5000, 0, f0, f0)
	for i, w := range []float64{0.6, 0.9, 1} {
		truth := Mixture{Weight: w, NonMatch: f0, Match: f1}
		scores := drawMixture(uint64(20+i), 5000, w, f0, f1)
		got, err := ChooseThresholdAgainst(scores, nonMatch)
		if err != nil {
			t.Fatalf("weight %.2f: %v", w, err)
		}
		_, tp, tr := truth.ExpectedF1(got.Threshold)
		t.Logf("weight %.2f: threshold %.4f (true optimum %.4f), precision %.4f (true %.4f), recall %.4f (true %.4f)",
			w, got.Threshold, bestF1(truth), got.Precision, tp, got.Recall, tr)
		if w < 1 && math.Abs(got.Threshold-bestF1(truth)) > 0.02 {
			t.Errorf("weight %.2f: threshold %.4f, true optimum %.4f", w, got.Threshold, bestF1(truth))
		}
		if math.Abs(got.Precision-tp) > 0.03 || math.Abs(got.Recall-tr) > 0.03 {
			t.Errorf("weight %.2f: estimated precision %.4f recall %.4f, true %.4f %.4f", w, got.Precision, got.Recall, tp, tr)
		}
	}
	if _, err := ChooseThresholdAgainst(drawMixture(30, 5000, 0, f0, f0), nonMatch); err == nil {
		t.Error("non-matches alone were given a threshold")
	}
	if _, err := ChooseThresholdAgainst(drawMixture(31, 100, 1, f0, f1), nonMatch[:5]); err == nil {
		t.Error("five non-match scores were enough to fit a component")
	}
}

// On generated five-field records (half the people shared, a typo in one
// name of the second party's copy) Match with the automatic threshold finds
// the shared people, and the precision and recall it estimates are within
// 0.03 of the measured ones.
func TestMatchAutoOnGeneratedRecords(t *testing.T) {
	encs := plantedParties(t, 2, 2000, 1000, 42)
	res, err := Match(encs, MatchOptions{Auto: true, Blocking: BlockNone})
	if err != nil {
		t.Fatal(err)
	}
	if res.AutoFallback != nil || res.Auto == nil {
		t.Fatalf("no automatic threshold: %v", res.AutoFallback)
	}
	found, correct := 0, 0
	for _, g := range res.Groups {
		if len(g) == 2 {
			found++
			if encs[0].IDs[g[0].Record] == encs[1].IDs[g[1].Record] {
				correct++
			}
		}
	}
	p, r := float64(correct)/float64(found), float64(correct)/1000
	t.Logf("threshold %.4f: precision %.4f recall %.4f, estimated %.4f %.4f", res.Threshold, p, r, res.Auto.Precision, res.Auto.Recall)
	if p < 0.97 || r < 0.97 {
		t.Errorf("precision %.4f recall %.4f at threshold %.4f", p, r, res.Threshold)
	}
	if math.Abs(res.Auto.Precision-p) > 0.03 || math.Abs(res.Auto.Recall-r) > 0.03 {
		t.Errorf("estimated precision %.4f recall %.4f, measured %.4f %.4f", res.Auto.Precision, res.Auto.Recall, p, r)
	}
	if res.Threshold != res.Auto.Threshold {
		t.Errorf("matched at %.4f, chose %.4f", res.Threshold, res.Auto.Threshold)
	}
}

// The best non-match of a record without a match scores higher than the
// second-best candidates of other records: when the accepted pairs hold
// many such non-matches, their own lower component is fitted (the
// second-best sample would hand its upper tail to the matches), and the
// threshold still lands at the true optimum.
func TestChooseThresholdAgainstShiftedNonMatches(t *testing.T) {
	second := drawMixture(41, 2000, 0, Beta{60, 40}, Beta{60, 40})               // mean 0.60, sd 0.05
	truth := Mixture{Weight: 0.35, NonMatch: Beta{26, 14}, Match: Beta{40, 1.5}} // non-matches mean 0.65, sd 0.075
	scores := drawMixture(42, 600, truth.Weight, truth.NonMatch, truth.Match)
	got, err := ChooseThresholdAgainst(scores, second)
	if err != nil {
		t.Fatal(err)
	}
	_, tp, tr := truth.ExpectedF1(got.Threshold)
	t.Logf("threshold %.4f (true optimum %.4f), precision %.4f (true %.4f), recall %.4f (true %.4f)",
		got.Threshold, bestF1(truth), got.Precision, tp, got.Recall, tr)
	if math.Abs(got.Threshold-bestF1(truth)) > 0.03 {
		t.Errorf("threshold %.4f, true optimum %.4f", got.Threshold, bestF1(truth))
	}
	if math.Abs(got.Precision-tp) > 0.03 || math.Abs(got.Recall-tr) > 0.03 {
		t.Errorf("estimated precision %.4f recall %.4f, true %.4f %.4f", got.Precision, got.Recall, tp, tr)
	}
}
