package worldmap

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"strconv"

	"golang.org/x/text/language"
)

// countriesJSON is Natural Earth's 1:110m Admin 0 countries as TopoJSON, from
// the npm package world-atlas (see data/README.md for provenance and
// data/SHA256SUMS for the checksum a test holds it to).
//
//go:embed data/countries-110m.json
var countriesJSON []byte

// topology is the part of a TopoJSON document this package reads.
type topology struct {
	Type      string `json:"type"`
	Transform *struct {
		Scale     [2]float64 `json:"scale"`
		Translate [2]float64 `json:"translate"`
	} `json:"transform"`
	Objects map[string]struct {
		Geometries []geometry `json:"geometries"`
	} `json:"objects"`
	Arcs [][][2]float64 `json:"arcs"`
}

type geometry struct {
	Type       string          `json:"type"`
	Arcs       json.RawMessage `json:"arcs"`
	ID         string          `json:"id"`
	Properties struct {
		Name string `json:"name"`
	} `json:"properties"`
}

// lonLat is a point in degrees.
type lonLat struct{ lon, lat float64 }

// feature is one country of the topology: its alpha-3 code (empty for the
// few areas without an ISO code), and its polygons, each a list of rings, the
// first the outer one.
type feature struct {
	code     string
	name     string // Natural Earth's English name, for logs and tests only
	polygons [][][]lonLat
}

// decodeTopology reads a quantized or plain TopoJSON topology's object into
// features: arcs are delta-decoded and dequantized, and rings stitched from
// their arcs (a negative index ~i is arc i reversed; each arc after the first
// repeats its predecessor's last point, which is dropped).
func decodeTopology(data []byte, object string) ([]feature, error) {
	var t topology
	if err := json.Unmarshal(data, &t); err != nil {
		return nil, fmt.Errorf("topojson: %w", err)
	}
	if t.Type != "Topology" {
		return nil, fmt.Errorf("topojson: type %q", t.Type)
	}
	obj, ok := t.Objects[object]
	if !ok {
		return nil, fmt.Errorf("topojson: no object %q", object)
	}
	arcs := make([][]lonLat, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([]lonLat, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform != nil {
				x, y = x+p[0], y+p[1]
				pts[j] = lonLat{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
			} else {
				pts[j] = lonLat{p[0], p[1]}
			}
		}
		arcs[i] = pts
	}
	ring := func(idx []int) ([]lonLat, error) {
		var out []lonLat
		for k, i := range idx {
			rev := i < 0
			if rev {
				i = ^i
			}
			if i >= len(arcs) {
				return nil, fmt.Errorf("topojson: arc %d of %d", i, len(arcs))
			}
			a := arcs[i]
			for j := range a {
				p := a[j]
				if rev {
					p = a[len(a)-1-j]
				}
				if k > 0 && j == 0 {
					continue
				}
				out = append(out, p)
			}
		}
		return out, nil
	}
	polygon := func(rings [][]int) ([][]lonLat, error) {
		var out [][]lonLat
		for _, r := range rings {
			pts, err := ring(r)
			if err != nil {
				return nil, err
			}
			out = append(out, pts)
		}
		return out, nil
	}
	var fs []feature
	for _, g := range obj.Geometries {
		f := feature{code: alpha3(g.ID), name: g.Properties.Name}
		switch g.Type {
		case "Polygon":
			var rings [][]int
			if err := json.Unmarshal(g.Arcs, &rings); err != nil {
				return nil, fmt.Errorf("topojson: %s: %w", g.ID, err)
			}
			p, err := polygon(rings)
			if err != nil {
				return nil, err
			}
			f.polygons = [][][]lonLat{p}
		case "MultiPolygon":
			var polys [][][]int
			if err := json.Unmarshal(g.Arcs, &polys); err != nil {
				return nil, fmt.Errorf("topojson: %s: %w", g.ID, err)
			}
			for _, rings := range polys {
				p, err := polygon(rings)
				if err != nil {
					return nil, err
				}
				f.polygons = append(f.polygons, p)
			}
		default:
			continue // points and lines are not countries
		}
		fs = append(fs, f)
	}
	return fs, nil
}

// alpha3 turns world-atlas' ISO 3166-1 numeric id into the alpha-3 code the
// rest of the program uses, through CLDR's M.49 table (which holds the ISO
// numeric codes of countries); an unknown or missing id gives "".
func alpha3(id string) string {
	n, err := strconv.Atoi(id)
	if err != nil {
		return ""
	}
	r, err := language.EncodeM49(n)
	if err != nil || !r.IsCountry() {
		return ""
	}
	return r.ISO3()
}
