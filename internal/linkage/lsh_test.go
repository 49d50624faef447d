package linkage

import (
	"cmp"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/linkage/kernel"
)

// plantedParties encodes parties records each: the first shared records of
// every party are the same invented people (party p > 0 with a typo in one
// name), the rest are people of that party alone. ids are "person-N".
func plantedParties(t testing.TB, parties, records, shared int, seed uint64) []*Encodings {
	t.Helper()
	return plantedPartiesWith(t, syntheticSettings(), parties, records, shared, seed)
}

func plantedPartiesWith(t testing.TB, s Settings, parties, records, shared int, seed uint64) []*Encodings {
	t.Helper()
	encs, err := GeneratedParties(s, testSecret(9), parties, records, shared, seed)
	if err != nil {
		t.Fatal(err)
	}
	return encs
}

func packAll(t testing.TB, encs []*Encodings) []*kernel.Vectors {
	t.Helper()
	out := make([]*kernel.Vectors, len(encs))
	for i, e := range encs {
		v, err := kernel.Pack(e.Words(), e.Flat)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = v
	}
	return out
}

// lshHitsMap is the blocking as it was before block sizes: every bucket a
// block, pairs deduplicated with a map. The new code must find the same
// hits when block sizes do not apply (MinBlock 1, MaxBlock unbounded).
func lshHitsMap(a, b *kernel.Vectors, t kernel.Threshold, p LSHParams) []kernel.Hit {
	p = p.withDefaults()
	pos, _ := p.positions(a.Words() * 64)
	seen := map[[2]uint32]bool{}
	var hits []kernel.Hit
	for _, bp := range pos {
		buckets := map[uint64][]uint32{}
		for i := 0; i < a.Len(); i++ {
			k := bandKey(a.Row(i), bp)
			buckets[k] = append(buckets[k], uint32(i))
		}
		for j := 0; j < b.Len(); j++ {
			for _, i := range buckets[bandKey(b.Row(j), bp)] {
				if seen[[2]uint32{i, uint32(j)}] {
					continue
				}
				c := popAnd(a.Row(int(i)), b.Row(j))
				if kernel.Matches(c, a.Pop(int(i)), b.Pop(j), t) {
					seen[[2]uint32{i, uint32(j)}] = true
					hits = append(hits, kernel.Hit{Q: i, C: uint32(j), Count: uint32(c)})
				}
			}
		}
	}
	return hits
}

func sortHits(h []kernel.Hit) []kernel.Hit {
	slices.SortFunc(h, func(x, y kernel.Hit) int {
		if x.Q != y.Q {
			return cmp.Compare(x.Q, y.Q)
		}
		return cmp.Compare(x.C, y.C)
	})
	return h
}

func TestLSHHitsSameAsMapVersion(t *testing.T) {
	s512 := syntheticSettings()
	s512.Bits = 512
	for _, c := range []struct {
		s    Settings
		bits int
	}{{syntheticSettings(), 8}, {syntheticSettings(), 12}, {s512, 10}} {
		checkSameAsMapVersion(t, c.s, c.bits)
	}
}

func checkSameAsMapVersion(t *testing.T, s Settings, bits int) {
	t.Helper()
	vs := packAll(t, plantedPartiesWith(t, s, 2, 400, 150, 1))
	thr, _ := kernel.ThresholdFromFloat(0.5)
	p := LSHParams{Bands: 30, BitsPerBand: bits, MinBlock: 1, MaxBlock: 1 << 30}
	want := sortHits(lshHitsMap(vs[0], vs[1], thr, p))
	x := buildLSH(vs, p.withDefaults(), 2)
	all, ns := x.hitsFrom(0, vs, thr, 3)
	got, n := sortHits(all[1]), ns[1]
	name := fmt.Sprintf("%d-bit encodings, %d bits a band", vs[0].Words()*64, bits)
	if !slices.Equal(got, want) {
		t.Errorf("%s: %d hits, the map version finds %d", name, len(got), len(want))
	}
	if len(want) < 150 || n <= 0 || n >= 400*400 {
		t.Errorf("%s: %d hits, %d comparisons: the data do not exercise blocking", name, len(want), n)
	}
}

