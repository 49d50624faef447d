package legislation

// GapArticle is one article with the requirements of it that are not in
// line, in catalogue order.
type GapArticle struct {
	Instrument Instrument
	Article    string
	Findings   []Finding
}

// Gaps returns what remains to be done: the requirements of the catalogue
// whose status is not in_line (partly, not_in_line, and unknown, which
// includes those not assessed yet), grouped by instrument and article in
// catalogue order. An assessment with everything in line has no gaps.
func (a Assessment) Gaps() []GapArticle {
	var out []GapArticle
	for _, f := range a.Findings() {
		if f.Item.Status == InLine {
			continue
		}
		r := f.Requirement
		if n := len(out); n == 0 || out[n-1].Instrument != r.Instrument || out[n-1].Article != r.Article {
			out = append(out, GapArticle{Instrument: r.Instrument, Article: r.Article})
		}
		out[len(out)-1].Findings = append(out[len(out)-1].Findings, f)
	}
	return out
}

// GapCount is the number of requirements in the gaps.
func GapCount(gs []GapArticle) int {
	n := 0
	for _, g := range gs {
		n += len(g.Findings)
	}
	return n
}
