package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Bar is one category: its label, its value, and the text printed at the bar
// (formatted by the caller: "12", "<5", "—"). A suppressed bar, or one whose
// value is not a number, is drawn hatched at a fixed small size and never at
// a guessed length.
type Bar struct {
	Label      string
	Value      float64
	Display    string
	Suppressed bool
}

// BarChart is a horizontal bar chart: each label on its own line above its
// bar, so long country names fit on a phone.
type BarChart struct {
	Title, Desc string
	Bars        []Bar
	Unit        string // printed above the value column, already translated
}

// Bar chart geometry, in viewBox units (about pixels at 400 px wide).
const (
	barsWidth  = 400.0
	barsLeft   = 4.0
	barsRight  = 4.0
	barLabelH  = 18.0
	barH       = 18.0
	barGap     = 12.0
	barValueW  = 8.0 // gap between a bar's end and its printed value
	suppressSz = 18.0
)

func (b Bar) drawn() bool { return !b.Suppressed && usable(b.Value) }

// Bars renders c as an inline SVG element.
func Bars(c BarChart) template.HTML {
	id := prefix("bars")
	top := 6.0
	if c.Unit != "" {
		top += barLabelH
	}
	labels := make([][]string, len(c.Bars))
	rowY := make([]float64, len(c.Bars))
	y := top
	for i, r := range c.Bars {
		labels[i] = wrap(r.Label, barsWidth-barsLeft-barsRight)
		rowY[i] = y
		y += barLabelH + lineH*float64(len(labels[i])-1) + barH + barGap
	}
	h := y + 4
	var b strings.Builder
	open(&b, id, barsWidth, h, c.Title, c.Desc)
	hatch(&b, id+"-h", inkMuted)

	// The scale runs from min(0, values) to max(0, values), leaving room for
	// the longest printed value at the end of the bars.
	lo, hi := 0.0, 0.0
	valueW := 0.0
	for _, r := range c.Bars {
		if r.drawn() {
			lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
		}
		valueW = math.Max(valueW, textWidth(r.Display))
	}
	span := barsWidth - barsLeft - barsRight - valueW - barValueW
	if lo < 0 {
		span -= valueW + barValueW
	}
	scale := 0.0
	if hi > lo {
		scale = span / (hi - lo)
	}
	zero := barsLeft - lo*scale
	if lo < 0 {
		zero += valueW + barValueW
	}

	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">`, num(barsWidth-barsRight), num(top-8), inkMuted)
		esc(&b, c.Unit)
		b.WriteString(`</text>`)
	}
	b.WriteString(`<g class="bars">`)
	for i, r := range c.Bars {
		b.WriteString(`<g>`)
		textLines(&b, barsLeft, rowY[i]+barLabelH-5, labels[i], `fill="`+inkText+`"`)
		by := rowY[i] + barLabelH + lineH*float64(len(labels[i])-1)
		if !r.drawn() {
			// A symbol, not a bar: the same size whatever the hidden value.
			fmt.Fprintf(&b, `<rect class="suppressed" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-h)" stroke="%s"/>`,
				num(zero), num(by), num(suppressSz), num(barH), id, inkMuted)
			fmt.Fprintf(&b, `<text x="%s" y="%s" fill="%s">`, num(zero+suppressSz+barValueW), num(by+barH-4), inkText)
			esc(&b, r.Display)
			b.WriteString(`</text></g>`)
			continue
		}
		x0, x1 := zero, zero+r.Value*scale
		anchor, tx := "start", x1+barValueW
		if x1 < x0 {
			x0, x1 = x1, x0
			anchor, tx = "end", x0-barValueW
		}
		fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="%s"/>`,
			num(x0), num(by), num(x1-x0), num(barH), Palette[0])
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" fill="%s">`, num(tx), num(by+barH-4), anchor, inkText)
		esc(&b, r.Display)
		b.WriteString(`</text></g>`)
	}
	b.WriteString(`</g>`)
	if lo < 0 && hi > lo {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(zero), num(top), num(zero), num(h-4), inkAxis)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}
