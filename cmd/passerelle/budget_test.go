package main

import (
	"strings"
	"testing"
)

// A coordinator's budget set from the command line is shown back, and a bad
// one refused with the field named.
func TestBudgetCommand(t *testing.T) {
	dir := seeded(t)
	code, out, errs := run(t, "budget", "--data", dir, "--dataset", "ctdc-2022", "--audience", "org:ministry")
	if code != 0 || !strings.Contains(out, "epsilon 0 spent of 10") {
		t.Fatalf("default budget: %d %q %q", code, out, errs)
	}
	code, out, errs = run(t, "budget", "--data", dir, "--dataset", "ctdc-2022", "--audience", "org:ministry", "--epsilon", "2.5")
	if code != 0 || !strings.Contains(out, "epsilon 0 spent of 2.5") {
		t.Fatalf("set budget: %d %q %q", code, out, errs)
	}
	code, _, errs = run(t, "budget", "--data", dir, "--dataset", "ctdc-2022", "--audience", "org:ministry", "--epsilon", "-1")
	if code == 0 || !strings.Contains(errs, "epsilon") {
		t.Fatalf("negative epsilon: %d %q", code, errs)
	}
	if code, _, _ := run(t, "budget", "--data", dir, "--dataset", "ctdc-2022"); code != 2 {
		t.Fatalf("no audience: %d", code)
	}
}
