package chart

import (
	"encoding/xml"
	"html/template"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
)

// element is an SVG element read back by encoding/xml.
type element struct {
	name  string
	attrs map[string]string
	text  string
}

// parse decodes svg strictly and returns its elements in document order; a
// malformed document fails the test.
func parse(t *testing.T, svg template.HTML) []element {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	d.Strict = true
	var els []element
	var stack []int
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, svg)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			e := element{name: x.Name.Local, attrs: map[string]string{}}
			for _, a := range x.Attr {
				e.attrs[a.Name.Local] = a.Value
			}
			els = append(els, e)
			stack = append(stack, len(els)-1)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			for _, i := range stack { // an element's text includes its tspans'
				els[i].text += string(x)
			}
		}
	}
	if len(els) == 0 || els[0].name != "svg" || els[0].attrs["role"] != "img" || els[0].attrs["width"] != "100%" ||
		!strings.HasPrefix(els[0].attrs["viewBox"], "0 0 ") {
		t.Fatalf("root is not an accessible scalable svg: %+v", els)
	}
	return els
}

func count(els []element, name, class string) int {
	n := 0
	for _, e := range els {
		if e.name == name && (class == "" || e.attrs["class"] == class) {
			n++
		}
	}
	return n
}

func texts(els []element) []string {
	var out []string
	for _, e := range els {
		if e.name == "text" || e.name == "title" || e.name == "desc" {
			out = append(out, e.text)
		}
	}
	return out
}

func hasText(els []element, s string) bool {
	for _, x := range texts(els) {
		if x == s {
			return true
		}
	}
	return false
}

const hostile = `<script>alert("x")</script> & 'quote' ]]> ` + "\x00\x1b"

// TestBars: one bar rect per drawn bar, a fixed hatched symbol for the
// suppressed one whatever its value, every label and display printed, and
// lengths proportional to values.
func TestBars(t *testing.T) {
	svg := Bars(BarChart{Title: "Victims by country", Desc: "Counts", Unit: "victims", Bars: []Bar{
		{Label: "Nigeria", Value: 40, Display: "40"},
		{Label: "Niger", Value: 20, Display: "20"},
		{Label: "République démocratique du Congo", Value: 1000, Display: "<5", Suppressed: true},
		{Label: "Bénin", Value: math.NaN(), Display: "—"},
	}})
	els := parse(t, svg)
	if n := count(els, "rect", "bar"); n != 2 {
		t.Errorf("%d drawn bars, want 2", n)
	}
	if n := count(els, "rect", "suppressed"); n != 2 {
		t.Errorf("%d suppressed symbols, want 2", n)
	}
	var bars, supp []float64
	for _, e := range els {
		w, _ := strconv.ParseFloat(e.attrs["width"], 64)
		switch e.attrs["class"] {
		case "bar":
			bars = append(bars, w)
		case "suppressed":
			supp = append(supp, w)
		}
	}
	if math.Abs(bars[0]-2*bars[1]) > 0.2 {
		t.Errorf("bar lengths %v not proportional to 40 and 20", bars)
	}
	if supp[0] != supp[1] || supp[0] >= bars[1] {
		t.Errorf("suppressed symbols %v: sized by a hidden value", supp)
	}
	for _, s := range []string{"Victims by country", "Counts", "victims", "Nigeria", "40", "<5", "—", "République démocratique du Congo"} {
		if !hasText(els, s) {
			t.Errorf("%q not printed", s)
		}
	}
	if strings.Contains(string(svg), "<5<") {
		t.Error("a display was not escaped")
	}
}

