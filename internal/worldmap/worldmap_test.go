package worldmap

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"html/template"
	"io"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/country"
)

// TestChecksum: the embedded TopoJSON and the licence are the files
// data/SHA256SUMS names, byte for byte.
func TestChecksum(t *testing.T) {
	sums, err := os.ReadFile("data/SHA256SUMS")
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		want, file, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		data, err := os.ReadFile("data/" + file)
		if err != nil {
			t.Fatal(err)
		}
		if file == "countries-110m.json" {
			data = countriesJSON // the bytes the program runs with
			seen++
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("%s: sha256 %s, want %s", file, got, want)
		}
	}
	if seen != 1 {
		t.Error("SHA256SUMS does not list countries-110m.json")
	}
}

func mustLoad(t testing.TB) {
	t.Helper()
	if err := load(); err != nil {
		t.Fatal(err)
	}
}

// TestCountries: every feature with an id maps to a current alpha-3 code,
// the corridor's countries are there, and each drawn country has a path.
func TestCountries(t *testing.T) {
	mustLoad(t)
	if len(shapes) != 177 {
		t.Errorf("%d shapes, want world-atlas' 177", len(shapes))
	}
	var unnamed []string
	for _, s := range shapes {
		switch {
		case s.code == "":
			unnamed = append(unnamed, s.name)
		case !country.Offered(s.code):
			t.Errorf("%s (%s): not a current alpha-3 code", s.code, s.name)
		}
		if len(s.rings) == 0 || len(worldPaths[s]) < 8 {
			t.Errorf("%s (%s): no path", s.code, s.name)
		}
	}
	// No edge crosses the map: rings over the 180th meridian are cut
	// (Russia and Fiji then lie on both edges).
	for _, s := range shapes {
		if s.code == "ATA" {
			continue // its edge along the South Pole spans the map
		}
		for _, r := range s.rings {
			for i := 1; i < len(r); i++ {
				if math.Abs(r[i].x-r[i-1].x) > 300 {
					t.Errorf("%s: an edge from %v to %v", s.name, r[i-1], r[i])
				}
			}
		}
	}
	for _, c := range []string{"RUS", "FJI"} {
		if s := byCode[c]; s.bounds.x1-s.bounds.x0 < 700 {
			t.Errorf("%s spans %v", c, s.bounds)
		}
	}
	// Natural Earth's areas without an ISO code.
	if strings.Join(unnamed, ",") != "N. Cyprus,Somaliland,Kosovo" {
		t.Errorf("areas without a code: %v", unnamed)
	}
	for _, c := range []string{"NGA", "NER", "FRA", "BEN", "MLI", "LBY", "ITA", "DZA", "TCD", "BFA", "ESP", "DEU", "USA", "RUS"} {
		if byCode[c] == nil {
			t.Errorf("%s missing", c)
		}
	}
	n := 0
	for _, c := range country.Codes {
		if byCode[c] != nil {
			n++
		}
	}
	if n != len(byCode) || n < 170 {
		t.Errorf("%d of internal/country's codes on the map, %d codes on the map", n, len(byCode))
	}
	if alpha3("566") != "NGA" || alpha3("250") != "FRA" || alpha3("004") != "AFG" || alpha3("") != "" || alpha3("999") != "" {
		t.Error("numeric codes misread")
	}
}

