package kernel

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func randomFlat(r *rand.Rand, n, words int, density float64) []uint64 {
	flat := make([]uint64, n*words)
	for i := range flat {
		var w uint64
		for b := 0; b < 64; b++ {
			if r.Float64() < density {
				w |= 1 << b
			}
		}
		flat[i] = w
	}
	return flat
}

// nearCopies makes vectors that are noisy copies of the first ones so that
// some pairs clear realistic thresholds.
func nearCopies(r *rand.Rand, src []uint64, n, words int) []uint64 {
	out := make([]uint64, n*words)
	copy(out, src)
	for i := range out {
		if r.IntN(8) == 0 {
			out[i] ^= 1 << r.IntN(64)
		}
	}
	return out
}

func sortHits(h []Hit) []Hit {
	slices.SortFunc(h, func(a, b Hit) int {
		if a.Q != b.Q {
			return int(a.Q) - int(b.Q)
		}
		return int(a.C) - int(b.C)
	})
	return h
}

func TestKernelsAgreeWithReference(t *testing.T) {
	// Say which kernels this machine could check: the AVX-512 one only
	// runs where the processor has VPOPCNTQ.
	for _, k := range Available() {
		t.Logf("compared with the reference: %s", k.Name())
	}
	r := rand.New(rand.NewPCG(1, 2))
	sizes := [][2]int{{1, 1}, {0, 5}, {5, 0}, {3, 7}, {33, 9}, {70, 263}, {129, 300}}
	for _, words := range []int{16, 8, 3} {
		for _, sz := range sizes {
			for _, density := range []float64{0, 0.05, 0.3, 0.5} {
				for _, thr := range []Threshold{1, 5000, 8000, 9999, 10000} {
					a := randomFlat(r, sz[0], words, density)
					b := nearCopies(r, a, sz[1], words)
					if sz[1] > sz[0] {
						copy(b[sz[0]*words:], randomFlat(r, sz[1]-sz[0], words, density))
					}
					qa, _ := Pack(words, a)
					cb, _ := Pack(words, b)
					want, _ := Scan(Reference(), qa, cb, thr, 1)
					want = sortHits(want)
					for _, k := range Available() {
						for _, workers := range []int{1, 3} {
							got, err := Scan(k, qa, cb, thr, workers)
							if err != nil {
								t.Fatal(err)
							}
							if !slices.Equal(sortHits(got), want) {
								t.Fatalf("%s words=%d sizes=%v density=%v thr=%d workers=%d: %d hits, want %d",
									k.Name(), words, sz, density, thr, workers, len(got), len(want))
							}
						}
					}
				}
			}
		}
	}
}

func TestMatchesRule(t *testing.T) {
	cases := []struct {
		c, pa, pb int
		t         Threshold
		want      bool
	}{
		{4, 5, 5, 8000, true},  // exactly 0.8
		{4, 5, 5, 8001, false}, // just above
		{0, 0, 0, 1, false},    // empty vectors never match
		{0, 3, 0, 1, false},
		{10, 10, 10, 10000, true},
	}
	for _, c := range cases {
		if got := Matches(c.c, c.pa, c.pb, c.t); got != c.want {
			t.Errorf("Matches(%d,%d,%d,%d) = %v", c.c, c.pa, c.pb, c.t, got)
		}
	}
}

func TestThresholdFromFloat(t *testing.T) {
	if th, err := ThresholdFromFloat(0.8); err != nil || th != 8000 {
		t.Fatalf("0.8 -> %d %v", th, err)
	}
	for _, bad := range []float64{0, -0.1, 1.01} {
		if _, err := ThresholdFromFloat(bad); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}

func TestByName(t *testing.T) {
	if _, err := ByName("portable"); err != nil {
		t.Fatal(err)
	}
	if _, err := ByName("nonsense"); err == nil {
		t.Fatal("unknown kernel accepted")
	}
	t.Setenv(EnvVar, "portable")
	k, err := Best()
	if err != nil || k.Name() != "portable" {
		t.Fatalf("Best with %s=portable: %v %v", EnvVar, k, err)
	}
}

func TestScanTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	a := randomFlat(r, 70, 16, 0.3)
	b := nearCopies(r, a, 70, 16)
	qa, _ := Pack(16, a)
	cb, _ := Pack(16, b)
	all, _ := Scan(Reference(), qa, cb, 1, 1) // every pair with a common bit
	want := keepTopK(sortHits(all), qa, cb, 3)
	for _, k := range Available() {
		got, err := ScanTopK(k, qa, cb, 1, 2, 3)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(sortHits(got), sortHits(slices.Clone(want))) {
			t.Fatalf("%s: top-3 differs from the reference", k.Name())
		}
		perQ := map[uint32]int{}
		for _, h := range got {
			perQ[h.Q]++
		}
		for q, n := range perQ {
			if n > 3 {
				t.Fatalf("%s: query %d kept %d hits", k.Name(), q, n)
			}
		}
	}
}
