package estimate

import (
	"strings"
	"testing"
)

// bench5 is an invented five-list table (regional referral services of a
// West Africa - Europe corridor) with sparse overlaps and one pair that
// shares nobody (Conakry:Turin).
const bench5 = `Conakry,Dakar,Lyon,Turin,Sofia,count
1,0,0,0,0,310
0,1,0,0,0,420
0,0,1,0,0,515
0,0,0,1,0,260
0,0,0,0,1,140
1,1,0,0,0,22
1,0,1,0,0,9
1,0,0,0,1,3
0,1,1,0,0,31
0,1,0,1,0,4
0,1,0,0,1,2
0,0,1,1,0,17
0,0,1,0,1,6
0,0,0,1,1,5
1,1,1,0,0,2
0,1,1,1,0,1
`

func benchTable(b *testing.B) *Table {
	b.Helper()
	tb, err := ReadTable(strings.NewReader(bench5))
	if err != nil {
		b.Fatal(err)
	}
	return tb
}

// BenchmarkFit5Lists fits one model with three interactions on 31 cells.
func BenchmarkFit5Lists(b *testing.B) {
	tb := benchTable(b)
	ts := []Term{{0, 1}, {1, 2}, {2, 3}}
	for b.Loop() {
		if _, err := FitModel(tb, ts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck5Lists runs the rank and LP existence checks for one model.
func BenchmarkCheck5Lists(b *testing.B) {
	tb := benchTable(b)
	ts := []Term{{0, 1}, {1, 2}, {2, 3}}
	for b.Loop() {
		if !CheckModel(tb, ts).OK() {
			b.Fatal("model refused")
		}
	}
}

// BenchmarkEstimate5Lists times a whole estimate per method, interval
// included.
func BenchmarkEstimate5Lists(b *testing.B) {
	tb := benchTable(b)
	for _, m := range []Method{Stepwise, Main, AIC, BIC} {
		b.Run(string(m), func(b *testing.B) {
			opts := DefaultOptions()
			opts.Method = m
			for b.Loop() {
				if _, err := Estimate(tb, opts); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkBootstrap5Lists times 1000 bootstrap replicates of one model.
func BenchmarkBootstrap5Lists(b *testing.B) {
	tb := benchTable(b)
	f, err := FitModel(tb, []Term{{0, 1}, {1, 2}})
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		Bootstrap(tb, f, 1000, 1)
	}
}

// TestBenchTableEstimates keeps the benchmark table meaningful: it must run
// every method and never choose the pair that shares nobody.
func TestBenchTableEstimates(t *testing.T) {
	tb, err := ReadTable(strings.NewReader(bench5))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []Method{Stepwise, Main, AIC, BIC} {
		opts := DefaultOptions()
		opts.Method = m
		r, err := Estimate(tb, opts)
		if err != nil {
			t.Fatalf("%s: %v", m, err)
		}
		checkResult(t, string(m), r)
		if len(r.EmptyPairs) != 1 || r.EmptyPairs[0] != (Term{0, 3}) {
			t.Errorf("empty pairs %v, want Conakry:Turin", TermNames(r.Lists, r.EmptyPairs))
		}
	}
}
