package kernel

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// TestSlicedMixedPopcounts: the portable kernel filters a group of 64
// candidates with the group's lowest threshold term, so candidates of very
// different popcounts in one group, and ranges that start or end inside a
// group, must still give exactly the reference's hits.
func TestSlicedMixedPopcounts(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	var qf, cf []uint64
	for range 70 {
		qf = append(qf, randomFlat(r, 1, 16, r.Float64())...)
	}
	for range 300 {
		cf = append(cf, randomFlat(r, 1, 16, r.Float64())...)
	}
	// Near copies of some queries, so that every threshold has hits, and a
	// full vector on both sides: a count of 1024 uses every counter bit.
	cf = append(cf, nearCopies(r, qf[:20*16], 20, 16)...)
	full := slices.Repeat([]uint64{^uint64(0)}, 16)
	qf, cf = append(qf, full...), append(cf, full...)
	q, _ := Pack(16, qf)
	c, _ := Pack(16, cf)
	for _, thr := range []Threshold{1, 2500, 5000, 7500, 9000, Scale} {
		want, _ := Scan(Reference(), q, c, thr, 1)
		got, _ := Scan(Portable(), q, c, thr, 1)
		if !slices.Equal(sortHits(got), sortHits(want)) {
			t.Errorf("threshold %d: %d hits, reference %d", thr, len(got), len(want))
		}
		if thr == 5000 && len(want) < 100 {
			t.Errorf("threshold %d: only %d reference hits, the test is too weak", thr, len(want))
		}
		// Ranges that cut groups of 64: every window gives its share.
		crhs := make([]int64, len(c.pop))
		for i, p := range c.pop {
			crhs[i] = int64(thr) * int64(p)
		}
		qrhs := make([]int64, q.n)
		for i, p := range q.pop[:q.n] {
			qrhs[i] = int64(thr) * int64(p)
			if p == 0 {
				qrhs[i] = 1<<63 - 1
			}
		}
		for _, w := range [][2]int{{0, 1}, {5, 70}, {63, 65}, {64, 128}, {100, 320}, {250, c.n}} {
			got := sortHits(sliced16(q, 0, q.n, qrhs, c, w[0], w[1], crhs, nil))
			var in []Hit
			for _, h := range sortHits(want) {
				if int(h.C) >= w[0] && int(h.C) < w[1] {
					in = append(in, h)
				}
			}
			if !slices.Equal(got, in) {
				t.Errorf("threshold %d, candidates %v: %d hits, want %d", thr, w, len(got), len(in))
			}
		}
	}
}
