package disclosure

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkProtectAgainstHistory prints the time to protect a table
// against a history of releases over the same people (the store links at
// most 20).
func BenchmarkProtectAgainstHistory(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 3))
	ps := people(rng, 400)
	vars := [][]string{{"sex"}, {"age"}, {"citizenship"}, {"sex", "age"}, {"sex", "citizenship"},
		{"age", "citizenship"}, {"sex", "age", "citizenship"}}
	for _, n := range []int{3, 6, 12, 20} {
		var history []Release
		for i := range n {
			r, err := ProtectAgainst(crossTab(ps, vars[i%len(vars)]...), DefaultPolicy(), history)
			if err != nil {
				b.Fatal(err)
			}
			history = append(history, r)
		}
		next := crossTab(ps, "sex", "age", "citizenship")
		b.Run(fmt.Sprintf("history-%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := ProtectAgainst(next, DefaultPolicy(), history); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
