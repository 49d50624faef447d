// Package api serves Passerelle's JSON API, version 1, built with huma on the
// standard library's ServeMux.
//
// Mount convention: the handler returned by New expects the FULL request path,
// prefix included. Mount it without stripping:
//
//	mux.Handle("/api/v1/", api.New(deps))
//
// Routes() lists every operation with its full path ("/api/v1/me", ...). The
// OpenAPI 3.1 document is at /api/v1/openapi.json (public, no token needed).
//
// Clients authenticate with a bearer API token ("Authorization: Bearer
// pas_..."), scoped to one user and one of their organisations. The API sets
// no cookies, so CSRF does not apply; no CORS header is ever sent, so browsers
// on other origins cannot read responses. Every response says
// Cache-Control: no-store. Errors are RFC 9457 problem details
// (application/problem+json) in the request's language.
//
// # Errors
//
// Every operation answers an error through one mapper, server.fail
// (fail.go): the error's fault.Kind picks the status and the problem type
// from one table (kindAnswers: invalid 422, not found 404, conflict 409,
// forbidden 403, too large 413, rate limited 429 with Retry-After when known,
// unavailable 503, anything else 500 without its text). The detail is the
// error's message code translated with its parameters; field errors become
// entries naming location, rule and parameters. What differs per feature is
// data carried by the error, not another mapper: where its fields are in the
// request (where), which field and rule a store conflict is about
// (conflictOn), and the record rules located on the record (recordRules).
//
// # Limits
//
// Length limits and maxima of what clients send are not written in struct
// tags: a tag cannot name a Go constant, so each would restate the domain's
// number. They are set on the schemas from the domain constants when the API
// is built (limits.go), before huma validates anything with them; generating
// the request types instead would have put every type behind a generator for
// the sake of one number each. Enumerations come from the domain through each
// enum type's Schema method. Tests compare the served document with the
// constants.
package api

import (
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/danielgtaylor/huma/v2/adapters/humago"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Prefix is the path every API route starts with.
const Prefix = "/api/v1"

// Deps is what the API needs.
type Deps struct {
	DB      *store.DB
	Logger  *slog.Logger
	Version string
	// Throttle counts bad tokens per client address; shared with the web
	// sign-in when the caller passes the same one. Nil makes a private one.
	Throttle *auth.Throttle
}

// server holds the dependencies the operations use.
type server struct {
	db       *store.DB
	log      *slog.Logger
	throttle *auth.Throttle
	api      huma.API
	now      func() time.Time
}

// New returns the API handler; see the package comment for how to mount it.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.New(slog.DiscardHandler)
	}
	if d.Throttle == nil {
		d.Throttle = auth.NewThrottle(d.DB, time.Now)
	}
	if d.Version == "" {
		d.Version = "dev"
	}
	s := &server{db: d.DB, log: d.Logger, throttle: d.Throttle, now: time.Now}
	mux := http.NewServeMux()
	s.api = build(mux, d.Version, s)
	return s.wrap(mux)
}

// Route is one operation of the API, with its full path.
type Route struct {
	Method string
	Path   string
}

// Routes lists every route the handler serves (operations and the OpenAPI
// document), sorted by path then method.
func Routes() []Route {
	a := build(http.NewServeMux(), "routes", &server{})
	var out []Route
	for path, item := range a.OpenAPI().Paths {
		for method, op := range map[string]*huma.Operation{
			http.MethodGet: item.Get, http.MethodPost: item.Post, http.MethodPatch: item.Patch,
			http.MethodPut: item.Put, http.MethodDelete: item.Delete,
		} {
			if op != nil {
				out = append(out, Route{Method: method, Path: Prefix + path})
			}
		}
	}
	for _, doc := range []string{".json", "-3.0.json", ".yaml", "-3.0.yaml"} {
		out = append(out, Route{Method: http.MethodGet, Path: Prefix + openAPIPath + doc})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

const openAPIPath = "/openapi"

// build makes the huma API on mux and registers every operation of s.
func build(mux *http.ServeMux, version string, s *server) huma.API {
	cfg := huma.Config{
		OpenAPI: &huma.OpenAPI{
			OpenAPI: "3.1.0",
			Info: &huma.Info{
				Title:   "Passerelle API",
				Version: version,
				Description: "JSON API of Passerelle. Authenticate with an API token: " +
					"`Authorization: Bearer pas_...`. Errors are RFC 9457 problem details; " +
					"send `Accept-Language: fr` for French messages. Request bodies must be `application/json`; " +
					"unknown fields are refused; `null` in an optional field means the same as leaving it out.",
			},
			Servers: []*huma.Server{{URL: Prefix}},
			Components: &huma.Components{
				Schemas: huma.NewMapRegistry("#/components/schemas/", huma.DefaultSchemaNamer),
				SecuritySchemes: map[string]*huma.SecurityScheme{
					securityName: {Type: "http", Scheme: "bearer", BearerFormat: "pas_ token",
						Description: "API token created with POST /tokens or in the web interface."},
				},
			},
		},
		OpenAPIPath: openAPIPath,
		// "json" serves the +json media types of responses (problem+json);
		// requests must be plain application/json (requireJSON), else 415.
		Formats: map[string]huma.Format{
			"application/json": huma.DefaultJSONFormat,
			"json":             huma.DefaultJSONFormat,
		},
		DefaultFormat: "application/json",
		Transformers:  []huma.Transformer{problemInstance},
	}
	a := humago.NewWithPrefix(mux, Prefix, cfg)
	a.UseMiddleware(s.authenticate, s.requireJSON)
	s.registerMe(a)
	s.registerOrganisations(a)
	s.registerUsers(a)
	s.registerAudit(a)
	s.registerTokens(a)
	s.registerCases(a)
	s.registerLinkage(a)
	s.registerLegislation(a)
	s.registerActionPlans(a)
	s.registerDirectory(a)
	s.registerOutreach(a)
	s.registerNotify(a)
	s.registerDatasets(a)
	s.registerReferrals(a)
	s.registerStatistics(a)
	applyLimits(a)
	return a
}

const securityName = "bearer"

// secured is the security requirement every operation carries.
var secured = []map[string][]string{{securityName: {}}}

// wrap adds the headers every response carries and turns the mux's plain-text
// 404 and 405 into problem details.
func (s *server) wrap(mux *http.ServeMux) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		if _, pattern := mux.Handler(r); pattern == "" || !strings.HasPrefix(r.URL.Path, Prefix+"/") {
			status := http.StatusNotFound
			probe := &statusProbe{header: http.Header{}}
			mux.ServeHTTP(probe, r)
			if probe.status == http.StatusMethodNotAllowed {
				status = http.StatusMethodNotAllowed
				h.Set("Allow", probe.header.Get("Allow"))
			}
			lang := requestLang(r.Header.Get("Accept-Language"), "")
			p := newProblem(lang, status, detailFor(status))
			p.Instance = r.URL.Path
			writeProblem(w, p)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// problemInstance names the request path in every problem.
func problemInstance(ctx huma.Context, _ string, v any) (any, error) {
	if p, ok := v.(*Problem); ok && p.Instance == "" {
		p.Instance = ctx.URL().Path
	}
	return v, nil
}

// statusProbe records what the mux would answer for an unmatched request.
type statusProbe struct {
	header http.Header
	status int
}

func (p *statusProbe) Header() http.Header         { return p.header }
func (p *statusProbe) Write(b []byte) (int, error) { return len(b), nil }
func (p *statusProbe) WriteHeader(status int)      { p.status = status }
