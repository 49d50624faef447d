package estimate

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/sharedtest"
)

// The tests in this file use the published MSE data sets of SparseMSE kept in
// ../shared/data/mse next to the repository; they are skipped when it is absent.

var dataSets = []string{
	"UKdat.csv", "UKdat_5.csv", "NewOrl.csv", "NewOrl_5.csv",
	"Ned.csv", "Ned_5.csv", "Western.csv", "Artificial_3.csv",
}

// sharedMSE returns the folder of the shared MSE data or skips the test.
func sharedMSE(t testing.TB) string { return sharedtest.Path(t, "mse") }

func readShared(t testing.TB, dir, name string) *Table {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tb, err := ReadTable(f)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return tb
}

// TestUKHomeOfficeRange checks the stepwise estimate on the UK 2013 data
// against the published range of 10,000 to 13,000 potential victims.
func TestUKHomeOfficeRange(t *testing.T) {
	dir := sharedMSE(t)
	for _, name := range []string{"UKdat.csv", "UKdat_5.csv"} {
		tb := readShared(t, dir, name)
		r, err := Estimate(tb, DefaultOptions())
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		t.Logf("%s: observed %d, estimate %.0f, 95%% profile [%.0f, %.0f], Wald [%.0f, %.0f], terms %v",
			name, r.Observed, r.Estimate, r.Interval.Lower, r.Interval.Upper, r.Wald.Lower, r.Wald.Upper, r.TermNames())
		if r.Observed != 2744 {
			t.Errorf("%s: observed %d, want 2744", name, r.Observed)
		}
		if r.Estimate < 10000 || r.Estimate > 13000 {
			t.Errorf("%s: stepwise estimate %.0f outside the published 10,000-13,000", name, r.Estimate)
		}
		if !(r.Interval.Lower < r.Estimate && r.Estimate < r.Interval.Upper) {
			t.Errorf("%s: interval [%.0f, %.0f] does not contain %.0f", name, r.Interval.Lower, r.Interval.Upper, r.Estimate)
		}
	}
}

// TestAllDataSetsAllMethods runs every method on every data set, including
// those with lists that share nobody, and prints the chosen models. Run with
// -v to see the table that goes into reports.
func TestAllDataSetsAllMethods(t *testing.T) {
	dir := sharedMSE(t)
	methods := []Method{Stepwise, Main, AIC, BIC}
	var out strings.Builder
	fmt.Fprintf(&out, "%-16s %-9s %9s %10s %23s  %s\n", "data", "method", "observed", "estimate", "95% profile interval", "model")
	for _, name := range dataSets {
		tb := readShared(t, dir, name)
		for _, m := range methods {
			opts := DefaultOptions()
			opts.Method = m
			r, err := Estimate(tb, opts)
			if err != nil {
				t.Errorf("%s %s: %v", name, m, err)
				continue
			}
			checkResult(t, name+" "+string(m), r)
			fmt.Fprintf(&out, "%-16s %-9s %9d %10.0f %23s  %s\n", name, m, r.Observed, r.Estimate,
				fmt.Sprintf("[%.0f, %s]", r.Interval.Lower, fmtUpper(r.Interval.Upper)), in("en", r.ModelLabel()))
			// A fixed model equal to the chosen one must give the same answer.
			fixed := DefaultOptions()
			fixed.Method, fixed.Terms = Fixed, r.Terms
			rf, err := Estimate(tb, fixed)
			if err != nil {
				t.Errorf("%s fixed %v: %v", name, r.TermNames(), err)
				continue
			}
			if math.Abs(rf.Estimate-r.Estimate) > 1e-6*r.Estimate {
				t.Errorf("%s: fixed refit %.3f differs from %s %.3f", name, rf.Estimate, m, r.Estimate)
			}
		}
		// SparseMSE's extended treatment, stepwise.
		ext := DefaultOptions()
		ext.Extended = true
		re, err := Estimate(tb, ext)
		if err != nil {
			t.Errorf("%s extended: %v", name, err)
		} else {
			checkResult2(t, re)
			fmt.Fprintf(&out, "%-16s %-9s %9d %10.0f %23s  %s\n", name, "ext-step", re.Observed, re.Estimate,
				fmt.Sprintf("[%.0f, %s]", re.Interval.Lower, fmtUpper(re.Interval.Upper)), in("en", re.ModelLabel()))
		}
		// The bootstrap interval too, briefly (the command uses 1000).
		boot := DefaultOptions()
		boot.Interval, boot.Boot, boot.Seed = BootstrapInterval, MinBoot, 7
		rb, err := Estimate(tb, boot)
		if err != nil {
			t.Errorf("%s bootstrap: %v", name, err)
			continue
		}
		checkResult(t, name+" bootstrap", rb)
		if rb.Interval.Failed > MinBoot/10 {
			t.Errorf("%s: %d of %d bootstrap replicates failed", name, rb.Interval.Failed, MinBoot)
		}
	}
	t.Log("\n" + out.String())
}

func fmtUpper(u float64) string {
	if math.IsInf(u, 1) {
		return "inf"
	}
	return fmt.Sprintf("%.0f", u)
}

// checkResult checks the invariants of any result.
func checkResult(t *testing.T, what string, r *Result) {
	t.Helper()
	if !(r.Estimate >= float64(r.Observed)) || math.IsInf(r.Estimate, 0) || math.IsNaN(r.Estimate) {
		t.Errorf("%s: estimate %v not finite and >= observed %d", what, r.Estimate, r.Observed)
	}
	if !(r.Interval.Lower <= r.Estimate && r.Estimate <= r.Interval.Upper) {
		t.Errorf("%s: interval [%v, %v] does not contain %v", what, r.Interval.Lower, r.Interval.Upper, r.Estimate)
	}
	if r.Interval.Lower < float64(r.Observed) {
		t.Errorf("%s: lower %v below observed %d", what, r.Interval.Lower, r.Observed)
	}
	for _, tm := range r.Terms {
		for _, e := range r.EmptyPairs {
			if tm == e {
				t.Errorf("%s: chose %s, whose lists share nobody", what, tm.Name(r.Lists))
			}
		}
	}
}
