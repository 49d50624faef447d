package ctdc

import (
	"math/rand/v2"
	"strconv"
	"testing"
)

// BenchmarkAnonymise: the whole lattice over generated registers.
func BenchmarkAnonymise(b *testing.B) {
	for _, n := range []int{1000, 20000} {
		rows := genRows(rand.New(rand.NewPCG(1, 2)), n)
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			for b.Loop() {
				Anonymise(rows, Options{})
			}
		})
	}
}
