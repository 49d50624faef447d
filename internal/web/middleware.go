package web

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

// contentSecurityPolicy allows only our own scripts, styles and images (plus
// data: images for the two-factor QR code): no inline script or style.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'"

// maxBody bounds the body of every route but the uploads (uploadLimits):
// pages post small forms only.
const maxBody = 1 << 20

// Session keys.
const (
	keyUser      = "uid"         // signed-in user's id
	keyOrg       = "org"         // acting organisation (uuid.Nil: platform)
	keyRole      = "role"        // role chosen at sign-in (re-checked on every request)
	keyLang      = "lang"        // interface language chosen before or without signing in
	keyPending   = "pending_uid" // password checked, second step (two-factor or organisation) to come
	keyPendingOK = "pending_2fa" // the pending user passed two-factor
	keyEnrol     = "enrol_secret"
	keyFlash     = "flash" // message id shown once on the next page
)

// state is what the middleware learns about a request; handlers read it
// through actorOf and the render helpers.
type state struct {
	id        string // request id (logged and sent as X-Request-Id)
	route     string // matched pattern, for the log
	status    int
	lang      string
	signedIn  bool
	mustEnrol bool // the organisation requires two-factor and the user has none
	actor     auth.Actor
	user      account.User
	orgName   string
	choices   int // organisations (and platform) the user may act for
}

type stateKey struct{}

func stateOf(r *http.Request) *state {
	st, _ := r.Context().Value(stateKey{}).(*state)
	return st
}

// actorOf returns the signed-in actor (zero Actor when nobody is signed in).
func actorOf(r *http.Request) auth.Actor {
	if st := stateOf(r); st != nil {
		return st.actor
	}
	return auth.Actor{}
}

// langOf returns the request's interface language.
func langOf(r *http.Request) string {
	if st := stateOf(r); st != nil && st.lang != "" {
		return st.lang
	}
	return i18n.Match(r.Header.Get("Accept-Language"))
}

// middleware wraps the router, outermost first: request log, compression,
// security headers, cross-origin protection, then for pages the session,
// panic recovery and actor loading. Static files skip the session: they are
// the same for everyone, so they carry neither Vary: Cookie nor a renewed
// session cookie, and a shared cache may keep one copy for all.
func (s *Server) middleware(router http.Handler) http.Handler {
	pages := s.sessions.LoadAndSave(s.recoverer(s.loadActor(router)))
	h := http.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.isStatic(r) {
			router.ServeHTTP(w, r)
			return
		}
		pages.ServeHTTP(w, r)
	}))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(s.crossOriginDenied))
	h = cop.Handler(h)
	h = s.securityHeaders(h)
	h = Compress(h)
	return s.logRequests(h)
}

// statusWriter remembers the status for the request log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs one line per request: method, route pattern, status,
// duration and request id. Never the path's values, query, form or who.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		st := &state{id: newRequestID()}
		w.Header().Set("X-Request-Id", st.id)
		sw := &statusWriter{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		next.ServeHTTP(sw, r)
		route := st.route
		if route == "" {
			route = r.Method + " (unmatched)"
		}
		status := sw.status
		if status == 0 {
			status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), levelFor(status), "request",
			slog.String("method", r.Method), slog.String("route", route), slog.Int("status", status),
			slog.Duration("duration", time.Since(start)), slog.String("request_id", st.id))
	})
}

// levelFor logs server errors as errors, the rest as information.
func levelFor(status int) slog.Level {
	if status >= 500 {
		return slog.LevelError
	}
	return slog.LevelInfo
}

func newRequestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// securityHeaders sets the headers every response carries. Pages are never
// cached (they hold personal data); static files override Cache-Control.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cache-Control", "no-store")
		if s.secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		if r.Body != nil {
			// The route's own, usually smaller, limit follows in named.
			r.Body = http.MaxBytesReader(w, r.Body, maxAnyBody())
		}
		next.ServeHTTP(w, r)
	})
}

// recoverer turns a panic into a 500 page; the log has the stack, not the
// panic value (it may quote data).
func (s *Server) recoverer(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic", "request_id", requestID(r), "type", fmt.Sprintf("%T", v), "stack", string(debug.Stack()))
				s.errorPage(w, r, http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

func requestID(r *http.Request) string {
	if st := stateOf(r); st != nil {
		return st.id
	}
	return ""
}

// loadActor reads the session, re-checks the user (still enabled, still a
// member with that role) on every request so that a disabled account or a
// changed role takes effect at once, and picks the interface language.
func (s *Server) loadActor(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		if st == nil { // Handler used without logRequests (not possible via Handler())
			st = &state{id: newRequestID()}
			r = r.WithContext(context.WithValue(r.Context(), stateKey{}, st))
		}
		ctx := r.Context()
		ip := clientIP(r)
		if id := s.sessions.GetString(ctx, keyUser); id != "" {
			err := s.loadSignedIn(ctx, st, id, ip)
			switch {
			case errors.Is(err, errSignedOut):
				// Disabled, removed from the organisation or deleted: end the session.
				if err := s.sessions.Destroy(ctx); err != nil {
					s.fail(w, r, err)
					return
				}
			case err != nil:
				s.fail(w, r, err)
				return
			}
		}
		switch {
		case st.signedIn && i18n.Supported(st.user.Lang):
			st.lang = st.user.Lang
		case i18n.Supported(s.sessions.GetString(ctx, keyLang)):
			st.lang = s.sessions.GetString(ctx, keyLang)
		default:
			st.lang = i18n.Match(r.Header.Get("Accept-Language"))
		}
		st.actor.Lang = st.lang
		st.actor.IP = ip
		if st.signedIn {
			ctx = auth.WithActor(ctx, st.actor)
		}
		r = r.WithContext(ctx)
		if st.signedIn && st.user.MustChangePassword && !allowedWhileChanging(r) {
			// Every page, known or not, so that nothing (an API token, a
			// case) is reached with a password someone else has seen. The
			// page says why.
			s.redirect(w, r, mustChangePath)
			return
		}
		next.ServeHTTP(w, r)
	})
}