func TestBarsNegativeZeroEmpty(t *testing.T) {
	els := parse(t, Bars(BarChart{Bars: []Bar{{Label: "a", Value: -5, Display: "-5"}, {Label: "b", Value: 10, Display: "10"}, {Label: "c", Display: "0"}}}))
	var xs, ws []float64
	for _, e := range els {
		if e.attrs["class"] == "bar" {
			x, _ := strconv.ParseFloat(e.attrs["x"], 64)
			w, _ := strconv.ParseFloat(e.attrs["width"], 64)
			xs, ws = append(xs, x), append(ws, w)
			if w < 0 || x < 0 || x+w > 400 {
				t.Errorf("bar outside the view: x %v width %v", x, w)
			}
		}
	}
	if len(xs) != 3 || xs[0]+ws[0] != xs[1] || ws[2] != 0 || math.Abs(ws[1]-2*ws[0]) > 0.2 {
		t.Errorf("negative bar not left of the zero line: x %v width %v", xs, ws)
	}
	parse(t, Bars(BarChart{}))
	parse(t, Bars(BarChart{Bars: []Bar{{Label: "z", Value: 0, Display: "0"}}}))
	parse(t, Bars(BarChart{Bars: []Bar{{Label: "inf", Value: math.Inf(1), Display: "?"}}}))
}

// TestHostileLabels: caller text never becomes markup, in any chart.
func TestHostileLabels(t *testing.T) {
	for name, svg := range map[string]template.HTML{
		"bars":   Bars(BarChart{Title: hostile, Desc: hostile, Unit: hostile, Bars: []Bar{{Label: hostile, Value: 1, Display: hostile}}}),
		"lines":  Lines(LineChart{Title: hostile, Desc: hostile, Unit: hostile, X: []string{hostile, "b"}, Series: []Series{{Label: hostile, Values: []float64{1, 2}, Display: []string{hostile, hostile}}}}),
		"groups": Groups(GroupChart{Title: hostile, Desc: hostile, Unit: hostile, Keys: []string{hostile}, Groups: []Group{{Label: hostile, Bars: []Bar{{Value: 1, Display: hostile}}}}}),
		"parts":  Parts(PartsChart{Title: hostile, Desc: hostile, Parts: []Part{{Label: hostile, Value: 1, Display: hostile}}}),
	} {
		els := parse(t, svg)
		if strings.Contains(string(svg), "<script") || count(els, "script", "") != 0 {
			t.Errorf("%s: a label became markup", name)
		}
		if !strings.Contains(strings.Join(texts(els), "\n"), `<script>alert("x")</script>`) {
			t.Errorf("%s: the label was not kept as text", name)
		}
	}
}

// TestLines: gaps where values are missing, a marker per present value,
// direct labels and legend entries for every series.
func TestLines(t *testing.T) {
	c := LineChart{Title: "Cases per year", Desc: "d", X: []string{"2019", "2020", "2021", "2022", "2023"}, Series: []Series{
		{Label: "Women", Values: []float64{3, 5, 0, 8, 13}, Missing: []bool{false, false, true, false, false}},
		{Label: "Men", Values: []float64{1, 2, 3, 4, 5}},
		{Label: "Unknown", Values: []float64{2}}, // shorter than X: the rest is missing
	}}
	svg := Lines(c)
	els := parse(t, svg)
	var paths []string
	for _, e := range els {
		if e.name == "path" && e.attrs["fill"] == "none" {
			paths = append(paths, e.attrs["d"])
		}
	}
	if len(paths) != 3 {
		t.Fatalf("%d series paths: %v", len(paths), paths)
	}
	if strings.Count(paths[0], "M") != 2 || strings.Count(paths[1], "M") != 1 {
		t.Errorf("gaps wrong: %q %q", paths[0], paths[1])
	}
	if n := count(els, "g", "series"); n != 3 {
		t.Errorf("%d series groups", n)
	}
	for _, s := range []string{"Women", "Men", "Unknown", "2019", "2023", "Cases per year"} {
		if !hasText(els, s) {
			t.Errorf("%q not printed", s)
		}
	}
	if n := count(els, "text", "direct"); n != 3 {
		t.Errorf("%d direct labels", n)
	}
	// A long series marks only the values alone between gaps.
	long := Series{Label: "s"}
	var xs []string
	for i := range 60 {
		xs = append(xs, strconv.Itoa(2000+i))
		long.Values = append(long.Values, float64(i))
		long.Missing = append(long.Missing, i == 9 || i == 11)
	}
	if n := count(parse(t, Lines(LineChart{X: xs, Series: []Series{long}})), "circle", ""); n != 2 { // 10, and the legend's
		t.Errorf("%d markers on a long series, want the lone value's and the legend's", n)
	}
	// Empty and all-missing charts still render.
	parse(t, Lines(LineChart{}))
	parse(t, Lines(LineChart{X: []string{"a"}, Series: []Series{{Label: "s", Values: []float64{math.NaN()}}}}))
	parse(t, Lines(LineChart{X: []string{"a", "b"}, Series: []Series{{Label: "s", Values: []float64{-3, -1}}},
		YFormat: func(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) + " %" }}))
}

