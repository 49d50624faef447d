package api

import (
	"context"
	"log/slog"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/i18n"
)

// requestLang picks the language of the answer: the best match of
// Accept-Language among the catalogue languages, else the user's saved
// language, else the default.
func requestLang(acceptLanguage, saved string) string {
	if lang, ok := i18n.Lookup(acceptLanguage); ok {
		return lang
	}
	if i18n.Supported(saved) {
		return saved
	}
	return i18n.Default
}

// reqState is what the middleware learns about a request that error
// translation needs later.
type reqState struct {
	lang string
	log  *slog.Logger
}

type stateKey struct{}

func withState(ctx context.Context, st reqState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

// stateOf reads the request's state; before the middleware ran (or outside an
// operation) it falls back to the Accept-Language header.
func stateOf(ctx huma.Context) reqState {
	if ctx == nil {
		return reqState{lang: i18n.Default}
	}
	if st, ok := ctx.Context().Value(stateKey{}).(reqState); ok {
		return st
	}
	return reqState{lang: requestLang(ctx.Header("Accept-Language"), "")}
}

// langOf is the answer language inside an operation handler.
func langOf(ctx context.Context) string {
	if st, ok := ctx.Value(stateKey{}).(reqState); ok {
		return st.lang
	}
	return i18n.Default
}
