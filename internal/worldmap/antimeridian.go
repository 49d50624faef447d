package worldmap

import "math"

// splitAntimeridian cuts a ring that crosses the 180th meridian (Russia's
// Chukotka, Fiji) into its parts on either side, so no edge runs across
// the whole map. A ring around a pole (Antarctica) is kept whole: its
// longitudes wrap once and it has no far side.
func splitAntimeridian(r []lonLat) [][]lonLat {
	crosses := false
	for i := 1; i < len(r); i++ {
		if math.Abs(r[i].lon-r[i-1].lon) > 180 {
			crosses = true
			break
		}
	}
	if !crosses {
		return [][]lonLat{r}
	}
	// Unwrap the longitudes so the ring is continuous past ±180.
	u := make([]lonLat, len(r))
	u[0] = r[0]
	off := 0.0
	lo, hi := r[0].lon, r[0].lon
	for i := 1; i < len(r); i++ {
		switch d := r[i].lon - r[i-1].lon; {
		case d > 180:
			off -= 360
		case d < -180:
			off += 360
		}
		u[i] = lonLat{r[i].lon + off, r[i].lat}
		lo, hi = math.Min(lo, u[i].lon), math.Max(hi, u[i].lon)
	}
	if math.Abs(u[len(u)-1].lon-u[0].lon) > 180 {
		return [][]lonLat{r} // around a pole
	}
	seam, shift := 180.0, -360.0
	if lo < -180 {
		seam, shift = -180, 360
	}
	var out [][]lonLat
	for _, side := range []float64{-1, 1} {
		part := clipMeridian(u, seam, side)
		if len(part) < 3 {
			continue
		}
		// The part beyond the seam moves back into [-180, 180].
		if (side > 0) == (seam > 0) {
			for i := range part {
				part[i].lon += shift
			}
		}
		out = append(out, part)
	}
	return out
}

// clipMeridian keeps the part of ring r on one side of meridian m (side -1:
// west of it, +1: east), Sutherland-Hodgman against one line; an edge that
// follows the meridian gets a point every 5 degrees so it projects onto the
// map's curved edge.
func clipMeridian(r []lonLat, m, side float64) []lonLat {
	in := func(p lonLat) bool { return (p.lon-m)*side >= 0 }
	cut := func(a, b lonLat) lonLat {
		t := (m - a.lon) / (b.lon - a.lon)
		return lonLat{m, a.lat + t*(b.lat-a.lat)}
	}
	var out []lonLat
	add := func(p lonLat) {
		if n := len(out); n > 0 && out[n-1].lon == m && p.lon == m {
			prev := out[n-1]
			steps := int(math.Abs(p.lat-prev.lat) / 5)
			for k := 1; k < steps; k++ {
				out = append(out, lonLat{m, prev.lat + (p.lat-prev.lat)*float64(k)/float64(steps)})
			}
		}
		out = append(out, p)
	}
	for i := range r {
		a, b := r[i], r[(i+1)%len(r)]
		switch {
		case in(a) && in(b):
			add(b)
		case in(a) && !in(b):
			add(cut(a, b))
		case !in(a) && in(b):
			add(cut(a, b))
			add(b)
		}
	}
	return out
}
