package fault

import (
	"errors"
	"fmt"
	"testing"
)

type kinded struct{}

func (kinded) Error() string   { return "bad" }
func (kinded) FaultKind() Kind { return Invalid }

func TestKindOf(t *testing.T) {
	notFound := New(NotFound, "not_found", nil)
	cases := []struct {
		err  error
		want Kind
	}{
		{nil, Internal},
		{errors.New("x"), Internal},
		{notFound, NotFound},
		{fmt.Errorf("ctx: %w", notFound), NotFound},
		{kinded{}, Invalid},
		{fmt.Errorf("a: %w", kinded{}), Invalid},
		{errors.Join(errors.New("x"), New(TooLarge, "too_large", nil)), TooLarge},
		{Wrap(Unavailable, "db", errors.New("refused")), Unavailable},
	}
	for i, c := range cases {
		if got := KindOf(c.err); got != c.want {
			t.Errorf("%d: KindOf(%v) = %v, want %v", i, c.err, got, c.want)
		}
	}
}

func TestIsSentinel(t *testing.T) {
	sentinel := New(Conflict, "store.conflict", nil)
	withParams := New(Conflict, "store.conflict", map[string]any{"field": "email"})
	if !errors.Is(withParams, sentinel) {
		t.Error("same kind and code with parameters is not the sentinel")
	}
	if errors.Is(New(Conflict, "other", nil), sentinel) {
		t.Error("another code matched the sentinel")
	}
	if errors.Is(sentinel, withParams) {
		t.Error("a target with parameters matched")
	}
}
