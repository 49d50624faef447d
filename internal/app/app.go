// Package app puts Passerelle's HTTP surface together: the web pages at /,
// the JSON API at /api/v1/, health and readiness probes and Prometheus
// metrics. It holds no logic of its own beyond that composition.
package app

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/passerelle-org/passerelle/internal/api"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/web"
)

// Deps is what the server needs.
type Deps struct {
	DB            *store.DB
	Logger        *slog.Logger
	Version       string
	SecureCookies bool
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed.
	TrustedProxies []netip.Prefix
	// Throttle is shared by the web sign-in and the API token checks, so that
	// one address cannot spread its guesses over both.
	Throttle *auth.Throttle
}

// App is the composed server.
type App struct {
	handler http.Handler
	Web     *web.Server
}

// New composes the handlers.
func New(d Deps) (*App, error) {
	if d.Throttle == nil {
		d.Throttle = auth.NewThrottle(d.DB, time.Now)
	}
	ws, err := web.New(web.Deps{DB: d.DB, Logger: d.Logger, SecureCookies: d.SecureCookies, Throttle: d.Throttle})
	if err != nil {
		return nil, err
	}
	apiHandler := api.New(api.Deps{DB: d.DB, Logger: d.Logger, Version: d.Version, Throttle: d.Throttle})

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m := newMetrics(reg)

	mux := http.NewServeMux()
	mux.Handle("/api/v1/", web.Compress(apiHandler)) // JSON shrinks on slow links too
	mux.Handle("/", ws.Handler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Write([]byte("ok\n"))
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if err := d.DB.Ping(ctx); err != nil {
			d.Logger.Warn("readiness: database unreachable", "error", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unreachable\n"))
			return
		}
		w.Write([]byte("ready\n"))
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	return &App{handler: realIP(d.TrustedProxies, m.wrap(mux)), Web: ws}, nil
}

// Handler serves every route.
func (a *App) Handler() http.Handler { return a.handler }

// metrics counts requests by area and status class only: paths could carry
// record identifiers, so they are never used as labels.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

func newMetrics(reg prometheus.Registerer) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "passerelle_http_requests_total", Help: "HTTP requests by area, method and status code.",
		}, []string{"area", "method", "code"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "passerelle_http_request_duration_seconds", Help: "HTTP request duration by area.",
			Buckets: prometheus.DefBuckets,
		}, []string{"area"}),
	}
	reg.MustRegister(m.requests, m.duration)
	return m
}

func area(path string) string {
	switch {
	case strings.HasPrefix(path, "/api/v1/"):
		return "api"
	case path == "/metrics", path == "/healthz", path == "/readyz":
		return "probe"
	case strings.HasPrefix(path, "/static/"):
		return "static"
	}
	return "web"
}

// method bounds the label's values: the client chooses r.Method.
func method(m string) string {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return m
	}
	return "other"
}

type statusWriter struct {
	http.ResponseWriter
	code int
}

func (s *statusWriter) WriteHeader(code int) {
	if s.code == 0 {
		s.code = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.code == 0 {
		s.code = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }

func (m *metrics) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		a := area(r.URL.Path)
		m.requests.WithLabelValues(a, method(r.Method), strconv.Itoa(sw.code)).Inc()
		m.duration.WithLabelValues(a).Observe(time.Since(start).Seconds())
	})
}
