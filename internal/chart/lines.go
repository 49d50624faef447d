package chart

import (
	"cmp"
	"fmt"
	"html/template"
	"math"
	"slices"
	"strconv"
	"strings"
)

// Series is one line: its label, one value per X position, and which of
// them are missing (a gap in the line, never a guessed point). Display, when
// given, is the caller's text for each value, shown on hover and to screen
// readers at the point.
type Series struct {
	Label   string
	Values  []float64
	Missing []bool
	Display []string
}

// LineChart is lines over time (or any ordered X), each labelled directly at
// its last point and in a legend that shows its colour, dash and marker.
type LineChart struct {
	Title, Desc string
	X           []string // the caller's labels of the X positions
	Series      []Series
	// YFormat writes the Y axis' tick values; the caller passes its
	// locale's number format. Without it ticks are plain digits.
	YFormat func(float64) string
	Unit    string // printed above the Y axis, already translated
	Mark    *Mark  // a vertical line across the plot, or none
}

// Mark is a vertical line at a position between X positions (0 is the
// first, len(X)-1 the last; 2.5 halfway between the third and the fourth),
// labelled at its top: a threshold on a distribution, say.
type Mark struct {
	At    float64
	Label string
}

// Line chart geometry in viewBox units.
const (
	linesWidth   = 440.0
	linesPlotTop = 28.0
	linesPlotH   = 220.0
	linesLegendH = 22.0
	markerR      = 4.0
	maxMarked    = 24 // X positions up to which every value has a marker
)

func (s Series) missing(i int) bool {
	return i >= len(s.Values) || (i < len(s.Missing) && s.Missing[i]) || !usable(s.Values[i])
}

