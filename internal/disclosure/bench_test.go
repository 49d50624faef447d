package disclosure

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// benchTable is a three-way table of levels^3 cells with counts as a
// register's: most cells large, one in five below 11.
func benchTable(levels int) Table {
	rng := rand.New(rand.NewPCG(9, 9))
	t := Table{Vars: []string{"a", "b", "c"}}
	for i := range levels {
		for j := range levels {
			for k := range levels {
				n := int64(11 + rng.IntN(500))
				if rng.IntN(5) == 0 {
					n = int64(rng.IntN(11))
				}
				t.Cells = append(t.Cells, Cell{Values: []string{fmt.Sprint(i), fmt.Sprint(j), fmt.Sprint(k)}, Count: n})
			}
		}
	}
	return t
}

// BenchmarkProtect prints the time to protect three-way tables of 64 to
// 1000 cells, and how many cells were withheld.
func BenchmarkProtect(b *testing.B) {
	for _, levels := range []int{4, 6, 8, 10} {
		tab := benchTable(levels)
		b.Run(fmt.Sprintf("%d-cells", len(tab.Cells)), func(b *testing.B) {
			var withheld int
			for b.Loop() {
				r, err := Protect(tab, DefaultPolicy())
				if err != nil {
					b.Fatal(err)
				}
				withheld = r.Suppressed
			}
			b.ReportMetric(float64(withheld), "withheld")
		})
	}
}