// TestProjection: Equal Earth's known values, and places where they are.
func TestProjection(t *testing.T) {
	mustLoad(t)
	x, y := equalEarth(180, 0)
	if math.Abs(x-2.7066) > 1e-3 || y != 0 {
		t.Errorf("(180, 0) -> %v %v", x, y)
	}
	_, y = equalEarth(0, 90)
	if math.Abs(y-1.3173) > 1e-3 {
		t.Errorf("pole y %v", y)
	}
	paris, lagos := project(lonLat{2.35, 48.86}), project(lonLat{3.38, 6.52})
	if paris.y >= lagos.y || math.Abs(paris.x-lagos.x) > 5 {
		t.Errorf("Paris %v not north of Lagos %v", paris, lagos)
	}
	fra, nga, ner := byCode["FRA"], byCode["NGA"], byCode["NER"]
	if fra.centroid.y >= ner.centroid.y || ner.centroid.y >= nga.centroid.y {
		t.Errorf("France %v, Niger %v, Nigeria %v not north to south", fra.centroid, ner.centroid, nga.centroid)
	}
	if fra.main.x1 <= nga.bounds.x0 {
		t.Error("France's east is west of Nigeria's west")
	}
	// France's main polygon is Europe's, not French Guiana's.
	if g := project(lonLat{-53, 4}); fra.main.x0 < g.x+100 {
		t.Errorf("France's main polygon reaches %v", fra.main)
	}
	// Centroids fall inside their own country's frame.
	for _, c := range []string{"NGA", "NER", "MLI", "BEN", "LBY", "ITA", "DEU", "ESP"} {
		s := byCode[c]
		if p := s.centroid; p.x < s.main.x0 || p.x > s.main.x1 || p.y < s.main.y0 || p.y > s.main.y1 {
			t.Errorf("%s centroid %v outside %v", c, p, s.main)
		}
	}
}

// parse reads svg strictly as XML and returns its elements.
func parse(t testing.TB, svg template.HTML) []xml.StartElement {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(string(svg)))
	d.Strict = true
	var els []xml.StartElement
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v", err)
		}
		if s, ok := tok.(xml.StartElement); ok {
			els = append(els, s.Copy())
		}
	}
	if len(els) == 0 || els[0].Name.Local != "svg" || attr(els[0], "role") != "img" || attr(els[0], "width") != "100%" {
		t.Fatal("root is not an accessible scalable svg")
	}
	return els
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func fills(els []xml.StartElement) map[string]string {
	out := map[string]string{}
	for _, e := range els {
		if c := attr(e, "data-country"); c != "" {
			out[c] = attr(e, "fill")
		}
	}
	return out
}

const hostile = `<script>alert("x")</script> & 'q'` + "\x00"

// TestChoropleth: quantile classes, neutral hatched fill without data, a
// title per country, a legend row per class, hostile text escaped.
func TestChoropleth(t *testing.T) {
	values := map[string]float64{"NGA": 1, "NER": 2, "FRA": 3, "BEN": 4, "MLI": 5, "LBY": 6, "ITA": 7, "DEU": 8, "ESP": 9, "TCD": 10}
	svg := Choropleth(ChoroplethMap{
		Title: hostile, Desc: "d", Values: values, Classes: 5,
		Display: map[string]string{"NGA": hostile}, Names: map[string]string{"NGA": "Nigéria", "FRA": hostile},
		Legend: []string{"1", "3", "5", "7", "9+"}, NoData: "no data",
	})
	els := parse(t, svg)
	if strings.Contains(string(svg), "<script") {
		t.Error("hostile text became markup")
	}
	f := fills(els)
	ramp := Ramp(5)
	want := map[string]string{"NGA": ramp[0], "NER": ramp[0], "FRA": ramp[1], "BEN": ramp[1], "ITA": ramp[3], "TCD": ramp[4]}
	for c, w := range want {
		if f[c] != w {
			t.Errorf("%s filled %s, want %s", c, f[c], w)
		}
	}
	if !strings.HasPrefix(f["USA"], "url(#") || f["ATA"] != "" {
		t.Errorf("without data: USA %q; Antarctica drawn %q", f["USA"], f["ATA"])
	}
	if !strings.Contains(string(svg), "<title>Nigéria: &lt;script&gt;") || !strings.Contains(string(svg), "no data</title>") {
		t.Error("country titles missing")
	}
	rects := 0
	for _, e := range els {
		if e.Name.Local == "rect" && attr(e, "x") == "10" {
			rects++
		}
	}
	if rects != 6 {
		t.Errorf("%d legend swatches, want 5 classes and no data", rects)
	}
	t.Logf("world choropleth: %d bytes", len(svg))

	// Fixed breaks; empty and regional maps.
	els = parse(t, Choropleth(ChoroplethMap{Values: map[string]float64{"NGA": 0, "NER": 100}, Classes: 3, Breaks: []float64{10, 50}, Region: []string{"NGA", "NER"}}))
	if f := fills(els); f["NGA"] != Ramp(3)[0] || f["NER"] != Ramp(3)[2] || f["USA"] != "" {
		t.Errorf("fixed breaks or crop: %v", f)
	}
	// A display without a value is a suppressed figure: dotted, titled with
	// the display, its own legend row; never a class.
	svg = Choropleth(ChoroplethMap{Values: map[string]float64{"NGA": 40, "BEN": 1}, Display: map[string]string{"NGA": "40", "NER": "<5"},
		Names: map[string]string{"NER": "Niger"}, Classes: 2, Legend: []string{"low", "high"}, Suppressed: "hidden", NoData: "none"})
	els = parse(t, svg)
	if f := fills(els); !strings.HasSuffix(f["NER"], "-s)") || f["NER"] == f["TCD"] || f["NGA"] != Ramp(2)[1] || f["BEN"] != Ramp(2)[0] {
		t.Errorf("suppressed fill %q, no data %q, NGA %q", f["NER"], f["TCD"], f["NGA"])
	}
	if !strings.Contains(string(svg), "<title>Niger: &lt;5</title>") || !strings.Contains(string(svg), ">hidden</text>") {
		t.Error("suppressed country's title or legend row missing")
	}
	// Every coded country but Antarctica is drawn on the world map.
	els = parse(t, Choropleth(ChoroplethMap{}))
	if n := len(fills(els)); n != len(byCode)-1 {
		t.Errorf("%d countries drawn, want %d", n, len(byCode)-1)
	}
	parse(t, Choropleth(ChoroplethMap{Values: map[string]float64{"NGA": math.NaN(), "XXX": 1}, Classes: 99}))
}