// Lines renders c as an inline SVG element.
func Lines(c LineChart) template.HTML {
	id := prefix("lines")
	format := c.YFormat
	if format == nil {
		format = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range c.Series {
		for i := range c.X {
			if !s.missing(i) {
				lo, hi = math.Min(lo, s.Values[i]), math.Max(hi, s.Values[i])
			}
		}
	}
	if lo > hi { // no value at all
		lo, hi = 0, 1
	}
	ticks := niceTicks(math.Min(lo, 0), hi, 5)
	ymin, ymax := ticks[0], ticks[len(ticks)-1]

	tickW := 0.0
	for _, t := range ticks {
		tickW = math.Max(tickW, textWidth(format(t)))
	}
	labelW := 0.0
	for _, s := range c.Series {
		labelW = math.Max(labelW, textWidth(s.Label))
	}
	left := tickW + 10
	right := linesWidth - 8 - math.Min(labelW+12, linesWidth/3)
	plotB := linesPlotTop + linesPlotH
	h := plotB + 30 + linesLegendH*float64(len(c.Series)) + 4

	xAt := func(i int) float64 {
		if len(c.X) <= 1 {
			return (left + right) / 2
		}
		return left + 8 + (right-left-16)*float64(i)/float64(len(c.X)-1)
	}
	yAt := func(v float64) float64 { return plotB - (v-ymin)/(ymax-ymin)*linesPlotH }

	var b strings.Builder
	open(&b, id, linesWidth, h, c.Title, c.Desc)
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="0" y="14" fill="%s">`, inkMuted)
		esc(&b, c.Unit)
		b.WriteString(`</text>`)
	}
	// Grid and Y ticks.
	b.WriteString(`<g class="axis">`)
	for _, t := range ticks {
		y := yAt(t)
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="0.5"/>`, num(left), num(y), num(right), num(y), inkGrid)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(left-6), num(y+5), inkMuted, escString(format(t)))
	}
	fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(left), num(plotB), num(right), num(plotB), inkAxis)
	// X labels: as many as fit without overlapping, always the first and last.
	xw := 0.0
	for _, x := range c.X {
		xw = math.Max(xw, textWidth(x))
	}
	step := 1
	if len(c.X) > 1 {
		gap := (right - left - 16) / float64(len(c.X)-1)
		step = max(1, int(math.Ceil((xw+8)/gap)))
	}
	for i, x := range c.X {
		if i%step != 0 && i != len(c.X)-1 {
			continue
		}
		if i == len(c.X)-1 && i%step != 0 && len(c.X) > 1 && float64(i%step)*(right-left-16)/float64(len(c.X)-1) < xw+8 {
			continue // the last label would overlap the one before
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="middle" fill="%s">%s</text>`, num(xAt(i)), num(plotB+20), inkMuted, escString(x))
	}
	b.WriteString(`</g>`)

	// Series: segments between missing values, a marker at every value.
	type end struct {
		y     float64
		label string
		k     int
	}
	var ends []end
	for k, s := range c.Series {
		colour, dash := Palette[k%len(Palette)], dashes[k%len(dashes)]
		b.WriteString(`<g class="series">`)
		var d strings.Builder
		pen := false
		last := -1
		for i := range c.X {
			if s.missing(i) {
				pen = false
				continue
			}
			cmd := "L"
			if !pen {
				cmd = "M"
			}
			fmt.Fprintf(&d, "%s%s %s", cmd, num(xAt(i)), num(yAt(s.Values[i])))
			pen, last = true, i
		}
		if d.Len() > 0 {
			fmt.Fprintf(&b, `<path d="%s" fill="none" stroke="%s" stroke-width="2.5"`, d.String(), colour)
			if dash != "" {
				fmt.Fprintf(&b, ` stroke-dasharray="%s"`, dash)
			}
			b.WriteString(`/>`)
		}
		for i := range c.X {
			// Every value has its marker while they stay apart; on a long
			// series only a value alone between gaps, which no line shows.
			alone := (i == 0 || s.missing(i-1)) && (i == len(c.X)-1 || s.missing(i+1))
			if s.missing(i) || (len(c.X) > maxMarked && !alone) {
				continue
			}
			marker(&b, k, xAt(i), yAt(s.Values[i]), colour)
			if i < len(s.Display) {
				fmt.Fprintf(&b, `<title>%s, %s: %s</title>`, escString(s.Label), escString(c.X[i]), escString(s.Display[i]))
			}
			b.WriteString(`</g>`)
		}
		b.WriteString(`</g>`)
		if last >= 0 {
			ends = append(ends, end{yAt(s.Values[last]), s.Label, k})
		}
	}
	if m := c.Mark; m != nil && usable(m.At) && len(c.X) > 1 {
		x := left + 8 + (right-left-16)*min(max(m.At, 0), float64(len(c.X)-1))/float64(len(c.X)-1)
		fmt.Fprintf(&b, `<g class="mark"><line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="2" stroke-dasharray="6 3"/>`,
			num(x), num(linesPlotTop-4), num(x), num(plotB), inkText)
		anchor := "middle"
		if x-left < textWidth(m.Label)/2 {
			anchor = "start"
		} else if right-x < textWidth(m.Label)/2 {
			anchor = "end"
		}
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text></g>`, num(x), num(linesPlotTop-8), anchor, inkText, escString(m.Label))
	}
	// Direct labels at the right of the plot, moved apart so none overlap.
	slices.SortFunc(ends, func(a, b end) int { return cmp.Compare(a.y, b.y) })
	for i := range ends {
		if i > 0 && ends[i].y < ends[i-1].y+16 {
			ends[i].y = ends[i-1].y + 16
		}
	}
	for _, e := range ends {
		fmt.Fprintf(&b, `<text class="direct" x="%s" y="%s" fill="%s">%s</text>`, num(right+8), num(e.y+5), inkText, escString(fit(e.label, linesWidth-right-10)))
	}
	// Legend: colour, dash and marker beside each label.
	for k, s := range c.Series {
		y := plotB + 34 + linesLegendH*float64(k)
		colour, dash := Palette[k%len(Palette)], dashes[k%len(dashes)]
		fmt.Fprintf(&b, `<g class="legend"><line x1="4" y1="%s" x2="40" y2="%s" stroke="%s" stroke-width="2.5"`, num(y), num(y), colour)
		if dash != "" {
			fmt.Fprintf(&b, ` stroke-dasharray="%s"`, dash)
		}
		b.WriteString(`/>`)
		marker(&b, k, 22, y, colour)
		b.WriteString(`</g>`)
		fmt.Fprintf(&b, `<text x="48" y="%s" fill="%s">%s</text></g>`, num(y+5), inkText, escString(s.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}

// marker opens a group holding series k's marker shape at (x, y); the
// caller closes it, after an optional title.
func marker(b *strings.Builder, k int, x, y float64, colour string) {
	b.WriteString(`<g>`)
	r := markerR
	switch k % 4 {
	case 0:
		fmt.Fprintf(b, `<circle cx="%s" cy="%s" r="%s" fill="%s"/>`, num(x), num(y), num(r), colour)
	case 1:
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"/>`, num(x-r), num(y-r), num(2*r), num(2*r), colour)
	case 2:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s"/>`, num(x), num(y-r-1), num(x+r+1), num(y+r), num(x-r-1), num(y+r), colour)
	default:
		fmt.Fprintf(b, `<path d="M%s %sL%s %sL%s %sL%s %sZ" fill="%s"/>`, num(x), num(y-r-1), num(x+r+1), num(y), num(x), num(y+r+1), num(x-r-1), num(y), colour)
	}
}

// niceTicks returns about n round tick values covering [lo, hi].
func niceTicks(lo, hi float64, n int) []float64 {
	if hi <= lo {
		hi = lo + 1
	}
	raw := (hi - lo) / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw {
			step = m * mag
			break
		}
	}
	start := math.Floor(lo/step) * step
	var ticks []float64
	for i := 0; ; i++ {
		v := math.Round((start+float64(i)*step)/step) * step
		ticks = append(ticks, v)
		if (v >= hi && len(ticks) >= 2) || len(ticks) > 4*n {
			return ticks
		}
	}
}
