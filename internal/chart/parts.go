package chart

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Part is one share of a whole: seen and unseen victims for an estimate,
// accepted and refused referrals. Display is the caller's text of the value.
type Part struct {
	Label   string
	Value   float64
	Display string
}

// PartsChart is one horizontal bar split into its parts, each filled with
// its own colour and texture and listed under the bar with its label and
// value, so narrow parts stay readable.
type PartsChart struct {
	Title, Desc string
	Parts       []Part
}

const (
	partsWidth = 400.0
	partsBarY  = 6.0
	partsBarH  = 32.0
	partsRow   = 24.0
)

// textures are drawn over the part colours, one per part, so parts differ
// by more than hue.
var textures = []string{
	"", // solid
	`<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/>`,
	`<circle cx="3" cy="3" r="1.3" fill="#ffffff"/>`,
	`<line x1="0" y1="3" x2="6" y2="3" stroke="#ffffff" stroke-width="1.5"/>`,
}

// Parts renders c as an inline SVG element. Parts with no usable or a
// negative value take no length and are still listed.
func Parts(c PartsChart) template.HTML {
	id := prefix("parts")
	total := 0.0
	for _, p := range c.Parts {
		if usable(p.Value) && p.Value > 0 {
			total += p.Value
		}
	}
	valueW := 0.0
	for _, p := range c.Parts {
		valueW = math.Max(valueW, textWidth(p.Display))
	}
	labels := make([][]string, len(c.Parts))
	rowY := make([]float64, len(c.Parts))
	y := partsBarY + partsBarH + 12
	for k, p := range c.Parts {
		labels[k] = wrap(p.Label, partsWidth-28-valueW-12)
		rowY[k] = y
		y += partsRow + lineH*float64(len(labels[k])-1)
	}
	h := y
	var b strings.Builder
	open(&b, id, partsWidth, h, c.Title, c.Desc)
	textureDefs(&b, id, len(c.Parts))
	x := 4.0
	span := partsWidth - 8
	fmt.Fprintf(&b, `<rect x="4" y="%s" width="%s" height="%s" fill="none" stroke="%s"/>`, num(partsBarY), num(span), num(partsBarH), inkAxis)
	for k, p := range c.Parts {
		if total == 0 || !usable(p.Value) || p.Value <= 0 {
			continue
		}
		w := span * p.Value / total
		fmt.Fprintf(&b, `<rect class="part" x="%s" y="%s" width="%s" height="%s" fill="url(#%s-%d)" stroke="#ffffff"><title>%s: %s</title></rect>`,
			num(x), num(partsBarY), num(math.Max(w, 0)), num(partsBarH), id, k, escString(p.Label), escString(p.Display))
		x += w
	}
	for k, p := range c.Parts {
		y := rowY[k]
		fmt.Fprintf(&b, `<rect class="key" x="4" y="%s" width="16" height="16" fill="url(#%s-%d)" stroke="%s"/>`, num(y), id, k, inkAxis)
		textLines(&b, 28, y+13, labels[k], `fill="`+inkText+`"`)
		fmt.Fprintf(&b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%s</text>`, num(partsWidth-4), num(y+13), inkText, escString(p.Display))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}

// textureDefs defines fills id-0 ... id-(n-1): the palette's colours, each
// with its own white texture.
func textureDefs(b *strings.Builder, id string, n int) {
	b.WriteString(`<defs>`)
	for k := range n {
		fill := fmt.Sprintf(`<rect width="6" height="6" fill="%s"/>`, Palette[k%len(Palette)])
		fmt.Fprintf(b, `<pattern id="%s-%d" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">%s%s</pattern>`,
			id, k, fill, textures[k%len(textures)])
	}
	b.WriteString(`</defs>`)
}
