package worldmap

import (
	"math"
	"strconv"
	"strings"
	"sync"
)

// shape is a country projected once: its polygons' rings in map units, its
// bounds, and the bounds and label point of its main polygon (largest ring),
// so France is placed in Europe and not between Europe and Guiana.
type shape struct {
	code     string
	name     string
	rings    [][]pt // outer rings and holes alike: drawn with evenodd
	bounds   box
	main     box
	centroid pt
}

type box struct{ x0, y0, x1, y1 float64 }

func emptyBox() box { return box{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)} }

func (b *box) add(p pt) {
	b.x0, b.y0 = math.Min(b.x0, p.x), math.Min(b.y0, p.y)
	b.x1, b.y1 = math.Max(b.x1, p.x), math.Max(b.y1, p.y)
}

func (b *box) union(o box) {
	b.add(pt{o.x0, o.y0})
	b.add(pt{o.x1, o.y1})
}

func (b box) empty() bool { return b.x0 > b.x1 }

func (b box) overlaps(o box) bool {
	return b.x0 <= o.x1 && o.x0 <= b.x1 && b.y0 <= o.y1 && o.y0 <= b.y1
}

// centroidOverride places the point of countries whose main polygon's
// centroid misleads: a flow to France ends near Paris, not in the Massif
// Central's south; the United States' and Russia's points sit where their
// people and routes are; Norway's long coast puts its centroid in Sweden.
var centroidOverride = map[string]lonLat{
	"FRA": {2.5, 47},
	"USA": {-97, 39},
	"RUS": {40, 56},
	"NOR": {9.5, 61},
	"CAN": {-95, 52},
	"GBR": {-1.5, 52.5},
}

var (
	loadOnce sync.Once
	shapes   []*shape
	byCode   map[string]*shape
	loadErr  error
	// worldPaths is the path data of every shape in the world view, drawn
	// once: most pages show the whole world.
	worldPaths map[*shape]string
)

// load decodes and projects the embedded countries once.
func load() error {
	loadOnce.Do(func() {
		fs, err := decodeTopology(countriesJSON, "countries")
		if err != nil {
			loadErr = err
			return
		}
		byCode = map[string]*shape{}
		for _, f := range fs {
			s := &shape{code: f.code, name: f.name, bounds: emptyBox()}
			bestArea := -1.0
			var best []pt
			for _, poly := range f.polygons {
				for i, whole := range poly {
					for _, r := range splitAntimeridian(whole) {
						ring := make([]pt, len(r))
						for j, p := range r {
							ring[j] = project(p)
							s.bounds.add(ring[j])
						}
						s.rings = append(s.rings, ring)
						if a := math.Abs(area(ring)); i == 0 && a > bestArea {
							bestArea, best = a, ring
						}
					}
				}
			}
			s.main = emptyBox()
			for _, p := range best {
				s.main.add(p)
			}
			s.centroid = centroid(best)
			if o, ok := centroidOverride[s.code]; ok {
				s.centroid = project(o)
			}
			shapes = append(shapes, s)
			if s.code != "" {
				byCode[s.code] = s
			}
		}
		worldPaths = map[*shape]string{}
		v := worldView()
		for _, s := range shapes {
			worldPaths[s] = s.path(v)
		}
	})
	return loadErr
}

// area is a ring's signed area (shoelace).
func area(r []pt) float64 {
	a := 0.0
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i].x*r[j].y - r[j].x*r[i].y
	}
	return a / 2
}

// centroid is the area centroid of a ring, or its mean point when it has
// no area.
func centroid(r []pt) pt {
	a := area(r)
	if len(r) == 0 {
		return pt{}
	}
	if math.Abs(a) < 1e-9 {
		var c pt
		for _, p := range r {
			c.x, c.y = c.x+p.x, c.y+p.y
		}
		return pt{c.x / float64(len(r)), c.y / float64(len(r))}
	}
	var cx, cy float64
	for i := range r {
		j := (i + 1) % len(r)
		f := r[i].x*r[j].y - r[j].x*r[i].y
		cx += (r[i].x + r[j].x) * f
		cy += (r[i].y + r[j].y) * f
	}
	return pt{cx / (6 * a), cy / (6 * a)}
}

// view maps map units to the SVG's own units: every view is drawn 1000
// units wide, so coordinates round to whole units whatever the zoom.
type view struct {
	frame box     // the part of the map shown, in map units
	scale float64 // SVG units per map unit
}

const viewWidth = 1000.0

func newView(frame box) view {
	return view{frame: frame, scale: viewWidth / (frame.x1 - frame.x0)}
}

func (v view) at(p pt) pt {
	return pt{(p.x - v.frame.x0) * v.scale, (p.y - v.frame.y0) * v.scale}
}

func (v view) height() float64 { return (v.frame.y1 - v.frame.y0) * v.scale }

// worldView frames every country but Antarctica, which no statistic of this
// program is about and which would take a fifth of the height.
func worldView() view {
	b := emptyBox()
	for _, s := range shapes {
		if s.code != "ATA" {
			b.union(s.bounds)
		}
	}
	return newView(pad(b, 0.01))
}

func pad(b box, f float64) box {
	dx, dy := (b.x1-b.x0)*f, (b.y1-b.y0)*f
	return box{b.x0 - dx, b.y0 - dy, b.x1 + dx, b.y1 + dy}
}

// path writes the shape's rings as compact SVG path data in v: whole units,
// relative moves, repeated points dropped, and rings that round to fewer
// than three points (islands smaller than a unit) left out unless the
// country would have none.
func (s *shape) path(v view) string {
	var b, ring strings.Builder
	for pass := 0; pass < 2 && b.Len() == 0; pass++ {
		for _, r := range s.rings {
			ring.Reset()
			if n := s.ring(&ring, r, v); n >= 3 || pass == 1 {
				b.WriteString(ring.String())
			}
		}
	}
	return b.String()
}

// ring writes one ring and returns how many distinct points it has.
func (s *shape) ring(b *strings.Builder, r []pt, v view) int {
	var last [2]int
	n := 0
	for i, p := range r {
		q := v.at(p)
		c := [2]int{int(math.Round(q.x)), int(math.Round(q.y))}
		if i == 0 {
			b.WriteByte('M')
			b.WriteString(strconv.Itoa(c[0]))
			b.WriteByte(' ')
			b.WriteString(strconv.Itoa(c[1]))
			last, n = c, 1
			continue
		}
		if c == last {
			continue
		}
		if n == 1 {
			b.WriteByte('l')
		} else if c[0]-last[0] >= 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(c[0] - last[0]))
		if c[1]-last[1] >= 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Itoa(c[1] - last[1]))
		last = c
		n++
	}
	b.WriteByte('z')
	return n
}
