package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/store"
)

// fail turns a store error into the problem the client sees: validation
// errors name their fields (422), another organisation's record is 404, a
// missing permission in one's own organisation is 403, a collision is 409
// (on, if given, names the body field and the rule: "email", "taken").
// Anything else is logged and answered 500 without its text.
func (s *server) fail(ctx context.Context, err error, on ...string) error {
	lang := langOf(ctx)
	if es := asFieldErrors(err); es != nil {
		return fromFieldErrors(lang, es)
	}
	switch {
	case errors.Is(err, store.ErrNotFound):
		return newProblem(lang, http.StatusNotFound, "api.detail.404")
	case errors.Is(err, store.ErrForbidden):
		return newProblem(lang, http.StatusForbidden, "api.detail.403")
	case errors.Is(err, store.ErrConflict):
		if len(on) == 2 {
			return newProblem(lang, http.StatusConflict, "api.detail.409",
				fieldProblem(lang, "body."+on[0], on[1], nil))
		}
		return newProblem(lang, http.StatusConflict, "api.detail.409")
	}
	s.log.Error("api: store error", "error", err)
	return newProblem(lang, http.StatusInternalServerError, "api.detail.500")
}

// notFound is the 404 for an id that names nothing the caller may see.
func notFound(ctx context.Context) error {
	return newProblem(langOf(ctx), http.StatusNotFound, "api.detail.404")
}

// forbidden is the 403 for a permission the caller's role lacks.
func forbidden(ctx context.Context) error {
	return newProblem(langOf(ctx), http.StatusForbidden, "api.detail.403")
}