func TestNiceTicks(t *testing.T) {
	for _, c := range [][2]float64{{0, 9}, {0, 10}, {0, 13}, {-3, -1}, {0, 0}, {0, 1234567}, {0, 0.3}} {
		ticks := niceTicks(math.Min(c[0], 0), c[1], 5)
		if ticks[0] > c[0] || ticks[len(ticks)-1] < c[1] || len(ticks) < 2 || len(ticks) > 21 {
			t.Errorf("%v: ticks %v do not cover", c, ticks)
		}
	}
}

// TestParts: lengths split by value, every part listed with its display,
// zero and negative parts take no length.
func TestParts(t *testing.T) {
	els := parse(t, Parts(PartsChart{Title: "Estimate", Desc: "d", Parts: []Part{
		{Label: "Seen", Value: 30, Display: "30"}, {Label: "Unseen", Value: 90, Display: "90"}, {Label: "Nothing", Value: 0, Display: "0"},
	}}))
	var ws []float64
	for _, e := range els {
		if e.attrs["class"] == "part" {
			w, _ := strconv.ParseFloat(e.attrs["width"], 64)
			ws = append(ws, w)
		}
	}
	if len(ws) != 2 || math.Abs(ws[1]-3*ws[0]) > 0.2 || math.Abs(ws[0]+ws[1]-392) > 0.2 {
		t.Errorf("part widths %v", ws)
	}
	if count(els, "rect", "key") != 3 || !hasText(els, "Unseen") || !hasText(els, "90") || !hasText(els, "Nothing") {
		t.Error("a part is not listed")
	}
	parse(t, Parts(PartsChart{}))
	parse(t, Parts(PartsChart{Parts: []Part{{Label: "neg", Value: -1, Display: "-1"}}}))
}

// TestContrast: text inks at 4.5:1 and mark colours at 3:1 against white.
func TestContrast(t *testing.T) {
	for _, c := range []string{inkText, inkMuted} {
		if r := Contrast(c, "#ffffff"); r < 4.5 {
			t.Errorf("text %s: %.2f:1", c, r)
		}
	}
	for _, c := range append([]string{inkAxis}, Palette...) {
		if r := Contrast(c, "#ffffff"); r < 3 {
			t.Errorf("mark %s: %.2f:1", c, r)
		}
	}
}

// TestUniqueIDs: two charts on one page never share an element id.
func TestUniqueIDs(t *testing.T) {
	a, b := parse(t, Bars(BarChart{})), parse(t, Bars(BarChart{}))
	if a[1].attrs["id"] == b[1].attrs["id"] {
		t.Errorf("both charts use id %q", a[1].attrs["id"])
	}
}

