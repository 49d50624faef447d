package linkage

import (
	"math"
	"testing"

	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// TestFEBRL4 is the acceptance check: precision and recall >= 0.99 at the
// default threshold. Run: go test -run TestFEBRL4 -v ./internal/linkage/
func TestFEBRL4(t *testing.T) {
	dir := sharedtest.Path(t, "febrl")
	reps, err := EvalFEBRL(dir, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := reps[0]
	t.Log(words(r.Lines()))
	if r.Precision < 0.99 || r.Recall < 0.99 {
		t.Errorf("FEBRL 4 below 0.99: precision %.4f recall %.4f", r.Precision, r.Recall)
	}
}

// TestMultiparty prints the five-party cluster quality against the shared
// ids. The data are heavily corrupted; the floor guards against regressions.
func TestMultiparty(t *testing.T) {
	dir := sharedtest.Path(t, "anonlink")
	reps, err := EvalMultiparty(dir, EvalOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r := reps[0]
	t.Log(words(r.Lines()))
	if r.Precision < 0.9 || r.Recall < 0.8 {
		t.Errorf("five parties: precision %.4f recall %.4f below the 0.9/0.8 floor", r.Precision, r.Recall)
	}
}

// TestFEBRL4LSH: LSH blocking with the default block sizes and with tighter
// ones keeps precision and recall >= 0.99 on FEBRL 4.
func TestFEBRL4LSH(t *testing.T) {
	dir := sharedtest.Path(t, "febrl")
	for _, p := range []LSHParams{{}, {MinBlock: 10, MaxBlock: 20}} {
		reps, err := EvalFEBRL(dir, EvalOptions{Blocking: BlockLSHBlocks, LSH: p})
		if err != nil {
			t.Fatal(err)
		}
		r := reps[0]
		t.Log(words(r.Lines()))
		q := p.withDefaults()
		if r.Precision < 0.99 || r.Recall < 0.99 {
			t.Errorf("FEBRL 4, LSH %+v: precision %.4f recall %.4f below 0.99", p, r.Precision, r.Recall)
		}
		if r.Blocking != BlockLSHBlocks || r.SmallestBlock < q.MinBlock || r.LargestBlock > q.MaxBlock || r.Comparisons >= 5000*5000 {
			t.Errorf("FEBRL 4, LSH %+v: blocking %s, blocks %+v, %d comparisons", p, r.Blocking, r.BlockStats, r.Comparisons)
		}
	}
}

// TestFEBRL4Auto: the automatic threshold reaches precision and recall >=
// 0.99 on FEBRL 4, and its estimates are within 0.03 of the measured ones.
func TestFEBRL4Auto(t *testing.T) {
	dir := sharedtest.Path(t, "febrl")
	reps, err := EvalFEBRL(dir, EvalOptions{Auto: true})
	if err != nil {
		t.Fatal(err)
	}
	r := reps[0]
	if r.AutoFallback != nil || r.Auto == nil {
		t.Fatalf("no automatic threshold: %v", r.AutoFallback)
	}
	t.Logf("threshold %.4f: precision %.4f recall %.4f, estimated %.4f %.4f", r.Threshold, r.Precision, r.Recall, r.Auto.Precision, r.Auto.Recall)
	if r.Precision < 0.99 || r.Recall < 0.99 {
		t.Errorf("FEBRL 4 auto below 0.99: precision %.4f recall %.4f", r.Precision, r.Recall)
	}
	if math.Abs(r.Auto.Precision-r.Precision) > 0.03 || math.Abs(r.Auto.Recall-r.Recall) > 0.03 {
		t.Errorf("estimates %.4f %.4f, measured %.4f %.4f", r.Auto.Precision, r.Auto.Recall, r.Precision, r.Recall)
	}
}