// checkBands verifies the block size rules in every band, that every
// record sits in exactly the block blockAt names, and that each block's
// header splits its members by party.
func checkBands(t *testing.T, name string, x *lshIndex, n int, p LSHParams) {
	t.Helper()
	np, nb := len(x.offset)-1, len(x.bands)
	for bi, band := range x.bands {
		in := make([]int, n)
		for _, head := range band.heads {
			blk := x.members(bi, head, 0, np)
			if !slices.IsSorted(blk) {
				t.Fatalf("%s: band %d block at %d not sorted", name, bi, head)
			}
			if len(blk) > p.MaxBlock {
				t.Errorf("%s: band %d block at %d holds %d records, above MaxBlock %d", name, bi, head, len(blk), p.MaxBlock)
			}
			if len(blk) < p.MinBlock && n >= p.MinBlock {
				t.Errorf("%s: band %d block at %d holds %d records, below MinBlock %d", name, bi, head, len(blk), p.MinBlock)
			}
			for party := 0; party < np; party++ {
				for _, g := range x.members(bi, head, party, party+1) {
					if int(g) < x.offset[party] || int(g) >= x.offset[party+1] {
						t.Fatalf("%s: band %d record %d listed under party %d", name, bi, g, party)
					}
				}
			}
			for _, g := range blk {
				in[g]++
				if x.blockAt[int(g)*nb+bi] != head {
					t.Fatalf("%s: band %d record %d in block %d, blockAt says %d", name, bi, g, head, x.blockAt[int(g)*nb+bi])
				}
			}
		}
		left := 0
		for g, c := range in {
			if c > 1 {
				t.Fatalf("%s: band %d record %d in %d blocks", name, bi, g, c)
			}
			if c == 0 {
				left++
				if x.blockAt[g*nb+bi] != noBlock {
					t.Fatalf("%s: band %d record %d in no block, blockAt says %d", name, bi, g, x.blockAt[g*nb+bi])
				}
			}
		}
		if left >= max(p.MinBlock, 1) {
			t.Errorf("%s: band %d leaves %d records out (fewer than MinBlock %d allowed)", name, bi, left, p.MinBlock)
		}
	}
}

func TestLSHBlockSizes(t *testing.T) {
	encs := plantedParties(t, 3, 300, 100, 2)
	vs := packAll(t, encs)
	n := 900
	cases := []struct {
		name                    string
		bits, minB, maxB        int
		wantSmallest, wantLarge func(s BlockStats) bool
	}{
		{"no rules", 12, 1, 1 << 20, func(s BlockStats) bool { return s.SmallestBlock == 1 }, nil},
		{"min 2", 12, 2, 1000, func(s BlockStats) bool { return s.SmallestBlock == 2 }, nil},
		{"min 5", 12, 5, 1000, func(s BlockStats) bool { return s.SmallestBlock == 5 }, nil},
		{"min 20", 10, 20, 60, nil, nil},
		{"max 10 splits", 4, 2, 10, nil, func(s BlockStats) bool { return s.LargestBlock <= 10 }},
		{"max 40 with min 20", 3, 20, 40, nil, func(s BlockStats) bool { return s.LargestBlock <= 40 }},
		{"whole band below min", 12, 1000, 3000, func(s BlockStats) bool { return s.SmallestBlock == n && s.Blocks == 20 }, nil},
	}
	for _, c := range cases {
		p := LSHParams{Bands: 20, BitsPerBand: c.bits, MinBlock: c.minB, MaxBlock: c.maxB}.withDefaults()
		x := buildLSH(vs, p, 2)
		checkBands(t, c.name, x, n, p)
		if c.wantSmallest != nil && !c.wantSmallest(x.stats) {
			t.Errorf("%s: stats %+v", c.name, x.stats)
		}
		if c.wantLarge != nil && !c.wantLarge(x.stats) {
			t.Errorf("%s: stats %+v", c.name, x.stats)
		}
	}
}

