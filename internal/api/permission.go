package api

import (
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// requirePerm refuses a caller whose role lacks p before the request's input
// is parsed or validated: the answer to someone without the permission is
// 403 whatever they sent, and says nothing about what the input should be.
// The store checks again; this only puts the permission first.
func requirePerm(p auth.Permission) func(huma.Context, func(huma.Context)) {
	return func(ctx huma.Context, next func(huma.Context)) {
		if a, ok := auth.ActorFrom(ctx.Context()); !ok || !a.Can(p) {
			writeHumaProblem(ctx, newProblem(langOf(ctx.Context()), http.StatusForbidden, "api.detail.403"))
			return
		}
		next(ctx)
	}
}