var errSignedOut = errors.New("web: session no longer valid")

func (s *Server) loadSignedIn(ctx context.Context, st *state, id, ip string) error {
	uid, err := uuid.Parse(id)
	if err != nil {
		return errSignedOut
	}
	org, _ := uuid.Parse(s.sessions.GetString(ctx, keyOrg))
	role := auth.Role(s.sessions.GetString(ctx, keyRole))
	self := auth.WithActor(ctx, auth.Actor{UserID: uid, OrgID: org, Role: role, IP: ip})
	u, err := s.db.GetUser(self, uid)
	if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrForbidden) {
		return errSignedOut
	}
	if err != nil {
		return err
	}
	if u.Disabled {
		return errSignedOut
	}
	current, orgName, choices, err := s.currentRole(ctx, u, org)
	if err != nil {
		return err
	}
	if current == "" || current != role {
		// Membership removed or role changed since sign-in: sign in again so the
		// new permissions come with a new session token.
		return errSignedOut
	}
	st.signedIn = true
	st.user = u
	st.orgName = orgName
	st.choices = choices
	st.actor = auth.Actor{UserID: uid, OrgID: org, Role: role, IP: ip}
	if org != uuid.Nil && !u.TOTPEnabled {
		o, err := s.db.GetOrganisation(auth.WithActor(ctx, st.actor), org)
		if err != nil {
			return err
		}
		st.mustEnrol = o.RequireTOTP
	}
	return nil
}

// currentRole is the user's role in org now ("" if none) and how many
// organisations (and the platform) the user may act for; uuid.Nil is the
// platform, open to platform administrators only.
func (s *Server) currentRole(ctx context.Context, u account.User, org uuid.UUID) (role auth.Role, orgName string, choices int, err error) {
	ms, err := s.db.Memberships(ctx, u.ID)
	if err != nil {
		return "", "", 0, err
	}
	choices = len(ms)
	if u.PlatformAdmin {
		choices++
		if org == uuid.Nil {
			role = auth.Admin
		}
	}
	for _, m := range ms {
		if org != uuid.Nil && m.OrgID == org {
			role, orgName = m.Role, m.OrgName
		}
	}
	return role, orgName, choices, nil
}

// clientIP is the peer address. Forwarded headers are not read here: the
// application layer (internal/app) rewrites RemoteAddr from X-Forwarded-For
// only for the proxies the operator trusts.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// requireSignIn sends visitors to the sign-in page, users who must first set
// up two-factor to the enrolment page, and refuses a missing permission.
func (s *Server) requireSignIn(perm auth.Permission, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		st := stateOf(r)
		if st == nil || !st.signedIn {
			s.redirect(w, r, "/signin")
			return
		}
		// A temporary password is replaced before enrolment (loadActor).
		if st.mustEnrol && !st.user.MustChangePassword && !allowedWhileEnrolling(r.URL.Path) {
			s.redirect(w, r, "/account/two-factor")
			return
		}
		if perm != "" && !st.actor.Can(perm) {
			s.errorPage(w, r, http.StatusForbidden)
			return
		}
		h(w, r)
	}
}

// mustChangePath is the page where a user with a temporary password sets
// their own: the account page, which then shows only the password form.
const mustChangePath = "/account"

// allowedWhileChanging lists what a user with a temporary password may reach:
// the password form and its action, sign-out, the language switch and the
// static files the page needs.
func allowedWhileChanging(r *http.Request) bool {
	p := r.URL.Path
	switch {
	case r.Method == http.MethodGet && p == mustChangePath,
		r.Method == http.MethodHead && p == mustChangePath,
		r.Method == http.MethodPost && (p == "/account/password" || p == "/signout" || p == "/language"):
		return true
	}
	return (r.Method == http.MethodGet || r.Method == http.MethodHead) && strings.HasPrefix(p, "/static/")
}

func allowedWhileEnrolling(path string) bool {
	return path == "/account/two-factor" || path == "/signout"
}

// redirect answers 303 See Other; htmx requests get HX-Redirect so the whole
// page changes rather than a fragment.
func (s *Server) redirect(w http.ResponseWriter, r *http.Request, path string) {
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", path)
		w.WriteHeader(http.StatusNoContent)
		return
	}
	http.Redirect(w, r, path, http.StatusSeeOther)
}

// safeReturn keeps a return path local ("/..." but not "//host" or "/\host").
func safeReturn(p string) string {
	if !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\\r\n") {
		return "/"
	}
	return p
}
