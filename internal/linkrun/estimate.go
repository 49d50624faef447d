package linkrun

import (
	"errors"
	"sort"
	"strings"

	"github.com/passerelle-org/passerelle/internal/estimate"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// Estimate is the multiple-systems estimate of one stratum, or why there is
// none (NotEnough).
type Estimate struct {
	Dimension, Value string // "" for everyone
	Lists            []string
	Observed         int
	NotEnough        bool
	Result           *estimate.Result
	Err              error // a refusal of the estimate package (a message code)
}

// EstimateCounts runs the stepwise estimate on counts over lists (the
// parties' names in pattern order). Lists nobody is on are left out; fewer
// than two lists with people, or fewer than MinEstimateSeen people, is "not
// enough data".
func EstimateCounts(lists []string, c Counts) Estimate {
	e := Estimate{Observed: c.Total()}
	used := []int{}
	for i := range lists {
		for p, n := range c {
			if n > 0 && i < len(p) && p[i] == '1' {
				used = append(used, i)
				break
			}
		}
	}
	for _, i := range used {
		e.Lists = append(e.Lists, lists[i])
	}
	if len(used) < 2 || e.Observed < MinEstimateSeen {
		e.NotEnough = true
		return e
	}
	var cells []estimate.Cell
	for p, n := range c {
		pat := make([]bool, len(used))
		any := false
		for k, i := range used {
			pat[k] = i < len(p) && p[i] == '1'
			any = any || pat[k]
		}
		if any && n > 0 {
			cells = append(cells, estimate.Cell{Pattern: pat, Count: int64(n)})
		}
	}
	// Cells that differ only on unused lists fold into one pattern.
	cells = fold(cells)
	t, err := estimate.NewTable(e.Lists, cells)
	if err != nil {
		e.Err = err
		return e
	}
	e.Result, e.Err = estimate.Estimate(t, estimate.DefaultOptions())
	return e
}

func fold(cells []estimate.Cell) []estimate.Cell {
	key := func(p []bool) string {
		b := make([]byte, len(p))
		for i, v := range p {
			b[i] = '0'
			if v {
				b[i] = '1'
			}
		}
		return string(b)
	}
	sum := map[string]int{}
	byKey := map[string][]bool{}
	for _, c := range cells {
		k := key(c.Pattern)
		sum[k] += int(c.Count)
		byKey[k] = c.Pattern
	}
	keys := make([]string, 0, len(sum))
	for k := range sum {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]estimate.Cell, len(keys))
	for i, k := range keys {
		out[i] = estimate.Cell{Pattern: byKey[k], Count: int64(sum[k])}
	}
	return out
}

// EstimateAll gives the estimate over everyone, then one per stratum value
// of each dimension (values sorted).
func EstimateAll(lists []string, r Results) []Estimate {
	lists = ListNames(lists)
	out := []Estimate{EstimateCounts(lists, r.Overall)}
	for _, d := range Dimensions {
		vals := make([]string, 0, len(r.Strata[d]))
		for v := range r.Strata[d] {
			vals = append(vals, v)
		}
		sort.Strings(vals)
		for _, v := range vals {
			e := EstimateCounts(lists, r.Strata[d][v])
			e.Dimension, e.Value = d, v
			out = append(out, e)
		}
	}
	return out
}

// ListNames makes organisation names usable as list names: the estimate
// package separates model terms with ':' and ',', so those become spaces.
func ListNames(names []string) []string {
	out := make([]string, len(names))
	r := strings.NewReplacer(":", " ", ",", " ")
	for i, n := range names {
		out[i] = strings.Join(strings.Fields(r.Replace(n)), " ")
	}
	return out
}

// EstimateText is an estimate's labels and caveats in one language, as the
// pages and the API show them.
type EstimateText struct {
	Model, Method, Interval string
	Caveats                 []string
	// Error is the estimate package's refusal in that language; Failed
	// reports any other failure, which the caller words itself.
	Error  string
	Failed bool
}

// Text words e in lang (a language of internal/i18n). Nothing is set when
// there is not enough data.
func (e Estimate) Text(lang string) EstimateText {
	var t EstimateText
	switch {
	case e.NotEnough:
	case e.Err != nil:
		var ee *estimate.Error
		if errors.As(e.Err, &ee) {
			t.Error = i18n.Text(lang, ee)
		} else {
			t.Failed = true
		}
	case e.Result != nil:
		x := e.Result
		t.Model, t.Method, t.Interval = i18n.Text(lang, x.ModelLabel()), i18n.Text(lang, x.MethodLabel()), i18n.Text(lang, x.IntervalLabel())
		for _, c := range x.Caveats() {
			t.Caveats = append(t.Caveats, i18n.Text(lang, c))
		}
	}
	return t
}
