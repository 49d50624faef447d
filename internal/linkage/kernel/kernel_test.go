package kernel

import (
	"math/bits"
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

// emptyRows clears every seventh vector (and the first) of flat so that
// empty vectors sit among others in the same group.
func emptyRows(flat []uint64, words int) {
	for i := 0; i*words < len(flat); i += 7 {
		clear(flat[i*words : (i+1)*words])
	}
}

func TestKernelsAgreeWithReference(t *testing.T) {
	// Say which kernels this machine could check: the assembly ones only run
	// where the processor has the instructions (popcnt, avx2, avx512).
	for _, k := range Available() {
		t.Logf("compared with the reference: %s", k.Name())
	}
	r := rand.New(rand.NewPCG(1, 2))
	// Query counts cover blocks of 4 (popcnt) with 1-3 left over, several
	// query blocks; candidate counts are rarely a multiple of GroupSize.
	sizes := [][2]int{{1, 1}, {0, 5}, {5, 0}, {2, 9}, {3, 17}, {33, 9}, {70, 263}, {129, 300}}
	hits := 0
	for _, words := range []int{16, 8, 3, 17} {
		for _, sz := range sizes {
			for _, density := range []float64{0, 0.05, 0.3, 0.5, 0.9} {
				for _, thr := range []Threshold{1, 5000, 8000, 9999, 10000} {
					a := randomFlat(r, sz[0], words, density)
					b := nearCopies(r, a, sz[1], words)
					if sz[1] > sz[0] {
						copy(b[sz[0]*words:], randomFlat(r, sz[1]-sz[0], words, density))
					}
					if density == 0.3 {
						emptyRows(a, words)
						emptyRows(b, words)
					}
					qa, _ := Pack(words, a)
					cb, _ := Pack(words, b)
					want, _ := Scan(Reference(), qa, cb, thr, 1)
					want = sortHits(want)
					hits += len(want)
					for _, k := range Available() {
						if k.Name() == "reference" {
							continue
						}
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
	if hits < 10000 {
		t.Fatalf("only %d reference hits: the comparison would prove little", hits)
	}
}

// TestKernelsExactBoundary finds pairs whose Dice coefficient is exactly a
// Threshold T (2c*Scale == T*(pa+pb)) and checks that every kernel reports
// them at T and not at T+1, in agreement with the reference. It takes at
// most one such pair per query so that they fall in different query blocks.
func TestKernelsExactBoundary(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	for _, words := range []int{16, 5} {
		a := randomFlat(r, 37, words, 0.3)
		b := nearCopies(r, a, 45, words)
		copy(b[37*words:], randomFlat(r, 8, words, 0.3))
		emptyRows(b, words)
		qa, _ := Pack(words, a)
		cb, _ := Pack(words, b)
		boundaries := 0
		for i := 0; i < qa.Len(); i++ {
			for j := 0; j < cb.Len(); j++ {
				c := 0
				for k, w := range qa.Row(i) {
					c += bits.OnesCount64(w & cb.Row(j)[k])
				}
				sum := qa.Pop(i) + cb.Pop(j)
				if c == 0 || (2*c*Scale)%sum != 0 {
					continue
				}
				thr := Threshold(2 * c * Scale / sum)
				pair := Hit{Q: uint32(i), C: uint32(j), Count: uint32(c)}
				boundaries++
				for _, tt := range []Threshold{thr, thr + 1} {
					want, _ := Scan(Reference(), qa, cb, tt, 1)
					want = sortHits(want)
					if slices.Contains(want, pair) != (tt == thr) {
						t.Fatalf("reference at T=%d: pair %v present=%v", tt, pair, tt != thr)
					}
					for _, k := range Available() {
						got, _ := Scan(k, qa, cb, tt, 2)
						if !slices.Equal(sortHits(got), want) {
							t.Fatalf("%s words=%d T=%d (boundary of pair %v): %d hits, want %d",
								k.Name(), words, tt, pair, len(got), len(want))
						}
					}
				}
				break
			}
		}
		t.Logf("words=%d: %d pairs at an exact threshold", words, boundaries)
		if boundaries < 8 {
			t.Fatalf("words=%d: only %d pairs at an exact threshold", words, boundaries)
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
	if _, err := ByName("nonsense"); err == nil {
		t.Fatal("unknown kernel accepted")
	}
	ks := Available()
	t.Setenv(EnvVar, "")
	if k, _ := Best(); k.Name() != ks[len(ks)-1].Name() {
		t.Fatalf("Best = %s, want the last of Available (%s)", k.Name(), ks[len(ks)-1].Name())
	}
	for _, want := range ks {
		if k, err := ByName(want.Name()); err != nil || k.Name() != want.Name() {
			t.Fatalf("ByName(%s) = %v, %v", want.Name(), k, err)
		}
		t.Setenv(EnvVar, want.Name())
		k, err := Best()
		if err != nil || k.Name() != want.Name() {
			t.Fatalf("Best with %s=%s: %v %v", EnvVar, want.Name(), k, err)
		}
	}
}

func TestScanTopK(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	a := randomFlat(r, 70, 16, 0.3)
	b := nearCopies(r, a, 70, 16)
	qa, _ := Pack(16, a)
	cb, _ := Pack(16, b)
	all, _ := Scan(Reference(), qa, cb, 1, 1) // every pair with a common bit
	want := KeepTopK(sortHits(all), qa, cb, 3)
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

// TestBlockBeyondQueryBlock calls each kernel's block directly with more
// queries and candidate groups than Scan ever passes at once.
func TestBlockBeyondQueryBlock(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	a := randomFlat(r, 3*queryBlock+5, 16, 0.3)
	qa, _ := Pack(16, a)
	cb, _ := Pack(16, nearCopies(r, a, 2*tileGroups*GroupSize+3, 16))
	const thr = 6000
	qrhs := make([]int64, qa.Len())
	for i := range qrhs {
		qrhs[i] = thr * int64(qa.Pop(i))
	}
	crhs := make([]int64, len(cb.pop))
	for i, p := range cb.pop {
		crhs[i] = thr * int64(p)
	}
	want, _ := Scan(Reference(), qa, cb, thr, 1)
	want = sortHits(want)
	if len(want) < qa.Len() {
		t.Fatalf("only %d reference hits", len(want))
	}
	for _, k := range Available() {
		got := k.block(qa, 0, qa.Len(), qrhs, cb, 0, cb.groups(), crhs, thr, nil)
		if !slices.Equal(sortHits(got), want) {
			t.Errorf("%s: %d hits, want %d", k.Name(), len(got), len(want))
		}
	}
}
