// Package web serves Passerelle's pages: server-rendered html/template pages
// with embedded templates and static files, standard-library routing, one small
// file per page action. Every form works without JavaScript; htmx only
// improves. Sessions live in the store; cross-origin state changes are refused.
package web

import (
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Deps is what the web server needs from the rest of the program.
type Deps struct {
	DB     *store.DB
	Logger *slog.Logger
	// SecureCookies marks the session cookie Secure and sends HSTS: set it
	// whenever the site is reached over HTTPS (directly or behind a proxy).
	SecureCookies bool
	// Throttle limits sign-in attempts; nil means one on DB and Now.
	Throttle *auth.Throttle
	// Now is the clock (tests set it); nil means time.Now.
	Now func() time.Time
}

// Route is one registered page or action, for Routes().
type Route struct {
	Method  string
	Pattern string
	// Perm is the permission required; "" means any signed-in user.
	Perm auth.Permission
	// Public routes need no sign-in.
	Public bool
}

// Server holds the routes, templates and session manager.
type Server struct {
	db       *store.DB
	log      *slog.Logger
	secure   bool
	throttle *auth.Throttle
	guard    *auth.TOTPGuard
	now      func() time.Time

	mux       *http.ServeMux
	routes    []Route
	sessions  *scs.SessionManager
	templates map[string]*template.Template
	assets    map[string]asset
	handler   http.Handler
	// populations are the figures SDG 16.2.2 divides by.
	populations casestats.Populations
}

// Session lifetimes: a session ends after 30 idle minutes and after 12 hours
// whatever happens, so a forgotten shared computer does not stay signed in.
const (
	sessionIdle     = 30 * time.Minute
	sessionLifetime = 12 * time.Hour
	sessionCookie   = "passerelle_session"
)

// sessionOwner names the user a session belongs to, signed in or between
// sign-in steps, so that the store can end a person's sessions together.
func sessionOwner(data []byte) uuid.UUID {
	_, values, err := scs.GobCodec{}.Decode(data)
	if err != nil {
		return uuid.Nil
	}
	for _, k := range []string{keyUser, keyPending} {
		if v, ok := values[k].(string); ok {
			if id, err := uuid.Parse(v); err == nil {
				return id
			}
		}
	}
	return uuid.Nil
}

// New builds the server: templates are parsed and routes registered here, so
// a broken template fails at start-up rather than on a user's request.
func New(d Deps) (*Server, error) {
	if d.DB == nil {
		return nil, errors.New("web: Deps.DB is required")
	}
	s := &Server{
		db:       d.DB,
		log:      d.Logger,
		secure:   d.SecureCookies,
		throttle: d.Throttle,
		now:      d.Now,
		mux:      http.NewServeMux(),

		populations: casestats.DefaultPopulations(),
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.throttle == nil {
		s.throttle = auth.NewThrottle(d.DB, s.now)
	}
	s.guard = auth.NewTOTPGuard(d.DB)

	sm := scs.New()
	sm.Store = d.DB.SessionStore(sessionOwner)
	sm.Codec = scs.GobCodec{} // what sessionOwner decodes
	sm.IdleTimeout = sessionIdle
	sm.Lifetime = sessionLifetime
	sm.Cookie.Name = sessionCookie
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = d.SecureCookies
	sm.Cookie.Path = "/"
	sm.ErrorFunc = s.sessionError
	s.sessions = sm

	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.templates, err = s.parseTemplates(); err != nil {
		return nil, err
	}
	s.registerRoutes()
	s.handler = s.middleware(s.mux)
	return s, nil
}

// Handler serves every page; mount it at "/".
func (s *Server) Handler() http.Handler { return s.handler }

// Routes lists every registered route (the catch-all 404 excepted).
func (s *Server) Routes() []Route { return append([]Route(nil), s.routes...) }

// hasRoute reports whether "METHOD /pattern" is registered, so pages link only
// to pages that exist.
func (s *Server) hasRoute(method, pattern string) bool {
	for _, r := range s.routes {
		if r.Method == method && r.Pattern == pattern {
			return true
		}
	}
	return false
}

// page registers a route for signed-in users holding perm ("" = any). The
// form is read only once the visitor may use the page.
func (s *Server) page(method, pattern string, perm auth.Permission, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Pattern: pattern, Perm: perm})
	s.mux.Handle(method+" "+pattern, s.named(pattern, s.requireSignIn(perm, s.formText(method+" "+pattern, h))))
}

// public registers a route open to anyone.
func (s *Server) public(method, pattern string, h http.HandlerFunc) {
	s.routes = append(s.routes, Route{Method: method, Pattern: pattern, Public: true})
	s.mux.Handle(method+" "+pattern, s.named(pattern, s.formText(method+" "+pattern, h)))
}

// named records the route pattern for the request log and bounds the body
// to what the route accepts.
func (s *Server) named(pattern string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route := r.Method + " " + pattern
		if st := stateOf(r); st != nil {
			st.route = route
		}
		limitBody(w, r, route)
		h.ServeHTTP(w, r)
	})
}

// formText refuses a posted form whose text cannot be stored as sent
// (badFormText) before route's handler h runs.
func (s *Server) formText(route string, h http.Handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if fe := badFormText(r, route); fe != nil {
			s.refuseFormText(w, r, fe)
			return
		}
		h.ServeHTTP(w, r)
	}
}