// TestWrap: a label too long for the chart's width takes several lines,
// none wider than the chart, and the bar moves down below it.
func TestWrap(t *testing.T) {
	long := "Exploitation in forced criminality including begging and pickpocketing in several countries"
	els := parse(t, Bars(BarChart{Bars: []Bar{{Label: long, Value: 3, Display: "3"}, {Label: "Short", Value: 2, Display: "2"}}}))
	var lines []string
	for _, e := range els {
		if e.name == "tspan" && e.text != "Short" {
			lines = append(lines, e.text)
		}
	}
	if len(lines) < 2 || strings.Join(lines, " ") != long {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines {
		if textWidth(l) > barsWidth-barsLeft-barsRight {
			t.Errorf("line %q too wide", l)
		}
	}
	var ys []float64
	for _, e := range els {
		if e.attrs["class"] == "bar" {
			y, _ := strconv.ParseFloat(e.attrs["y"], 64)
			ys = append(ys, y)
		}
	}
	if len(ys) != 2 || ys[0] < barLabelH+lineH*float64(len(lines)-1) || ys[1]-ys[0] < barH+barLabelH {
		t.Errorf("bar positions %v", ys)
	}
	if got := wrap("", 100); len(got) != 1 || got[0] != "" {
		t.Errorf("wrap of nothing: %q", got)
	}
	if got := fit("Femmes et filles victimes", 60); !strings.HasSuffix(got, "…") || textWidth(got) > 60 {
		t.Errorf("fit: %q", got)
	}
	if fit("Femmes", 100) != "Femmes" {
		t.Error("fit shortened a label that fits")
	}
}

// TestGroups: one bar per key in each group, each key's own fill, the
// suppressed bar a fixed symbol, every key, label and display printed.
func TestGroups(t *testing.T) {
	els := parse(t, Groups(GroupChart{Title: "By sex", Desc: "d", Keys: []string{"Women", "Men"}, Unit: "victims", Groups: []Group{
		{Label: "Nigeria", Bars: []Bar{{Value: 40, Display: "40"}, {Value: 20, Display: "20"}}},
		{Label: "Niger", Bars: []Bar{{Value: 2, Display: "<5", Suppressed: true}, {Value: 10, Display: "10"}}},
		{Label: "Benin", Bars: []Bar{{Value: 5, Display: "5"}, {Value: 1, Display: "1"}, {Value: 1, Display: "extra"}}},
	}}))
	if n, s := count(els, "rect", "bar"), count(els, "rect", "suppressed"); n != 6 || s != 1 {
		t.Errorf("%d bars and %d suppressed, want 6 and 1", n, s)
	}
	fill := map[string]bool{}
	var widths []float64
	for _, e := range els {
		if e.attrs["class"] == "bar" {
			fill[e.attrs["fill"]] = true
			w, _ := strconv.ParseFloat(e.attrs["width"], 64)
			widths = append(widths, w)
		}
	}
	if len(fill) != 3 || math.Abs(widths[0]-2*widths[1]) > 0.2 || math.Abs(widths[0]-4*widths[2]) > 0.2 {
		t.Errorf("fills %v widths %v", fill, widths)
	}
	for _, s := range []string{"Women", "Men", "victims", "Nigeria", "Niger", "<5", "40", "Women: 40", "Men: 10"} {
		if !hasText(els, s) {
			t.Errorf("%q not printed", s)
		}
	}
	parse(t, Groups(GroupChart{}))
	parse(t, Groups(GroupChart{Keys: []string{"a"}, Groups: []Group{{Label: "g", Bars: []Bar{{Value: -3, Display: "-3"}, {Value: 3, Display: "3"}}}}}))
}

func TestLinesMark(t *testing.T) {
	c := LineChart{X: []string{"0.5", "0.6", "0.7", "0.8", "0.9"}, Series: []Series{{Label: "pairs", Values: []float64{9, 4, 1, 6, 30}}}}
	if n := count(parse(t, Lines(c)), "g", "mark"); n != 0 {
		t.Fatalf("%d marks without one asked", n)
	}
	xOf := func(els []element, label string) float64 {
		for _, e := range els {
			if e.name == "text" && e.text == label {
				x, _ := strconv.ParseFloat(e.attrs["x"], 64)
				return x
			}
		}
		t.Fatalf("%q not printed", label)
		return 0
	}
	c.Mark = &Mark{At: 2.5, Label: "threshold 0.75"}
	els := parse(t, Lines(c))
	if n := count(els, "g", "mark"); n != 1 {
		t.Fatalf("%d marks, want 1", n)
	}
	var lx float64
	for _, e := range els {
		if e.name == "line" && e.attrs["stroke-dasharray"] == "6 3" {
			lx, _ = strconv.ParseFloat(e.attrs["x1"], 64)
		}
	}
	if x7, x8 := xOf(els, "0.7"), xOf(els, "0.8"); math.Abs(lx-(x7+x8)/2) > 0.1 {
		t.Errorf("mark at x=%v, want halfway between %v and %v", lx, x7, x8)
	}
	if !hasText(els, "threshold 0.75") {
		t.Error("mark label not printed")
	}
	c.Mark.Label = "<b>"
	if strings.Contains(string(Lines(c)), "<b>") {
		t.Error("mark label not escaped")
	}
}