func TestQuantileBreaks(t *testing.T) {
	v := map[string]float64{}
	for i, c := range []string{"A", "B", "C", "D", "E", "F", "G", "H", "I", "J"} {
		v[c] = float64(i + 1)
	}
	b := QuantileBreaks(v, 5)
	if len(b) != 4 || b[0] != 3 || b[3] != 9 {
		t.Errorf("breaks %v", b)
	}
	counts := make([]int, 5)
	for _, x := range v {
		counts[Class(x, b)]++
	}
	for _, n := range counts {
		if n != 2 {
			t.Errorf("class sizes %v", counts)
		}
	}
	bounds := ClassBounds(v, b)
	if len(bounds) != 5 || bounds[0] != [2]float64{1, 2} || bounds[4] != [2]float64{9, 10} {
		t.Errorf("bounds %v", bounds)
	}
	if e := ClassBounds(map[string]float64{"A": 1}, []float64{5}); !math.IsNaN(e[1][0]) || e[0] != [2]float64{1, 1} {
		t.Errorf("empty class bounds %v", e)
	}
	if QuantileBreaks(nil, 5) != nil || QuantileBreaks(v, 1) != nil {
		t.Error("breaks without values or classes")
	}
}

// TestRamp: neighbouring classes differ in contrast by a constant step and
// the ends are 3:1 apart, for every number of classes offered.
func TestRamp(t *testing.T) {
	for n := 2; n <= MaxClasses; n++ {
		r := Ramp(n)
		if c := contrast(r[0], r[n-1]); c < 3 {
			t.Errorf("%d classes: ends %.2f:1", n, c)
		}
		for i := 1; i < n; i++ {
			if c := contrast(r[i-1], r[i]); c < 1.3 {
				t.Errorf("%d classes: %s and %s only %.2f:1", n, r[i-1], r[i], c)
			}
		}
	}
	for _, c := range []string{inkText} {
		if contrast(c, "#ffffff") < 4.5 {
			t.Errorf("text %s", c)
		}
	}
	for _, c := range []string{inkBorder, inkFlow, inkPoint} {
		if contrast(c, "#ffffff") < 3 {
			t.Errorf("mark %s", c)
		}
	}
}

