package worldmap

import "math"

// Equal Earth projection (Šavrič, Patterson and Jenny, 2018): equal-area, so
// a choropleth's large countries do not look larger than they are, with
// straight parallels and a familiar shape.
const (
	eeA1 = 1.340264
	eeA2 = -0.081106
	eeA3 = 0.000893
	eeA4 = 0.003796
)

var eeM = math.Sqrt(3) / 2

// equalEarth projects degrees to the projection's unit plane, y pointing
// north: x in about ±2.7066, y in about ±1.3173.
func equalEarth(lon, lat float64) (x, y float64) {
	lam, phi := lon*math.Pi/180, lat*math.Pi/180
	theta := math.Asin(eeM * math.Sin(phi))
	t2 := theta * theta
	t6 := t2 * t2 * t2
	x = lam * math.Cos(theta) / (eeM * (eeA1 + 3*eeA2*t2 + t6*(7*eeA3+9*eeA4*t2)))
	y = theta * (eeA1 + eeA2*t2 + t6*(eeA3+eeA4*t2))
	return x, y
}

// worldScale maps the projection's plane to map units: the world 1000 wide.
var worldScale = 500 / xMax()

func xMax() float64 { x, _ := equalEarth(180, 0); return x }

// pt is a projected point in map units, y pointing down as in SVG.
type pt struct{ x, y float64 }

func project(p lonLat) pt {
	x, y := equalEarth(p.lon, p.lat)
	return pt{x * worldScale, -y * worldScale}
}
