// Package worldmap draws world and regional maps as inline SVG on the
// server: a choropleth of a figure by country, and the points and flows of a
// corridor (organisations by country, referrals between countries). The
// countries are Natural Earth's (1:110m, from the npm package world-atlas,
// vendored with its checksum in data/), decoded from TopoJSON and projected
// with Equal Earth once at start.
//
// Like internal/chart the package holds no words: titles, country names,
// legend labels and every number come from the caller already translated and
// formatted. Countries are keyed by ISO 3166-1 alpha-3 code (internal/country).
package worldmap

import (
	"encoding/xml"
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync/atomic"
)

// Inks, checked against white in the tests (text 4.5:1, marks 3:1).
const (
	inkText   = "#0b0c0c"
	inkBorder = "#6f777b" // country outlines: the shapes read on white paper
	inkLand   = "#f3f2f1" // countries that are only background
	inkFlow   = "#b35806"
	inkPoint  = "#1d4e89"
)

// fontSize is large because the map is 1000 units wide and shrinks to a
// third of that on a phone.
const fontSize = 32.0

var serial atomic.Uint64

func prefix(kind string) string { return kind + strconv.FormatUint(serial.Add(1), 36) }

func esc(b *strings.Builder, s string) { _ = xml.EscapeText(b, []byte(s)) }

func escString(s string) string {
	var b strings.Builder
	esc(&b, s)
	return b.String()
}

func num(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "0"
	}
	return strconv.FormatFloat(math.Round(f*10)/10, 'f', -1, 64)
}

func open(b *strings.Builder, id string, h float64, title, desc string) {
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 %s %s" width="100%%" role="img" aria-labelledby="%s-t %s-d" font-family="inherit" font-size="%s">`,
		num(viewWidth), num(h), id, id, num(fontSize))
	fmt.Fprintf(b, `<title id="%s-t">`, id)
	esc(b, title)
	fmt.Fprintf(b, `</title><desc id="%s-d">`, id)
	esc(b, desc)
	b.WriteString(`</desc>`)
}

// frame returns the view of the world, or of the region's countries (their
// main polygons) with a margin, never narrower than a twelfth of the world
// nor taller than wide, so a corridor fills a phone screen.
func frame(region []string) view {
	if len(region) == 0 {
		return worldView()
	}
	b := emptyBox()
	for _, c := range region {
		if s, ok := byCode[c]; ok {
			b.union(s.main)
		}
	}
	if b.empty() {
		return worldView()
	}
	b = pad(b, 0.12)
	minW := 1000.0 / 12 // map units: the world is 1000 wide
	if w := b.x1 - b.x0; w < minW {
		b.x0, b.x1 = b.x0-(minW-w)/2, b.x1+(minW-w)/2
	}
	if w, h := b.x1-b.x0, b.y1-b.y0; h > w {
		b.x0, b.x1 = b.x0-(h-w)/2, b.x1+(h-w)/2
	}
	return newView(b)
}

// visible returns the shapes to draw in v: those overlapping the frame,
// Antarctica only when asked for.
func visible(v view, wanted func(string) bool) []*shape {
	var out []*shape
	for _, s := range shapes {
		if s.code == "ATA" && !wanted(s.code) {
			continue
		}
		if s.bounds.overlaps(v.frame) {
			out = append(out, s)
		}
	}
	return out
}

// pathOf returns s's path data in v, from the cache for the world view.
func pathOf(s *shape, v view, world bool) string {
	if world {
		return worldPaths[s]
	}
	return s.path(v)
}

// hatchDef defines the texture of countries without data.
func hatchDef(b *strings.Builder, id string) {
	fmt.Fprintf(b, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="8" height="8" fill="#ffffff"/><line x1="0" y1="0" x2="0" y2="8" stroke="%s" stroke-width="2"/></pattern>`, id, inkBorder)
}

// dotsDef defines the texture of countries whose figure is suppressed.
func dotsDef(b *strings.Builder, id string) {
	fmt.Fprintf(b, `<pattern id="%s" width="8" height="8" patternUnits="userSpaceOnUse"><rect width="8" height="8" fill="#ffffff"/><circle cx="4" cy="4" r="2" fill="%s"/></pattern>`, id, inkBorder)
}

// halo is the attributes of map text: a white outline so labels read over
// borders and fills.
const halo = `stroke="#ffffff" stroke-width="6" stroke-linejoin="round" paint-order="stroke"`
