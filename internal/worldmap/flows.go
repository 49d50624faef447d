package worldmap

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// Point is a mark on a country: organisations in it, campaigns held there.
// Label is the caller's text printed beside the circle ("Niger · 4").
type Point struct {
	Country, Label string
	Count          int
}

// Flow is a movement between two countries (referrals, a route), drawn as a
// curved arrow whose width grows with Count; Display is the caller's text of
// the count ("12", "<5"), printed at the arrow's middle.
type Flow struct {
	From, To string
	Count    int
	Display  string
}

// FlowMap is a corridor: points on countries and flows between them, over
// the countries as background. Names are the caller's translated country
// names, used in each mark's title; Region crops the map to those
// countries (give the corridor's countries so it is legible on a phone).
type FlowMap struct {
	Title, Desc string
	Points      []Point
	Flows       []Flow
	Names       map[string]string
	Region      []string
}

// Sizes in SVG units (the view is 1000 wide).
const (
	pointMinR = 8.0
	pointMaxR = 34.0
	flowMinW  = 3.0
	flowMaxW  = 16.0
)

// Flows renders m as an inline SVG element. Points and flows on countries
// the map does not know are left out; so are flows from a country to
// itself.
func Flows(m FlowMap) template.HTML {
	if err := load(); err != nil {
		panic(err) // the embedded data is checked by the tests
	}
	id := prefix("flows")
	v := frame(m.Region)
	world := len(m.Region) == 0
	h := v.height()
	name := func(c string) string {
		if n := m.Names[c]; n != "" {
			return n
		}
		return c
	}
	var b strings.Builder
	open(&b, id, h, m.Title, m.Desc)
	fmt.Fprintf(&b, `<defs><clipPath id="%s-c"><rect width="%s" height="%s"/></clipPath></defs>`, id, num(viewWidth), num(h))
	fmt.Fprintf(&b, `<g clip-path="url(#%s-c)"><g fill="%s" stroke="%s" stroke-width="0.8" stroke-linejoin="round" fill-rule="evenodd">`, id, inkLand, inkBorder)
	involved := map[string]bool{}
	for _, p := range m.Points {
		involved[p.Country] = true
	}
	for _, f := range m.Flows {
		involved[f.From], involved[f.To] = true, true
	}
	for _, s := range visible(v, func(c string) bool { return involved[c] }) {
		fmt.Fprintf(&b, `<path d="%s"`, pathOf(s, v, world))
		if s.code != "" {
			fmt.Fprintf(&b, ` data-country="%s"><title>%s</title></path>`, s.code, escString(name(s.code)))
		} else {
			b.WriteString(`/>`)
		}
	}
	b.WriteString(`</g>`)

	maxPoint, maxFlow := 1, 1
	for _, p := range m.Points {
		maxPoint = max(maxPoint, p.Count)
	}
	for _, f := range m.Flows {
		maxFlow = max(maxFlow, f.Count)
	}
	radius := map[string]float64{}
	for _, p := range m.Points {
		radius[p.Country] = math.Max(radius[p.Country], pointR(p.Count, maxPoint))
	}

	// Flows first, under the points; each curves to its left so a flow and
	// its return do not overlap.
	var labels strings.Builder
	for _, f := range m.Flows {
		a, okA := byCode[f.From]
		z, okZ := byCode[f.To]
		if !okA || !okZ || f.From == f.To {
			continue
		}
		p0, p2 := v.at(a.centroid), v.at(z.centroid)
		dx, dy := p2.x-p0.x, p2.y-p0.y
		d := math.Hypot(dx, dy)
		if d < 1 {
			continue
		}
		c := pt{(p0.x+p2.x)/2 + dy*0.2, (p0.y+p2.y)/2 - dx*0.2}
		w := flowMinW + (flowMaxW-flowMinW)*float64(max(f.Count, 0))/float64(maxFlow)
		// Leave the source's circle and stop short of the target's, then
		// draw the arrowhead there, never longer than a third of the way.
		start := along(c, p0, radius[f.From]+2)
		end := along(c, p2, radius[f.To]+2)
		head := math.Min(math.Max(2.5*w, 14), d/3)
		half := math.Max(0.9*w, 0.45*head)
		base := along(c, end, head)
		ux, uy := (end.x-base.x)/head, (end.y-base.y)/head
		fmt.Fprintf(&b, `<g class="flow"><title>%s → %s: %s</title>`, escString(name(f.From)), escString(name(f.To)), escString(f.Display))
		fmt.Fprintf(&b, `<path d="M%s %sQ%s %s %s %s" fill="none" stroke="%s" stroke-width="%s"/>`,
			num(start.x), num(start.y), num(c.x), num(c.y), num(base.x), num(base.y), inkFlow, num(w))
		fmt.Fprintf(&b, `<path d="M%s %sL%s %sL%s %sZ" fill="%s"/></g>`,
			num(end.x), num(end.y), num(base.x-uy*half), num(base.y+ux*half), num(base.x+uy*half), num(base.y-ux*half), inkFlow)
		if f.Display != "" {
			mid := pt{0.25*p0.x + 0.5*c.x + 0.25*p2.x, 0.25*p0.y + 0.5*c.y + 0.25*p2.y}
			fmt.Fprintf(&labels, `<text x="%s" y="%s" text-anchor="middle" fill="%s" font-weight="bold" %s>%s</text>`,
				num(mid.x), num(mid.y+fontSize/3), inkText, halo, escString(f.Display))
		}
	}
	for _, p := range m.Points {
		s, ok := byCode[p.Country]
		if !ok {
			continue
		}
		q := v.at(s.centroid)
		r := pointR(p.Count, maxPoint)
		fmt.Fprintf(&b, `<circle class="point" cx="%s" cy="%s" r="%s" fill="%s" fill-opacity="0.85" stroke="#ffffff" stroke-width="2"><title>%s: %s</title></circle>`,
			num(q.x), num(q.y), num(r), inkPoint, escString(name(p.Country)), escString(p.Label))
		if p.Label != "" {
			fmt.Fprintf(&labels, `<text x="%s" y="%s" fill="%s" %s>%s</text>`, num(q.x+r+6), num(q.y+fontSize/3), inkText, halo, escString(p.Label))
		}
	}
	b.WriteString(labels.String())
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String()) //nolint:gosec // every caller string is escaped above
}

// pointR sizes a circle by area: its radius grows with the square root of
// the count.
func pointR(n, most int) float64 {
	return pointMinR + (pointMaxR-pointMinR)*math.Sqrt(float64(max(n, 0))/float64(most))
}

// along returns the point at distance d from b back towards a.
func along(a, b pt, d float64) pt {
	l := math.Hypot(b.x-a.x, b.y-a.y)
	if l == 0 || d >= l {
		return a
	}
	return pt{b.x + (a.x-b.x)*d/l, b.y + (a.y-b.y)*d/l}
}

// Countries returns the countries m's points and flows are on, once each in
// order of appearance: pass them as Region to crop the map to the corridor.
func (m FlowMap) Countries() []string {
	var out []string
	seen := map[string]bool{}
	add := func(c string) {
		if c != "" && !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, p := range m.Points {
		add(p.Country)
	}
	for _, f := range m.Flows {
		add(f.From)
		add(f.To)
	}
	return out
}
