package main

import (
	"context"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/passerelle-org/passerelle/internal/app"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/delivery"
	"github.com/passerelle-org/passerelle/internal/store"
)

func init() {
	register("serve", "cli.summary.serve", runServe)
}

type serveFlags struct {
	config
	addr           string
	secureCookies  bool
	trustedProxies string
	notify         notifyFlags
}

func (s *serveFlags) addFlags(fs *flag.FlagSet) {
	s.config.addFlags(fs)
	fs.StringVar(&s.addr, "addr", envOr("ADDR", "127.0.0.1:8080"), help("addr", nil))
	fs.BoolVar(&s.secureCookies, "secure-cookies", envOr("SECURE_COOKIES", "false") == "true", help("secure_cookies", nil))
	fs.StringVar(&s.trustedProxies, "trusted-proxies", envOr("TRUSTED_PROXIES", ""), help("trusted_proxies", nil))
	s.notify.addFlags(fs)
}

func runServe(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	var f serveFlags
	fs := newFlags("serve", stderr)
	f.addFlags(fs)
	if ok, st := parseFlags(fs, args); !ok {
		return st
	}
	log, err := f.logger(stderr)
	if err != nil {
		return report(stderr, "serve", err)
	}
	send, err := f.notify.config()
	if err != nil {
		return report(stderr, "serve", err)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	db, err := f.open(ctx, true)
	if err != nil {
		return report(stderr, "serve", err)
	}
	defer db.Close()
	// Import jobs hold their cases in this process's memory: a stop lets
	// them end rather than leave them to be failed as interrupted.
	defer db.WaitImports()
	o := f.serveOptions()
	o.delivery = send
	return serveDB(ctx, db, o, log, stdout, nil)
}

// retentionLoop applies the organisations' retention rules, expires
// stalled linkage runs and fails import jobs whose process died, at start
// and then every hour until ctx ends. Only counts are logged.
func retentionLoop(ctx context.Context, db *store.DB, log *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	sys := auth.WithActor(ctx, auth.SystemActor())
	for {
		// Each job runs in one server process at a time when several share
		// a PostgreSQL database; the others skip it until the next tick.
		_, err := db.Exclusive(sys, "retention", func(ctx context.Context) error {
			closed, erased, err := db.ApplyRetention(ctx, time.Now())
			if closed+erased > 0 {
				log.Info("retention applied", "closed", closed, "erased", erased)
			}
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("retention", "error", err)
		}
		_, err = db.Exclusive(sys, "linkage-expiry", func(ctx context.Context) error {
			expired, err := db.ExpireLinkageRuns(ctx, time.Now())
			if expired > 0 {
				log.Info("linkage runs expired", "runs", expired)
			}
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("linkage expiry", "error", err)
		}
		_, err = db.Exclusive(sys, "import-sweep", func(ctx context.Context) error {
			failed, err := db.SweepImportJobs(ctx)
			if failed > 0 {
				log.Info("interrupted import jobs failed", "jobs", failed)
			}
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("import sweep", "error", err)
		}
		_, err = db.Exclusive(sys, "referral-overdue", func(ctx context.Context) error {
			n, err := db.NotifyOverdueReferrals(ctx, time.Now())
			if n > 0 {
				log.Info("overdue referrals", "referrals", n)
			}
			return err
		})
		if err != nil && ctx.Err() == nil {
			log.Error("overdue referrals", "error", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

// serveOptions are the serving flags, apart from the data ones.
type serveOptions struct {
	addr           string
	secureCookies  bool
	trustedProxies string
	delivery       delivery.Config // notifications: e-mail and webhooks
}

func (s *serveFlags) serveOptions() serveOptions {
	return serveOptions{addr: s.addr, secureCookies: s.secureCookies, trustedProxies: s.trustedProxies}
}

// serveDB serves db on addr until ctx ends. ready, if set, is called with the
// address once the listener is open (the demo prints its logins then).
func serveDB(ctx context.Context, db *store.DB, o serveOptions, log *slog.Logger, stdout io.Writer, ready func(url string)) int {
	trusted, err := app.ParseTrustedProxies(o.trustedProxies)
	if err != nil {
		log.Error("--trusted-proxies", "error", err)
		return 2
	}
	a, err := app.New(app.Deps{DB: db, Logger: log, Version: versionString(), SecureCookies: o.secureCookies, TrustedProxies: trusted})
	if err != nil {
		log.Error("server setup failed", "error", err)
		return 1
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		log.Error("listen failed", "addr", o.addr, "error", err)
		return 1
	}
	srv := &http.Server{
		Handler:           a.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	url := "http://" + ln.Addr().String()
	log.Info("serving", "url", url, "database", db.Dialect(), "version", versionString())
	if ready != nil {
		ready(url)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	go retentionLoop(ctx, db, log)
	o.delivery.Log = log
	go delivery.New(db, o.delivery).Run(ctx)
	select {
	case err := <-errc:
		if !errors.Is(err, http.ErrServerClosed) {
			log.Error("server stopped", "error", err)
			return 1
		}
	case <-ctx.Done():
		log.Info("shutting down")
		sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		if err := srv.Shutdown(sctx); err != nil {
			log.Error("shutdown", "error", err)
			return 1
		}
	}
	return 0
}
