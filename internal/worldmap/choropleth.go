package worldmap

import (
	"fmt"
	"html/template"
	"math"
	"slices"
	"strings"
)

// ChoroplethMap is a figure by country. Values and Display are keyed by
// alpha-3 code; Names holds the caller's translated country names; Legend
// the caller's label of each class, lowest first (see QuantileBreaks to
// write them); NoData the label of countries without a value.
type ChoroplethMap struct {
	Title, Desc string
	Values      map[string]float64
	Display     map[string]string
	Names       map[string]string
	Legend      []string
	NoData      string
	// Suppressed is the legend label of countries with a Display but no
	// value: figures withheld by disclosure control ("<5"), drawn dotted,
	// never in a class.
	Suppressed string
	// Classes is the number of colour classes, 1 to 7 (default 5).
	Classes int
	// Breaks, when given (Classes-1 ascending values), are fixed class
	// limits: a value below Breaks[0] is in the first class, at or above
	// Breaks[i] in class i+1. Without them the classes are quantiles.
	Breaks []float64
	// Region crops the map to these countries with a margin.
	Region []string
}

// MaxClasses is the most colour classes a map has: beyond it neighbouring
// shades are too close to tell apart.
const MaxClasses = 7

func (m ChoroplethMap) classes() int {
	n := m.Classes
	if n <= 0 {
		n = 5
	}
	return min(n, MaxClasses)
}

// QuantileBreaks returns the classes-1 limits that split values into
// classes of about equal count, for the caller to label its legend. Equal
// limits (many equal values) are kept: a class may be empty.
func QuantileBreaks(values map[string]float64, classes int) []float64 {
	var vs []float64
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if classes < 2 || len(vs) == 0 {
		return nil
	}
	slices.Sort(vs)
	out := make([]float64, classes-1)
	for i := range out {
		// The first value of class i+1 when the sorted values are cut in
		// classes runs of equal length.
		out[i] = vs[(i+1)*len(vs)/classes]
	}
	return out
}

// ClassBounds returns, for each of len(breaks)+1 classes, the smallest and
// largest of values in it, for legend labels that name the figures really
// shown ("3 to 7"); an empty class has NaN bounds.
func ClassBounds(values map[string]float64, breaks []float64) [][2]float64 {
	out := make([][2]float64, len(breaks)+1)
	for i := range out {
		out[i] = [2]float64{math.NaN(), math.NaN()}
	}
	for _, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		b := &out[Class(v, breaks)]
		if math.IsNaN(b[0]) || v < b[0] {
			b[0] = v
		}
		if math.IsNaN(b[1]) || v > b[1] {
			b[1] = v
		}
	}
	return out
}

// Class returns the class index (0-based) of v under breaks.
func Class(v float64, breaks []float64) int {
	i := 0
	for i < len(breaks) && v >= breaks[i] {
		i++
	}
	return i
}

// rampStops are the blues a ramp runs through, light to dark: through a
// saturated middle so the middle classes stay blue rather than grey.
var rampStops = [][3]float64{
	{0.871, 0.922, 0.969}, // #deebf7
	{0.420, 0.682, 0.839}, // #6baed6
	{0.129, 0.443, 0.710}, // #2171b5
	{0.031, 0.188, 0.420}, // #08306b
}