// TestFlows: the corridor Nigeria -> Niger -> France, cropped, with points
// sized by count, arrows wider for more referrals, unknown countries left
// out.
func TestFlows(t *testing.T) {
	svg := Flows(FlowMap{
		Title: "Referrals", Desc: "d", Region: []string{"NGA", "NER", "FRA"},
		Names:  map[string]string{"NGA": hostile},
		Points: []Point{{Country: "NGA", Label: "Nigeria · 4", Count: 4}, {Country: "NER", Label: "Niger · 2", Count: 2}, {Country: "FRA", Label: "France · 9", Count: 9}, {Country: "XXX", Label: "?", Count: 1}},
		Flows: []Flow{{From: "NGA", To: "NER", Count: 30, Display: "30"}, {From: "NER", To: "FRA", Count: 3, Display: "<5"},
			{From: "NGA", To: "NGA", Count: 1}, {From: "NGA", To: "ZZZ", Count: 1}},
	})
	els := parse(t, svg)
	if strings.Contains(string(svg), "<script") {
		t.Error("hostile name became markup")
	}
	var radii []string
	var widths []string
	groups := 0
	for _, e := range els {
		if attr(e, "class") == "point" {
			radii = append(radii, attr(e, "r"))
		}
		if attr(e, "class") == "flow" {
			groups++
		}
		if attr(e, "stroke") == inkFlow && attr(e, "stroke-width") != "" {
			widths = append(widths, attr(e, "stroke-width"))
		}
	}
	if len(radii) != 3 || radii[2] != "34" || radii[0] >= radii[2] {
		t.Errorf("point radii %v", radii)
	}
	if groups != 2 || len(widths) != 2 || widths[0] != "16" || widths[1] == "16" {
		t.Errorf("flows %d, widths %v", groups, widths)
	}
	f := fills(els)
	if _, ok := f["USA"]; ok {
		t.Error("the crop draws the Americas")
	}
	for _, c := range []string{"NGA", "NER", "FRA", "BEN", "MLI", "LBY", "ITA", "DZA"} {
		if _, ok := f[c]; !ok {
			t.Errorf("%s not drawn in the corridor", c)
		}
	}
	if !strings.Contains(string(svg), ">&lt;5</text>") || !strings.Contains(string(svg), "→") {
		t.Error("flow display or title missing")
	}
	t.Logf("corridor flow map: %d bytes", len(svg))
	m := FlowMap{Points: []Point{{Country: "NGA"}}, Flows: []Flow{{From: "NGA", To: "NER"}, {From: "NER", To: "FRA"}}}
	if got := strings.Join(m.Countries(), ","); got != "NGA,NER,FRA" {
		t.Errorf("Countries() = %s", got)
	}
	parse(t, Flows(FlowMap{}))
	parse(t, Flows(FlowMap{Points: []Point{{Country: "NOR", Count: 0}}, Region: []string{"XXX"}}))
}

func BenchmarkWorldChoropleth(b *testing.B) {
	mustLoad(b)
	values := map[string]float64{}
	for i, c := range country.Codes {
		values[c] = float64(i % 37)
	}
	var n int
	for b.Loop() {
		n = len(Choropleth(ChoroplethMap{Title: "t", Desc: "d", Values: values, Classes: 5, Legend: []string{"a", "b", "c", "d", "e"}}))
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

func BenchmarkCorridorFlows(b *testing.B) {
	mustLoad(b)
	var n int
	for b.Loop() {
		n = len(Flows(FlowMap{Region: []string{"NGA", "NER", "FRA"}, Points: []Point{{Country: "NGA", Count: 3}}, Flows: []Flow{{From: "NGA", To: "NER", Count: 3}}}))
	}
	b.ReportMetric(float64(n), "svg-bytes")
}

func contrast(a, b string) float64 {
	lum := func(hex string) float64 {
		l := 0.0
		for i, w := range []float64{0.2126, 0.7152, 0.0722} {
			var v int
			for _, ch := range hex[1+2*i : 3+2*i] {
				v = v*16 + strings.IndexRune("0123456789abcdef", ch)
			}
			c := float64(v) / 255
			if c <= 0.04045 {
				c /= 12.92
			} else {
				c = math.Pow((c+0.055)/1.055, 2.4)
			}
			l += w * c
		}
		return l
	}
	la, lb := lum(a), lum(b)
	return (math.Max(la, lb) + 0.05) / (math.Min(la, lb) + 0.05)
}
