package api

import (
	"context"
	"encoding/json"
	"errors"
	"mime"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/store"
)

// authenticate resolves the bearer token into the actor the store scopes
// everything by, and decides the answer's language. Bad tokens count against
// the client's address in the shared throttle; a throttled address gets 429
// before its token is even looked up.
func (s *server) authenticate(ctx huma.Context, next func(huma.Context)) {
	st := reqState{lang: requestLang(ctx.Header("Accept-Language"), ""), log: s.log}
	ctx = huma.WithContext(ctx, withState(ctx.Context(), st))
	ip := clientIP(ctx.RemoteAddr())
	h := ctx.Header("Authorization")
	if h == "" {
		s.unauthorized(ctx, st.lang, "api.detail.401")
		return
	}
	tok, wellFormed := bearer(h)
	hash := auth.HashAPIToken(tok)
	key := throttleKey(hash)
	ok, wait, err := s.throttle.Allow(ctx.Context(), key, ip)
	if err != nil {
		s.log.Error("api: throttle check failed", "error", err)
		writeHumaProblem(ctx, problemOf(st.lang, err))
		return
	}
	if !ok {
		writeHumaProblem(ctx, problemOf(st.lang, &fault.Error{Kind: fault.RateLimited, RetryAfter: max(wait, time.Second)}))
		return
	}
	if !wellFormed {
		s.throttleFail(ctx.Context(), key, ip)
		s.unauthorized(ctx, st.lang, "api.detail.token_invalid")
		return
	}
	t, user, m, err := s.db.APITokenByHash(ctx.Context(), hash)
	if err != nil {
		if !errors.Is(err, store.ErrNotFound) {
			s.log.Error("api: token lookup failed", "error", err)
			writeHumaProblem(ctx, problemOf(st.lang, err))
			return
		}
		s.throttleFail(ctx.Context(), key, ip)
		s.unauthorized(ctx, st.lang, "api.detail.token_invalid")
		return
	}
	st.lang = requestLang(ctx.Header("Accept-Language"), user.Lang)
	// The membership's role; Admin only for a platform administrator's token
	// made without an organisation (the store decides).
	actor := auth.Actor{UserID: user.ID, OrgID: t.OrgID, Role: m.Role, IP: ip, Lang: st.lang}
	c := withState(auth.WithActor(ctx.Context(), actor), st)
	c = withToken(c, t)
	next(huma.WithContext(ctx, c))
}

// throttleFail counts a bad token; a failure to count is logged, and does not
// change the answer.
func (s *server) throttleFail(ctx context.Context, key, ip string) {
	if err := s.throttle.Fail(ctx, key, ip); err != nil {
		s.log.Error("api: throttle count failed", "error", err)
	}
}

// throttleKey is the "account" a bad token counts against: the token itself
// (by hash prefix). The same wrong token retried is locked like an account;
// different guesses from one address meet the throttle's per-address limit.
func throttleKey(hash string) string { return "api-token:" + hash[:16] }

func (s *server) unauthorized(ctx huma.Context, lang, detailID string) {
	ctx.SetHeader("WWW-Authenticate", `Bearer realm="passerelle"`)
	writeHumaProblem(ctx, newProblem(lang, http.StatusUnauthorized, detailID))
}

// bearer extracts the token of an Authorization header; ok is false unless it
// is a Bearer credential shaped like a Passerelle token.
func bearer(h string) (tok string, ok bool) {
	scheme, tok, found := strings.Cut(strings.TrimSpace(h), " ")
	tok = strings.TrimSpace(tok)
	if !found || !strings.EqualFold(scheme, "Bearer") {
		return h, false
	}
	return tok, auth.LooksLikeAPIToken(tok)
}

// clientIP is the host part of the peer address. Forwarded headers are not
// trusted here: a proxy in front must set RemoteAddr (the server's wiring does).
func clientIP(remote string) string {
	if host, _, err := net.SplitHostPort(remote); err == nil {
		return host
	}
	return remote
}

// requireJSON refuses a body that is not declared application/json (415)
// before huma reads it; huma alone would take a missing Content-Type as JSON.
func (s *server) requireJSON(ctx huma.Context, next func(huma.Context)) {
	op := ctx.Operation()
	if op == nil || op.RequestBody == nil {
		next(ctx)
		return
	}
	ct := ctx.Header("Content-Type")
	if r, _ := humago.Unwrap(ctx); ct == "" && r.ContentLength == 0 {
		next(ctx) // no body at all: huma answers "body required" (400)
		return
	}
	mt, params, err := mime.ParseMediaType(ct)
	cs := strings.ToLower(params["charset"])
	if err != nil || mt != "application/json" || (cs != "" && cs != "utf-8") {
		p := fromHuma(stateOf(ctx).lang, http.StatusUnsupportedMediaType, "", nil)
		writeHumaProblem(ctx, p)
		return
	}
	if !checkJSONBody(ctx) {
		return
	}
	next(ctx)
}

// writeHumaProblem writes p from a middleware.
func writeHumaProblem(ctx huma.Context, p *Problem) {
	p.Instance = ctx.URL().Path
	for k, vs := range p.headers {
		for _, v := range vs {
			ctx.AppendHeader(k, v)
		}
	}
	ctx.SetHeader("Content-Type", "application/problem+json")
	ctx.SetStatus(p.Status)
	_ = json.NewEncoder(ctx.BodyWriter()).Encode(p)
}
