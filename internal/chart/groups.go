package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Group is one category of a grouped bar chart: its label and one bar per
// key of the chart, in the keys' order (a bar's own Label is not printed).
type Group struct {
	Label string
	Bars  []Bar
}

// GroupChart is horizontal bars in groups: for each category (a country, a
// year) one bar per key (women, men; accepted, refused), each key with its
// colour and texture, named in a key above the bars. Suppressed bars are
// hatched symbols, as in Bars.
type GroupChart struct {
	Title, Desc string
	Keys        []string
	Groups      []Group
	Unit        string
}

const (
	groupBarH = 14.0
	groupGap  = 3.0
	keyRow    = 22.0
)

// Groups renders c as an inline SVG element.
func Groups(c GroupChart) template.HTML {
	id := prefix("groups")
	inner := barsWidth - barsLeft - barsRight
	// The key: a swatch and a label per key.
	keyLabels := make([][]string, len(c.Keys))
	keyY := make([]float64, len(c.Keys))
	y := 6.0
	for k, key := range c.Keys {
		keyLabels[k] = wrap(key, inner-24)
		keyY[k] = y
		y += keyRow + lineH*float64(len(keyLabels[k])-1)
	}
	if c.Unit != "" {
		y += barLabelH
	}
	unitY := y - 8
	labels := make([][]string, len(c.Groups))
	rowY := make([]float64, len(c.Groups))
	y += 4
	for i, g := range c.Groups {
		labels[i] = wrap(g.Label, inner)
		rowY[i] = y
		y += barLabelH + lineH*float64(len(labels[i])-1) + float64(len(g.Bars))*(groupBarH+groupGap) + barGap
	}
	h := y + 4

	lo, hi, valueW := 0.0, 0.0, 0.0
	for _, g := range c.Groups {
		for _, r := range g.Bars {
			if r.drawn() {
				lo, hi = math.Min(lo, r.Value), math.Max(hi, r.Value)
			}
			valueW = math.Max(valueW, textWidth(r.Display))
		}
	}
	span := inner - valueW - barValueW
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

	var b strings.Builder
	open(&b, id, barsWidth, h, c.Title, c.Desc)
	fills := len(c.Keys)
	for _, g := range c.Groups {
		fills = max(fills, len(g.Bars))
	}
	textureDefs(&b, id, fills)
	hatch(&b, id+"-h", inkMuted)
	b.WriteString(`<g class="key">`)
	for k := range c.Keys {
		fmt.Fprintf(&b, `<rect x="%s" y="%s" width="16" height="16" fill="url(#%s-%d)" stroke="%s"/>`, num(barsLeft), num(keyY[k]), id, k, inkAxis)
		textLines(&b, barsLeft+24, keyY[k]+13, keyLabels[k], `fill="`+inkText+`"`)
	}
	b.WriteString(`</g>`)
	if c.Unit != "" {
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(barsWidth-barsRight), num(unitY), inkMuted, escString(c.Unit))
	}
	for i, g := range c.Groups {
		b.WriteString(`<g class="group">`)
		textLines(&b, barsLeft, rowY[i]+barLabelH-5, labels[i], `fill="`+inkText+`" font-weight="bold"`)
		by := rowY[i] + barLabelH + lineH*float64(len(labels[i])-1)
		for k, r := range g.Bars {
			y := by + float64(k)*(groupBarH+groupGap)
			b.WriteString(`<g>`)
			if k < len(c.Keys) {
				fmt.Fprintf(&b, `<title>%s: %s</title>`, escString(c.Keys[k]), escString(r.Display))
			}
			if !r.drawn() {
				fmt.Fprintf(&b, `<rect class="suppressed" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-h)" stroke="%s"/>`,
					num(zero), num(y), num(suppressSz), num(groupBarH), id, inkMuted)
				fmt.Fprintf(&b, `<text x="%s" y="%s" fill="%s">%s</text></g>`, num(zero+suppressSz+barValueW), num(y+groupBarH-2), inkText, escString(r.Display))
				continue
			}
			x0, x1 := zero, zero+r.Value*scale
			anchor, tx := "start", x1+barValueW
			if x1 < x0 {
				x0, x1 = x1, x0
				anchor, tx = "end", x0-barValueW
			}
			fmt.Fprintf(&b, `<rect class="bar" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-%d)" stroke="%s" stroke-width="0.5"/>`,
				num(x0), num(y), num(x1-x0), num(groupBarH), id, k, Palette[k%len(Palette)])
			fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="%s" fill="%s">%s</text></g>`, num(tx), num(y+groupBarH-2), anchor, inkText, escString(r.Display))
		}
		b.WriteString(`</g>`)
	}
	if lo < 0 && hi > lo {
		fmt.Fprintf(&b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s"/>`, num(zero), num(rowY[0]), num(zero), num(h-4), inkAxis)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}