// Ramp returns n sequential blues from light to dark whose neighbours are
// equally far apart in contrast, the darkest 3:1 or more against the
// lightest.
func Ramp(n int) []string {
	toLin := func(c float64) float64 {
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	toSRGB := func(c float64) float64 {
		if c <= 0.0031308 {
			return 12.92 * c
		}
		return 1.055*math.Pow(c, 1/2.4) - 0.055
	}
	lin := make([][3]float64, len(rampStops))
	lum := make([]float64, len(rampStops))
	for k, s := range rampStops {
		for i := range 3 {
			lin[k][i] = toLin(s[i])
		}
		lum[k] = 0.2126*lin[k][0] + 0.7152*lin[k][1] + 0.0722*lin[k][2]
	}
	first, last := lum[0], lum[len(lum)-1]
	out := make([]string, n)
	for k := range n {
		// Equal contrast steps: (L+0.05) falls geometrically from light to
		// dark; luminance is linear between two stops in linear RGB.
		f := 0.0
		if n > 1 {
			f = float64(k) / float64(n-1)
		}
		target := (first+0.05)*math.Pow((last+0.05)/(first+0.05), f) - 0.05
		seg := 0
		for seg < len(lum)-2 && target < lum[seg+1] {
			seg++
		}
		t := (lum[seg] - target) / (lum[seg] - lum[seg+1])
		var c [3]int
		for i := range 3 {
			c[i] = int(math.Round(255 * toSRGB(lin[seg][i]+(lin[seg+1][i]-lin[seg][i])*t)))
		}
		out[k] = fmt.Sprintf("#%02x%02x%02x", c[0], c[1], c[2])
	}
	return out
}

// Choropleth renders m as an inline SVG element: each country filled by its
// class, countries without a value hatched, each with a title of its name
// and the caller's display, and a legend below the map.
func Choropleth(m ChoroplethMap) template.HTML {
	if err := load(); err != nil {
		panic(err) // the embedded data is checked by the tests
	}
	id := prefix("choro")
	n := m.classes()
	breaks := m.Breaks
	if len(breaks) != n-1 {
		breaks = QuantileBreaks(m.Values, n)
	}
	ramp := Ramp(n)
	v := frame(m.Region)
	world := len(m.Region) == 0

	// A country with a display but no value is suppressed: its own texture,
	// its display in its title, never a class.
	suppressed := func(c string) bool {
		_, has := m.Values[c]
		return c != "" && !has && m.Display[c] != ""
	}
	legend := []swatch{}
	for k := range n {
		label := ""
		if k < len(m.Legend) {
			label = m.Legend[k]
		}
		legend = append(legend, swatch{ramp[k], label})
	}
	anySuppressed := false
	for c := range m.Display {
		anySuppressed = anySuppressed || suppressed(c)
	}
	if anySuppressed {
		legend = append(legend, swatch{"url(#" + id + "-s)", m.Suppressed})
	}
	legend = append(legend, swatch{"url(#" + id + "-n)", m.NoData})

	mapH := v.height()
	h := mapH + 20 + float64(len(legend))*46
	var b strings.Builder
	open(&b, id, h, m.Title, m.Desc)
	b.WriteString(`<defs>`)
	hatchDef(&b, id+"-n")
	dotsDef(&b, id+"-s")
	fmt.Fprintf(&b, `<clipPath id="%s-c"><rect width="%s" height="%s"/></clipPath></defs>`, id, num(viewWidth), num(mapH))
	fmt.Fprintf(&b, `<g clip-path="url(#%s-c)" stroke="%s" stroke-width="0.6" stroke-linejoin="round" fill-rule="evenodd">`, id, inkBorder)
	wanted := func(c string) bool { _, ok := m.Values[c]; return ok || suppressed(c) }
	for _, s := range visible(v, wanted) {
		val, ok := m.Values[s.code]
		ok = ok && s.code != "" && !math.IsNaN(val) && !math.IsInf(val, 0)
		fill, note := "url(#"+id+"-n)", m.NoData
		switch {
		case ok:
			fill, note = ramp[Class(val, breaks)], m.Display[s.code]
		case suppressed(s.code):
			fill, note = "url(#"+id+"-s)", m.Display[s.code]
		}
		fmt.Fprintf(&b, `<path d="%s" fill="%s"`, pathOf(s, v, world), fill)
		if s.code == "" {
			b.WriteString(`/>`) // an area without an ISO code: background only
			continue
		}
		fmt.Fprintf(&b, ` data-country="%s"><title>`, s.code)
		name := m.Names[s.code]
		if name == "" {
			name = s.code
		}
		esc(&b, name)
		if note != "" {
			b.WriteString(": ")
			esc(&b, note)
		}
		b.WriteString(`</title></path>`)
	}
	b.WriteString(`</g>`)
	// Legend: a swatch and the caller's label per class, then suppressed
	// (when any country is) and no data.
	b.WriteString(`<g class="legend">`)
	for k, sw := range legend {
		y := mapH + 20 + float64(k)*46
		fmt.Fprintf(&b, `<rect x="10" y="%s" width="52" height="34" fill="%s" stroke="%s"/>`, num(y), sw.fill, inkBorder)
		fmt.Fprintf(&b, `<text x="76" y="%s" fill="%s">`, num(y+28), inkText)
		esc(&b, sw.label)
		b.WriteString(`</text>`)
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}

type swatch struct{ fill, label string }
