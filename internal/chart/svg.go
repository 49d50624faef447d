// Package chart draws the statistics, programme and network pages' charts as
// SVG on the server: no JavaScript, readable printed and on a phone (a
// viewBox and width 100%), accessible (role img, the caller's title and
// description, and every chart paired by its page with a table).
//
// The package holds no words: labels, titles and every number arrive already
// translated and formatted by the caller, so locale rules stay in i18n.
// Colour never carries meaning alone: suppressed values are hatched, series
// differ by dash and marker too, and every mark has its label written beside
// it. Marks and text meet WCAG AA contrast against the white page.
package chart

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
)

// Ink colours, each checked against white in the tests: text at 4.5:1 or
// more, marks at 3:1 or more.
const (
	inkText  = "#0b0c0c"
	inkMuted = "#505a5f"
	inkAxis  = "#6f777b"
	inkGrid  = "#b1b4b6" // decoration only: never carries a value
)

// Palette are the series and part colours, in order, each at least 3:1
// against white and distinct in lightness or hue from its neighbours.
var Palette = []string{"#1d4e89", "#b35806", "#2e7d32", "#6a3d9a", "#a50f15", "#00695c"}

// dashes and markers pair with Palette so a series read in grey, printed
// or by a person who does not see the hue is still told apart.
var dashes = []string{"", "8 4", "2 3", "10 3 2 3", "4 4", "12 4"}

// fontAttrs is the text style of every chart: the page's own font.
const fontAttrs = `font-family="inherit" font-size="14"`

var serial atomic.Uint64

// prefix returns an id prefix unique in the process, so two charts on one
// page never share an element id.
func prefix(kind string) string {
	return kind + strconv.FormatUint(serial.Add(1), 36)
}

// esc writes s escaped for XML text and attributes; characters XML cannot
// hold are replaced.
func esc(b *strings.Builder, s string) {
	_ = xml.EscapeText(b, []byte(s))
}

// escString is esc for use in format arguments.
func escString(s string) string {
	var b strings.Builder
	esc(&b, s)
	return b.String()
}

// num formats a coordinate compactly.
func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

// open writes the root element with its accessible name and description.
func open(b *strings.Builder, id string, w, h float64, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s-t %s-d" %s>`,
		num(w), num(h), id, id, fontAttrs)
	fmt.Fprintf(b, `<title id="%s-t">`, id)
	esc(b, title)
	fmt.Fprintf(b, `</title><desc id="%s-d">`, id)
	esc(b, desc)
	b.WriteString(`</desc>`)
}

// hatch defines the pattern that marks a suppressed or unknown value.
func hatch(b *strings.Builder, id, colour string) {
	fmt.Fprintf(b, `<defs><pattern id="%s" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="6" stroke="%s" stroke-width="2"/></pattern></defs>`, id, colour)
}

// usable reports whether v can be drawn to a length.
func usable(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// textWidth estimates the drawn width of s at the chart font size: SVG has
// no measuring on the server, so layouts leave this much room.
func textWidth(s string) float64 {
	return float64(len([]rune(s))) * 7.6
}

// wrap breaks s at spaces into lines no wider than width, so a long label
// takes two lines on a phone rather than running off the chart. A single
// word wider than width keeps its own line.
func wrap(s string, width float64) []string {
	var lines []string
	line := ""
	for _, w := range strings.Fields(s) {
		switch {
		case line == "":
			line = w
		case textWidth(line+" "+w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
	}
	if line != "" || len(lines) == 0 {
		lines = append(lines, line)
	}
	return lines
}

// fit shortens s with an ellipsis to at most width: for a direct label
// whose full text is also in the legend.
func fit(s string, width float64) string {
	if textWidth(s) <= width {
		return s
	}
	r := []rune(s)
	n := max(1, int(width/textWidth("m"))-1)
	if n >= len(r) {
		return s
	}
	return strings.TrimSpace(string(r[:n])) + "…"
}

// textLines writes lines as one text element with a tspan per line.
func textLines(b *strings.Builder, x, y float64, lines []string, attrs string) {
	fmt.Fprintf(b, `<text x="%s" y="%s" %s>`, num(x), num(y), attrs)
	for i, l := range lines {
		if i == 0 {
			b.WriteString(`<tspan>`)
		} else {
			fmt.Fprintf(b, `<tspan x="%s" dy="%s">`, num(x), num(lineH))
		}
		esc(b, l)
		b.WriteString(`</tspan>`)
	}
	b.WriteString(`</text>`)
}

// lineH is the distance between two lines of a wrapped label.
const lineH = 17.0