// TestLSHSmallBucketsStayTogether: two records sharing a bucket smaller than
// MinBlock still share a block (the residual keeps small buckets whole).
func TestLSHSmallBucketsStayTogether(t *testing.T) {
	vs := packAll(t, plantedParties(t, 2, 300, 100, 3))
	p := LSHParams{Bands: 20, BitsPerBand: 12, MinBlock: 6, MaxBlock: 50}.withDefaults()
	x := buildLSH(vs, p, 2)
	pos, _ := p.positions(vs[0].Words() * 64)
	var rows [][]uint64
	for _, v := range vs {
		for r := 0; r < v.Len(); r++ {
			rows = append(rows, v.Row(r))
		}
	}
	checked := 0
	for bi, bp := range pos {
		buckets := map[uint64][]int{}
		for g, row := range rows {
			k := bandKey(row, bp)
			buckets[k] = append(buckets[k], g)
		}
		for _, recs := range buckets {
			if len(recs) < 2 || len(recs) >= p.MinBlock {
				continue
			}
			checked++
			at := func(g int) uint32 { return x.blockAt[g*len(x.bands)+bi] }
			b0 := at(recs[0])
			for _, g := range recs[1:] {
				if at(g) != b0 || b0 == noBlock {
					t.Fatalf("band %d: records %v share a small bucket but not a block", bi, recs)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no small bucket with two records: the test data do not exercise the residual")
	}
}

func groupsOf(res *Result) string {
	var s []string
	for _, g := range res.Groups {
		if len(g) > 1 {
			s = append(s, fmt.Sprint(g))
		}
	}
	return fmt.Sprint(s)
}

// TestLSHFindsWhatExhaustiveFinds: on planted matches with typos, LSH with
// block size rules (including splits forced by a small MaxBlock) links the
// same groups as exhaustive comparison, for two and three parties.
func TestLSHFindsWhatExhaustiveFinds(t *testing.T) {
	for _, parties := range []int{2, 3} {
		encs := plantedParties(t, parties, 500, 200, 4)
		none, err := Match(encs, MatchOptions{Blocking: BlockNone})
		if err != nil {
			t.Fatal(err)
		}
		if none.MatchedGroups() < 195 {
			t.Fatalf("%d parties: exhaustive finds only %d groups of 200 planted", parties, none.MatchedGroups())
		}
		for _, p := range []LSHParams{{}, {MinBlock: 2, MaxBlock: 4}, {MinBlock: 10, MaxBlock: 20}, {BitsPerBand: 6, MinBlock: 3, MaxBlock: 12}} {
			res, err := Match(encs, MatchOptions{Blocking: BlockLSHBlocks, LSH: p})
			if err != nil {
				t.Fatal(err)
			}
			if got, want := groupsOf(res), groupsOf(none); got != want {
				t.Errorf("%d parties, %+v: LSH groups differ from exhaustive (%d vs %d matched)", parties, p, res.MatchedGroups(), none.MatchedGroups())
			}
			q := p.withDefaults()
			if res.Blocks == 0 || res.SmallestBlock < q.MinBlock || res.LargestBlock > q.MaxBlock {
				t.Errorf("%d parties, %+v: block stats %+v", parties, p, res.BlockStats)
			}
			if res.Comparisons >= none.Comparisons {
				t.Errorf("%d parties, %+v: %d comparisons, exhaustive makes %d", parties, p, res.Comparisons, none.Comparisons)
			}
		}
	}
}

func TestCheckBlockSizes(t *testing.T) {
	cases := []struct {
		minB, maxB int
		want       string
	}{
		{2, 1000, ""}, {1, 2, ""}, {5, 10, ""},
		{0, 10, "lsh.minblock"}, {-3, 10, "lsh.minblock"},
		{2, 0, "lsh.maxblock"}, {2, -1, "lsh.maxblock"},
		{5, 9, "lsh.blockrange"}, {10, 5, "lsh.blockrange"},
	}
	for _, c := range cases {
		if got := errID(CheckBlockSizes(c.minB, c.maxB)); got != c.want {
			t.Errorf("min %d max %d: %q, want %q", c.minB, c.maxB, got, c.want)
		}
	}
	encs := plantedParties(t, 2, 20, 5, 5)
	if _, err := Match(encs, MatchOptions{Blocking: BlockLSHBlocks, LSH: LSHParams{MinBlock: 50, MaxBlock: 60}}); errID(err) != "lsh.blockrange" {
		t.Errorf("Match with max < 2*min: %v", err)
	}
}

func BenchmarkLSHMatch(b *testing.B) {
	encs := plantedParties(b, 2, 5000, 2000, 6)
	for _, p := range []LSHParams{{MinBlock: 1, MaxBlock: 1 << 30}, {}} {
		b.Run(fmt.Sprintf("min%d", p.withDefaults().MinBlock), func(b *testing.B) {
			cpu0 := cpuTime()
			for b.Loop() {
				if _, err := Match(encs, MatchOptions{Blocking: BlockLSHBlocks, LSH: p}); err != nil {
					b.Fatal(err)
				}
			}
			reportCPU(b, cpu0)
		})
	}
}

func BenchmarkLSHMapVersion(b *testing.B) {
	vs := packAll(b, plantedParties(b, 2, 5000, 2000, 6))
	thr, _ := kernel.ThresholdFromFloat(DefaultThreshold)
	cpu0 := cpuTime()
	for b.Loop() {
		lshHitsMap(vs[0], vs[1], thr, LSHParams{})
	}
	reportCPU(b, cpu0)
}

// reportCPU adds the CPU time per operation (the process's, so GC
// included): a figure that other load on the machine does not inflate.
func reportCPU(b *testing.B, cpu0 time.Duration) {
	b.ReportMetric(float64((cpuTime()-cpu0).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// BenchmarkLSHParts times the two halves of LSH matching apart: blocking
// every band, then gathering and comparing the candidates.
func BenchmarkLSHParts(b *testing.B) {
	vs := packAll(b, plantedParties(b, 2, 5000, 2000, 6))
	thr, _ := kernel.ThresholdFromFloat(DefaultThreshold)
	p := LSHParams{}.withDefaults()
	b.Run("build", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			buildLSH(vs, p, 0)
		}
		reportCPU(b, cpu0)
	})
	x := buildLSH(vs, p, 0)
	b.Run("hits", func(b *testing.B) {
		cpu0 := cpuTime()
		for b.Loop() {
			x.hitsFrom(0, vs, thr, 0)
		}
		reportCPU(b, cpu0)
	})
}
