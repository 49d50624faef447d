package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// The outbox: e-mails and webhook deliveries waiting to leave. Only the
// system actor (the sender in internal/delivery, run once per deployment
// under Exclusive) claims and settles them. A claim counts the attempt and
// holds the row for a lease before anything is sent, so a sender that dies
// mid-way gives the row back after the lease and a sender that restarts
// does not send again what was sent: at most one copy per attempt.

// OutboundEmail is an e-mail due: the recipient's address and language as
// they are now, and the notification's kind, status and link.
type OutboundEmail struct {
	ID        uuid.UUID
	Attempts  int // including this one
	Email     string
	Lang      string
	Kind      notify.Kind
	Status    string
	Link      string
	CreatedAt time.Time
}

// OutboundWebhook is a webhook delivery due, with its endpoint's secret
// opened.
type OutboundWebhook struct {
	ID       uuid.UUID
	Attempts int // including this one
	URL      string
	Secret   string
	Body     notify.Body
}

func systemOnly(ctx context.Context) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.System {
		return ErrForbidden
	}
	return nil
}

// ClaimEmails takes up to limit e-mails due at at, counts the attempt and
// holds each for lease. Rows whose recipient has lost their address, opted
// out or was disabled are dropped instead.
func (db *DB) ClaimEmails(ctx context.Context, at time.Time, limit int, lease time.Duration) ([]OutboundEmail, error) {
	if err := systemOnly(ctx); err != nil {
		return nil, err
	}
	var out []OutboundEmail
	err := db.write(ctx, func(t *tx) error {
		out = nil
		rows, err := t.QueryContext(ctx, `SELECT o.id, o.attempts, u.email, u.lang, u.email_notifications, u.disabled,
			n.kind, n.status, n.link, n.created_at FROM email_outbox o JOIN notifications n ON n.id = o.notification_id
			JOIN users u ON u.id = o.user_id WHERE o.state = $1 AND o.next_at <= $2 ORDER BY o.next_at, o.id LIMIT $3`,
			statePending, at, limit)
		if err != nil {
			return fmt.Errorf("store: claim e-mails: %w", err)
		}
		var drop []uuid.UUID
		for rows.Next() {
			var m OutboundEmail
			var kind string
			var on, disabled bool
			if err := rows.Scan(&m.ID, &m.Attempts, &m.Email, &m.Lang, &on, &disabled, &kind, &m.Status, &m.Link,
				&m.CreatedAt); err != nil {
				rows.Close()
				return err
			}
			if m.Email == "" || !on || disabled {
				drop = append(drop, m.ID)
				continue
			}
			m.Kind, m.Attempts, m.CreatedAt = notify.Kind(kind), m.Attempts+1, m.CreatedAt.UTC()
			out = append(out, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, id := range drop {
			if _, err := t.ExecContext(ctx, `UPDATE email_outbox SET state = $1, done_at = $2 WHERE id = $3`,
				stateDropped, at, id); err != nil {
				return err
			}
		}
		for _, m := range out {
			if _, err := t.ExecContext(ctx, `UPDATE email_outbox SET attempts = $1, next_at = $2 WHERE id = $3`,
				m.Attempts, at.Add(lease), m.ID); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// ClaimWebhooks is ClaimEmails for webhook deliveries.
func (db *DB) ClaimWebhooks(ctx context.Context, at time.Time, limit int, lease time.Duration) ([]OutboundWebhook, error) {
	if err := systemOnly(ctx); err != nil {
		return nil, err
	}
	var out []OutboundWebhook
	var sealed [][]byte
	var eps []uuid.UUID
	err := db.write(ctx, func(t *tx) error {
		out, sealed, eps = nil, nil, nil
		rows, err := t.QueryContext(ctx, `SELECT d.id, d.attempts, e.id, e.url, e.secret, d.organisation_id, d.event_id,
			d.kind, d.status, d.objects, d.link, d.event_at FROM webhook_deliveries d
			JOIN webhook_endpoints e ON e.id = d.endpoint_id WHERE d.state = $1 AND d.next_at <= $2
			ORDER BY d.next_at, d.id LIMIT $3`, statePending, at, limit)
		if err != nil {
			return fmt.Errorf("store: claim webhooks: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var w OutboundWebhook
			var ep uuid.UUID
			var secret []byte
			var kind, objects string
			if err := rows.Scan(&w.ID, &w.Attempts, &ep, &w.URL, &secret, &w.Body.OrganisationID, &w.Body.ID, &kind,
				&w.Body.Status, &objects, &w.Body.Link, &w.Body.CreatedAt); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(objects), &w.Body.Objects); err != nil {
				return fmt.Errorf("store: webhook objects: %w", err)
			}
			w.Body.Kind, w.Body.CreatedAt, w.Attempts = notify.Kind(kind), w.Body.CreatedAt.UTC(), w.Attempts+1
			out, sealed, eps = append(out, w), append(sealed, secret), append(eps, ep)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		for _, w := range out {
			if _, err := t.ExecContext(ctx, `UPDATE webhook_deliveries SET attempts = $1, next_at = $2 WHERE id = $3`,
				w.Attempts, at.Add(lease), w.ID); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for i := range out {
		plain, err := db.keys.Open(ctx, out[i].Body.OrganisationID, sealed[i], webhookAAD(eps[i]))
		if err != nil {
			return nil, fmt.Errorf("store: webhook secret: %w", err)
		}
		out[i].Secret = string(plain)
	}
	return out, nil
}

// Outbox channels (OutboxEntry.Channel) and the tables they settle in.
const (
	ChannelEmail   = "email"
	ChannelWebhook = "webhook"
)

func outboxTable(channel string) string {
	if channel == ChannelWebhook {
		return "webhook_deliveries"
	}
	return "email_outbox"
}

// DeliverySent records a successful delivery on channel.
func (db *DB) DeliverySent(ctx context.Context, channel string, id uuid.UUID, at time.Time) error {
	if err := systemOnly(ctx); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		_, err := t.ExecContext(ctx, `UPDATE `+outboxTable(channel)+` SET state = $1, done_at = $2, last_error = ''
			WHERE id = $3`, stateSent, at, id)
		return err
	})
}

// DeliveryFailed records a failed attempt: reason is a code (an SMTP or
// HTTP status, "network"), never a server's words, which may echo an
// address; retryAt nil makes the delivery dead.
func (db *DB) DeliveryFailed(ctx context.Context, channel string, id uuid.UUID, reason string, retryAt *time.Time) error {
	if err := systemOnly(ctx); err != nil {
		return err
	}
	if len(reason) > 40 {
		reason = reason[:40]
	}
	return db.write(ctx, func(t *tx) error {
		if retryAt == nil {
			_, err := t.ExecContext(ctx, `UPDATE `+outboxTable(channel)+` SET state = $1, done_at = $2, last_error = $3
				WHERE id = $4`, stateDead, now(), reason, id)
			return err
		}
		_, err := t.ExecContext(ctx, `UPDATE `+outboxTable(channel)+` SET next_at = $1, last_error = $2 WHERE id = $3`,
			*retryAt, reason, id)
		return err
	})
}

// OutboxEntry is an e-mail or a webhook delivery as administrators see it:
// ids, codes and counts.
type OutboxEntry struct {
	Channel   string
	ID        uuid.UUID
	OrgID     uuid.UUID
	Kind      notify.Kind
	State     string
	Attempts  int
	LastError string
	NextAt    time.Time
}

// ListOutbox lists e-mails and webhook deliveries in state ("pending" or
// "dead"), oldest first, at most MaxListed of each, for the platform
// administrator (PermNotifyOutbox). Audited "notify.outbox_view".
func (db *DB) ListOutbox(ctx context.Context, state string) ([]OutboxEntry, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if !a.IsAdmin() || !a.Can(auth.PermNotifyOutbox) {
		return nil, ErrForbidden
	}
	if state != stateDead {
		state = statePending
	}
	out := []OutboxEntry{}
	for _, q := range []struct{ channel, query string }{
		{ChannelEmail, `SELECT o.id, o.organisation_id, n.kind, o.state, o.attempts, o.last_error, o.next_at
			FROM email_outbox o JOIN notifications n ON n.id = o.notification_id WHERE o.state = $1
			ORDER BY o.next_at, o.id LIMIT $2`},
		{ChannelWebhook, `SELECT id, organisation_id, kind, state, attempts, last_error, next_at FROM webhook_deliveries
			WHERE state = $1 ORDER BY next_at, id LIMIT $2`},
	} {
		rows, err := db.read(ctx, q.query, state, MaxListed)
		if err != nil {
			return nil, fmt.Errorf("store: outbox: %w", err)
		}
		for rows.Next() {
			e := OutboxEntry{Channel: q.channel}
			var kind string
			if err := rows.Scan(&e.ID, &e.OrgID, &kind, &e.State, &e.Attempts, &e.LastError, &e.NextAt); err != nil {
				rows.Close()
				return nil, err
			}
			e.Kind, e.NextAt = notify.Kind(kind), e.NextAt.UTC()
			out = append(out, e)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, uuid.Nil, "notify.outbox_view", "outbox", "", "state="+state))
		return nil
	})
	return out, err
}

// How long settled rows are kept: delivered and dropped e-mails and
// webhook deliveries for a month (what the organisation's page and the
// outbox count), read notifications for three months. Dead rows stay until
// their notification goes, for administrators to see.
const (
	KeepSettled = 30 * 24 * time.Hour
	KeepRead    = 90 * 24 * time.Hour
)

// PruneNotifications deletes, as of at, settled deliveries older than
// KeepSettled and read notifications older than KeepRead (with whatever
// outbox rows they still have). System only; it returns how many rows went.
func (db *DB) PruneNotifications(ctx context.Context, at time.Time) (int, error) {
	if err := systemOnly(ctx); err != nil {
		return 0, err
	}
	settled, read := at.Add(-KeepSettled), at.Add(-KeepRead)
	var n int64
	err := db.write(ctx, func(t *tx) error {
		n = 0
		for _, q := range []struct {
			query string
			args  []any
		}{
			{`DELETE FROM email_outbox WHERE state IN ($1, $2) AND done_at < $3`, []any{stateSent, stateDropped, settled}},
			{`DELETE FROM webhook_deliveries WHERE state = $1 AND done_at < $2`, []any{stateSent, settled}},
			{`DELETE FROM email_outbox WHERE notification_id IN (SELECT id FROM notifications WHERE read_at < $1)`, []any{read}},
			{`DELETE FROM notifications WHERE read_at < $1`, []any{read}},
		} {
			res, err := t.ExecContext(ctx, q.query, q.args...)
			if err != nil {
				return fmt.Errorf("store: prune notifications: %w", err)
			}
			k, err := res.RowsAffected()
			if err != nil {
				return err
			}
			n += k
		}
		return nil
	})
	return int(n), err
}
