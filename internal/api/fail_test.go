package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// kindedOnly is an error of another package that knows its kind and nothing
// else (an engine's error type).
type kindedOnly struct{ k fault.Kind }

func (e kindedOnly) Error() string         { return "engine: " + e.k.String() }
func (e kindedOnly) FaultKind() fault.Kind { return e.k }

// TestStatusTable: each kind is answered with its one status and problem
// type, whatever carries it (a fault error, a store sentinel, a field error,
// another package's kinded error); field errors keep their location and rule;
// nothing of the error's text reaches the client.
func TestStatusTable(t *testing.T) {
	cases := []struct {
		name     string
		err      error
		status   int
		typ      string
		detail   string // message id of the detail
		location string // first field's location, "" for none
	}{
		{"internal", errors.New("disk on fire at /srv/case-7"), 500, "internal", "api.detail.500", ""},
		{"invalid fields", valid.Errors{valid.New("email", valid.RuleEmail, nil)}, 422, "invalid", "api.detail.422", "body.email"},
		{"one field error", valid.New("name", valid.RuleRequired, nil), 422, "invalid", "api.detail.422", "body.name"},
		{"screening facts", &identify.FieldError{Field: "palermo.act", Rule: "not_bool"}, 422, "invalid", "api.detail.422", "body.palermo.act"},
		{"in the query", where(valid.Errors{valid.New("status", valid.RuleOneOf, nil)}, inQuery), 422, "invalid", "api.detail.422", "query.status"},
		{"not found", store.ErrNotFound, 404, "not_found", "api.detail.404", ""},
		{"not found wrapped", fmt.Errorf("get case: %w", store.ErrNotFound), 404, "not_found", "api.detail.404", ""},
		{"forbidden", store.ErrForbidden, 403, "forbidden", "api.detail.403", ""},
		{"conflict", store.ErrConflict, 409, "conflict", "api.detail.409", ""},
		{"conflict on a field", conflictOn(store.ErrConflict, "email", ruleTaken), 409, "conflict", "api.detail.409", "body.email"},
		{"transition", valid.Errors{valid.New("name", valid.RuleRequired, nil),
			valid.NewKind(fault.Conflict, "status", casework.RuleTransition, nil)}, 409, "conflict", "api.detail.case_state", "body.name"},
		{"erased", onErased(store.ErrConflict), 409, "conflict", "api.detail.case_state", "case.status"},
		{"too large", valid.NewKind(fault.TooLarge, "data", store.RuleTooLarge, map[string]any{"max_bytes": 10}), 413, "too_large", "api.detail.413", "body.data"},
		{"rate limited", fault.New(fault.RateLimited, "no.such.message", nil), 429, "rate_limited", "api.detail.rate_limited", ""},
		{"unavailable", fault.Wrap(fault.Unavailable, "db", errors.New("connection refused")), 503, "unavailable", "api.detail.503", ""},
		{"kinded engine error", kindedOnly{fault.Invalid}, 422, "invalid", "api.detail.422", ""},
		{"kinded engine conflict", fmt.Errorf("x: %w", kindedOnly{fault.Conflict}), 409, "conflict", "api.detail.409", ""},
	}
	for _, c := range cases {
		for _, lang := range []string{"en", "fr"} {
			p := problemOf(lang, c.err)
			if p.Status != c.status || p.Type != problemTypePrefix+c.typ {
				t.Errorf("%s (%s): status %d type %q, want %d %q", c.name, lang, p.Status, p.Type, c.status, problemTypePrefix+c.typ)
			}
			if want := tr(lang, c.detail, nil); p.Detail != want && c.detail != "api.detail.429" {
				t.Errorf("%s (%s): detail %q, want %q", c.name, lang, p.Detail, want)
			}
			if p.Title != tr(lang, fmt.Sprintf("api.title.%d", c.status), nil) {
				t.Errorf("%s (%s): title %q", c.name, lang, p.Title)
			}
			switch {
			case c.location == "" && len(p.Errors) != 0:
				t.Errorf("%s: fields %v, want none", c.name, p.Errors)
			case c.location != "" && (len(p.Errors) == 0 || p.Errors[0].Location != c.location):
				t.Errorf("%s: fields %+v, want first at %s", c.name, p.Errors, c.location)
			}
			if strings.Contains(p.Detail, "fire") || strings.Contains(p.Detail, "refused") {
				t.Errorf("%s: the error's text reached the client: %q", c.name, p.Detail)
			}
		}
	}
	// Every kind has a row, and no two kinds share a status.
	seen := map[int]fault.Kind{}
	for k := fault.Internal; k <= fault.Unavailable; k++ {
		a, ok := kindAnswers[k]
		if !ok {
			t.Errorf("kind %v has no answer", k)
			continue
		}
		if other, dup := seen[a.status]; dup {
			t.Errorf("kinds %v and %v share status %d", k, other, a.status)
		}
		seen[a.status] = k
		if !statusTitles[a.status] {
			t.Errorf("status %d of %v has no title", a.status, k)
		}
	}
}

// TestProblemCode: a fault error's code is the detail, translated with its
// parameters, when the catalogue has it.
func TestProblemCode(t *testing.T) {
	err := fault.New(fault.RateLimited, "api.detail.429", map[string]any{"seconds": 7})
	for _, lang := range []string{"en", "fr"} {
		p := problemOf(lang, err)
		if p.Detail != tr(lang, "api.detail.429", map[string]any{"seconds": 7}) || !strings.Contains(p.Detail, "7") {
			t.Errorf("%s: detail %q", lang, p.Detail)
		}
	}
}

// TestRetryAfter: a rate-limited error that knows when to come back is a
// 429 with Retry-After in whole seconds, rounded up, sent by huma.
func TestRetryAfter(t *testing.T) {
	s := &server{log: nil}
	mux := http.NewServeMux()
	a := humago.New(mux, huma.DefaultConfig("t", "1"))
	huma.Get(a, "/limited", func(ctx context.Context, _ *struct{}) (*struct{}, error) {
		return nil, s.fail(ctx, &fault.Error{Kind: fault.RateLimited, Code: "x.none", RetryAfter: 1500 * time.Millisecond})
	})
	w := httptest.NewRecorder()
	mux.ServeHTTP(w, httptest.NewRequest("GET", "/limited", nil))
	if w.Code != http.StatusTooManyRequests || w.Header().Get("Retry-After") != "2" {
		t.Fatalf("got %d Retry-After %q, want 429 and 2", w.Code, w.Header().Get("Retry-After"))
	}
	if !strings.Contains(w.Body.String(), `"detail":"`+tr("en", "api.detail.429", map[string]any{"seconds": 2})) {
		t.Errorf("body %s", w.Body.String())
	}
}
