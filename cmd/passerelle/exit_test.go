package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestExitCodes: each kind of error has its own exit status, bad input is 2
// like a usage error, and report prints the kind in the user's language, not
// the error's internal text.
func TestExitCodes(t *testing.T) {
	seen := map[int]fault.Kind{0: -1}
	for k := fault.Internal; k <= fault.Unavailable; k++ {
		code, ok := exitCodes[k]
		if !ok {
			t.Errorf("kind %v has no exit status", k)
			continue
		}
		if other, dup := seen[code]; dup {
			t.Errorf("kinds %v and %v share exit status %d", k, other, code)
		}
		seen[code] = k
	}
	if exitCodes[fault.Invalid] != 2 || exitCodes[fault.Internal] != 1 {
		t.Errorf("invalid %d, internal %d: want 2 and 1", exitCodes[fault.Invalid], exitCodes[fault.Internal])
	}
	cases := []struct {
		lang string
		err  error
		code int
		want string
	}{
		{"en", nil, 0, ""},
		{"en", errors.New("disk full"), 1, "disk full"},
		{"en", valid.Errors{valid.New("email", valid.RuleRequired, nil)}, 2, "required"},
		{"en", fmt.Errorf("user: %w", store.ErrNotFound), 3, "not found"},
		{"fr", store.ErrNotFound, 3, "introuvable"},
		{"en", store.ErrConflict, 4, "conflicts"},
		{"fr", store.ErrForbidden, 5, "non autorisé"},
		{"en", fault.New(fault.TooLarge, "no.such.message", nil), 6, "too large"},
		{"en", fault.New(fault.RateLimited, "no.such.message", nil), 7, "too many"},
		{"en", fault.Wrap(fault.Unavailable, "db", errors.New("refused")), 8, "cannot be reached"},
	}
	for i, c := range cases {
		t.Setenv("LC_ALL", "")
		t.Setenv("LC_MESSAGES", "")
		t.Setenv("LANG", c.lang)
		if c.err == nil {
			if got := exitCode(nil); got != 0 {
				t.Errorf("%d: exitCode(nil) = %d", i, got)
			}
			continue
		}
		var w bytes.Buffer
		if got := report(&w, "test", c.err); got != c.code || !strings.Contains(w.String(), c.want) {
			t.Errorf("%d: report(%v) = %d %q, want %d and %q", i, c.err, got, w.String(), c.code, c.want)
		}
		if c.code != 1 && strings.Contains(w.String(), "store.") {
			t.Errorf("%d: the error's code reached the person: %q", i, w.String())
		}
	}
}
