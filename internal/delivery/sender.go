package delivery

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Config is what the sender needs.
type Config struct {
	// SMTP is the mail server; e-mails wait in the outbox while Host is "".
	SMTP SMTP
	// BaseURL is the deployment's public address ("https://passerelle.example.org"),
	// the start of every link in an e-mail.
	BaseURL string
	// Retry is the backoff and the number of attempts (notify.DefaultRetry
	// when zero).
	Retry notify.Retry
	// Every is the pause between passes of Run (30 s when zero).
	Every time.Duration
	// Batch is how many rows a pass takes of each channel (50 when zero).
	Batch int
	// HTTP is the client for webhooks (a 10 s timeout, no redirects, when nil).
	HTTP *http.Client
	// Now is the clock (time.Now when nil).
	Now func() time.Time
	Log *slog.Logger
}

// Sender sends the outbox of one database.
type Sender struct {
	db  *store.DB
	cfg Config
}

// lease is how long a claimed row is held before another pass may take it
// again (a sender that died mid-send).
const lease = 5 * time.Minute

// New makes a sender.
func New(db *store.DB, cfg Config) *Sender {
	if cfg.Retry.Attempts == 0 {
		cfg.Retry = notify.DefaultRetry
	}
	if cfg.Every == 0 {
		cfg.Every = 30 * time.Second
	}
	if cfg.Batch == 0 {
		cfg.Batch = 50
	}
	if cfg.HTTP == nil {
		cfg.HTTP = webhookClient()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Sender{db: db, cfg: cfg}
}

// pruneEvery is how often Run deletes settled rows (PruneNotifications).
const pruneEvery = time.Hour

// Run sends passes until ctx ends, and prunes settled rows every hour.
func (s *Sender) Run(ctx context.Context) {
	t := time.NewTicker(s.cfg.Every)
	defer t.Stop()
	var pruned time.Time
	for {
		if _, err := s.Pass(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("notification delivery", "err", err.Error())
		}
		if now := s.cfg.Now(); now.Sub(pruned) >= pruneEvery {
			pruned = now
			sys := auth.WithActor(ctx, auth.SystemActor())
			_, err := s.db.Exclusive(sys, "notify.prune", func(ctx context.Context) error {
				_, err := s.db.PruneNotifications(ctx, now.UTC())
				return err
			})
			if err != nil && ctx.Err() == nil {
				s.cfg.Log.Error("notification pruning", "err", err.Error())
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Result counts what one pass did.
type Result struct {
	Sent, Retried, Dead int
}

// Pass sends what is due now, once per deployment (store.Exclusive): a
// pass already running elsewhere makes this one do nothing.
func (s *Sender) Pass(ctx context.Context) (Result, error) {
	ctx = auth.WithActor(ctx, auth.SystemActor())
	var res Result
	var errs []error
	if s.cfg.SMTP.Host != "" {
		_, err := s.db.Exclusive(ctx, "notify.email", func(ctx context.Context) error {
			return s.emails(ctx, &res)
		})
		errs = append(errs, err)
	}
	_, err := s.db.Exclusive(ctx, "notify.webhook", func(ctx context.Context) error {
		return s.webhooks(ctx, &res)
	})
	errs = append(errs, err)
	return res, errors.Join(errs...)
}

// settle records one attempt's outcome.
func (s *Sender) settle(ctx context.Context, channel string, res *Result, m delivered) error {
	now := s.cfg.Now().UTC()
	if m.err == nil {
		res.Sent++
		return s.db.DeliverySent(ctx, channel, m.id, now)
	}
	s.cfg.Log.Warn("notification delivery failed", "channel", channel, "id", m.id.String(), "reason", m.reason,
		"attempt", m.attempts)
	if s.cfg.Retry.Dead(m.attempts) {
		res.Dead++
		return s.db.DeliveryFailed(ctx, channel, m.id, m.reason, nil)
	}
	res.Retried++
	at := now.Add(s.cfg.Retry.Delay(m.attempts))
	return s.db.DeliveryFailed(ctx, channel, m.id, m.reason, &at)
}
