package web

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestKindStatus: each kind of error is answered with its one status, and
// every such status has an error page.
func TestKindStatus(t *testing.T) {
	cases := []struct {
		err  error
		want int
	}{
		{errors.New("disk"), http.StatusInternalServerError},
		{valid.Errors{valid.New("name", valid.RuleRequired, nil)}, http.StatusUnprocessableEntity},
		{valid.New("name", valid.RuleRequired, nil), http.StatusUnprocessableEntity},
		{fmt.Errorf("open: %w", store.ErrNotFound), http.StatusNotFound},
		{store.ErrForbidden, http.StatusForbidden},
		{store.ErrConflict, http.StatusConflict},
		{valid.Errors{valid.NewKind(fault.Conflict, "status", "transition", nil)}, http.StatusConflict},
		{valid.NewKind(fault.TooLarge, "data", "too_large", nil), http.StatusRequestEntityTooLarge},
		{fault.New(fault.RateLimited, "x", nil), http.StatusTooManyRequests},
		{fault.Wrap(fault.Unavailable, "db", errors.New("refused")), http.StatusServiceUnavailable},
	}
	for i, c := range cases {
		if got := statusOf(c.err); got != c.want {
			t.Errorf("%d: statusOf(%v) = %d, want %d", i, c.err, got, c.want)
		}
	}
	for k := fault.Internal; k <= fault.Unavailable; k++ {
		st, ok := kindStatus[k]
		if !ok {
			t.Errorf("kind %v has no status", k)
			continue
		}
		if _, ok := errorPages[st]; !ok {
			t.Errorf("status %d of kind %v has no error page", st, k)
		}
	}
}
