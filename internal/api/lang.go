package api

import (
	"context"
	"log/slog"

	"github.com/danielgtaylor/huma/v2"
	"golang.org/x/text/language"
)

// Languages the API answers in.
var languages = []string{"en", "fr"}

// requestLang picks the language of the answer: the first language of
// Accept-Language (by preference) that Passerelle speaks, else the user's
// saved language, else English.
func requestLang(acceptLanguage, saved string) string {
	if acceptLanguage != "" {
		tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
		if err == nil {
			for _, t := range tags {
				base, _ := t.Base()
				for _, l := range languages {
					if base.String() == l {
						return l
					}
				}
			}
		}
	}
	for _, l := range languages {
		if saved == l {
			return l
		}
	}
	return "en"
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
		return reqState{lang: "en"}
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
	return "en"
}
