package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// Notifications. An event (notify.Event) is recorded by notify inside the
// transaction of the change it tells about, so that it exists exactly when
// the change does: one in-application row per recipient user, one e-mail
// outbox row per recipient who has an address and has not opted out, one
// webhook delivery per endpoint of a recipient organisation subscribed to
// the kind. internal/delivery sends the last two. A user reads only their
// own notifications, of the organisation they act for; anyone else's id is
// ErrNotFound.

// notify records e within t. It is the one entry point: store methods call
// it inside their db.write with their own t. Recipients resolve at once
// (an organisation's role means its members holding it now, disabled users
// left out; a user reached twice gets one row).
func (db *DB) notify(ctx context.Context, t *tx, e notify.Event) error {
	if es := e.Validate(); len(es) > 0 {
		return es
	}
	eventID, err := uuid.NewV7()
	if err != nil {
		return err
	}
	objects, err := json.Marshal(nonNilRefs(e.Objects))
	if err != nil {
		return err
	}
	at := now()
	type target struct{ org, user uuid.UUID }
	var targets []target
	seen := map[target]bool{}
	var orgs []uuid.UUID
	for _, r := range e.Recipients {
		if !slices.Contains(orgs, r.OrgID) {
			orgs = append(orgs, r.OrgID)
		}
		users := []uuid.UUID{r.UserID}
		if r.Role != "" {
			if users, err = t.roleMembers(ctx, r.OrgID, r.Role); err != nil {
				return err
			}
		}
		for _, u := range users {
			if k := (target{r.OrgID, u}); !seen[k] {
				seen[k] = true
				targets = append(targets, k)
			}
		}
	}
	for _, k := range targets {
		var email string
		var on, disabled bool
		err := t.QueryRowContext(ctx, `SELECT email, email_notifications, disabled FROM users WHERE id = $1`, k.user).
			Scan(&email, &on, &disabled)
		if err == sql.ErrNoRows || err == nil && disabled {
			continue
		}
		if err != nil {
			return fmt.Errorf("store: notify: %w", err)
		}
		if e.Once {
			told, err := t.exists(ctx, `SELECT 1 FROM notifications WHERE user_id = $1 AND organisation_id = $2
				AND kind = $3 AND status = $4 AND objects = $5`, k.user, k.org, string(e.Kind), e.Status, string(objects))
			if err != nil {
				return err
			}
			if told {
				continue
			}
		}
		id, err := uuid.NewV7()
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO notifications (id, event_id, organisation_id, user_id, kind,
			status, objects, link, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, id, eventID, k.org, k.user,
			string(e.Kind), e.Status, string(objects), e.Link, at); err != nil {
			return fmt.Errorf("store: notify: %w", err)
		}
		if email == "" || !on {
			continue
		}
		oid, err := uuid.NewV7()
		if err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO email_outbox (id, notification_id, organisation_id, user_id, state,
			next_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`, oid, id, k.org, k.user, statePending, at, at); err != nil {
			return fmt.Errorf("store: notify outbox: %w", err)
		}
	}
	for _, org := range orgs {
		eps, err := endpointsOn(ctx, t, org)
		if err != nil {
			return err
		}
		for _, ep := range eps {
			if !ep.Wants(e.Kind) {
				continue
			}
			if e.Once {
				told, err := t.exists(ctx, `SELECT 1 FROM webhook_deliveries WHERE endpoint_id = $1 AND kind = $2
					AND status = $3 AND objects = $4`, ep.ID, string(e.Kind), e.Status, string(objects))
				if err != nil {
					return err
				}
				if told {
					continue
				}
			}
			did, err := uuid.NewV7()
			if err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO webhook_deliveries (id, endpoint_id, organisation_id, event_id,
				kind, status, objects, link, event_at, state, next_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
				did, ep.ID, org, eventID, string(e.Kind), e.Status, string(objects), e.Link, at, statePending, at); err != nil {
				return fmt.Errorf("store: notify webhook: %w", err)
			}
		}
	}
	return nil
}

// Delivery states of the outbox and the webhook deliveries.
const (
	statePending = "pending"
	stateSent    = "sent"
	stateDead    = "dead"
	// stateDropped: the recipient no longer has an address, opted out or
	// was disabled before the e-mail left.
	stateDropped = "dropped"
)

func nonNilRefs(rs []notify.Ref) []notify.Ref {
	if rs == nil {
		return []notify.Ref{}
	}
	return rs
}

// exists reports whether query (a SELECT 1 ...) finds a row, within t.
func (t *tx) exists(ctx context.Context, query string, args ...any) (bool, error) {
	var one int
	err := t.QueryRowContext(ctx, query+` LIMIT 1`, args...).Scan(&one)
	if err == sql.ErrNoRows {
		return false, nil
	}
	return err == nil, err
}

// roleMembers are the enabled members of org holding role.
func (t *tx) roleMembers(ctx context.Context, org uuid.UUID, role string) ([]uuid.UUID, error) {
	rows, err := t.QueryContext(ctx, `SELECT m.user_id FROM memberships m JOIN users u ON u.id = m.user_id
		WHERE m.organisation_id = $1 AND m.role = $2 AND u.disabled = $3 ORDER BY m.user_id`, org, role, false)
	if err != nil {
		return nil, fmt.Errorf("store: notify recipients: %w", err)
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// Notify records e in a transaction of its own, for callers that have no
// store transaction to join (a scheduled sweep of overdue items, a
// command). Any actor may; the event's rules apply (valid errors).
func (db *DB) Notify(ctx context.Context, e notify.Event) error {
	if _, err := actorOf(ctx); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error { return db.notify(ctx, t, e) })
}

// self is the actor as a reader of their own notifications: a signed-in
// user acting for an organisation (or a platform administrator, uuid.Nil).
func self(ctx context.Context) (auth.Actor, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, err
	}
	if a.System || a.UserID == uuid.Nil || !a.Can(auth.PermAccountSelf) {
		return a, ErrForbidden
	}
	return a, nil
}

const notificationColumns = `id, event_id, organisation_id, user_id, kind, status, objects, link, created_at, read_at`

// MaxListed is how many notifications ListNotifications returns at most.
const MaxListed = 200

// ListNotifications returns the actor's notifications for the organisation
// they act for, unread first then newest first (at most MaxListed); only
// unread ones when unreadOnly. Not audited: they hold no personal data and
// are the reader's own.
func (db *DB) ListNotifications(ctx context.Context, unreadOnly bool) ([]notify.Notification, error) {
	a, err := self(ctx)
	if err != nil {
		return nil, err
	}
	q := `SELECT ` + notificationColumns + ` FROM notifications WHERE user_id = $1 AND organisation_id = $2`
	if unreadOnly {
		q += ` AND read_at IS NULL`
	}
	q += ` ORDER BY CASE WHEN read_at IS NULL THEN 0 ELSE 1 END, created_at DESC, id DESC LIMIT $3`
	rows, err := db.read(ctx, q, a.UserID, a.OrgID, MaxListed)
	if err != nil {
		return nil, fmt.Errorf("store: list notifications: %w", err)
	}
	defer rows.Close()
	out := []notify.Notification{}
	for rows.Next() {
		n, err := scanNotification(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

func scanNotification(s interface{ Scan(...any) error }) (notify.Notification, error) {
	var n notify.Notification
	var kind, objects string
	var read sql.NullTime
	if err := s.Scan(&n.ID, &n.EventID, &n.OrgID, &n.UserID, &kind, &n.Status, &objects, &n.Link, &n.CreatedAt,
		&read); err != nil {
		return n, err
	}
	n.Kind, n.CreatedAt, n.ReadAt = notify.Kind(kind), n.CreatedAt.UTC(), timePtr(read)
	if err := json.Unmarshal([]byte(objects), &n.Objects); err != nil {
		return n, fmt.Errorf("store: notification objects: %w", err)
	}
	return n, nil
}

// UnreadCount is the number of the actor's unread notifications for the
// organisation they act for: one query on a partial index, for the header
// of every page. No actor, or the system, is 0.
func (db *DB) UnreadCount(ctx context.Context) (int, error) {
	a, err := self(ctx)
	if err != nil {
		return 0, nil
	}
	var n int
	err = db.readRow(ctx, `SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND organisation_id = $2
		AND read_at IS NULL`, a.UserID, a.OrgID).Scan(&n)
	return n, err
}

// MarkRead marks one of the actor's notifications read (another user's, or
// another organisation's, is ErrNotFound; already read stays as it was).
// Not audited: it is the reader's own and holds nothing.
func (db *DB) MarkRead(ctx context.Context, id uuid.UUID) error {
	a, err := self(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var one int
		if err := t.QueryRowContext(ctx, `SELECT 1 FROM notifications WHERE id = $1 AND user_id = $2
			AND organisation_id = $3`, id, a.UserID, a.OrgID).Scan(&one); err != nil {
			return notFound(err)
		}
		_, err := t.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE id = $2 AND read_at IS NULL`, now(), id)
		return err
	})
}

// MarkAllRead marks every unread notification of the actor (for the
// organisation they act for) read and returns how many.
func (db *DB) MarkAllRead(ctx context.Context) (int, error) {
	a, err := self(ctx)
	if err != nil {
		return 0, err
	}
	var n int64
	err = db.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND organisation_id = $3
			AND read_at IS NULL`, now(), a.UserID, a.OrgID)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// EmailNotifications reports whether the actor receives notifications by
// e-mail.
func (db *DB) EmailNotifications(ctx context.Context) (bool, error) {
	a, err := self(ctx)
	if err != nil {
		return false, err
	}
	var on bool
	err = db.readRow(ctx, `SELECT email_notifications FROM users WHERE id = $1`, a.UserID).Scan(&on)
	return on, notFound(err)
}

// SetEmailNotifications turns the actor's e-mail notifications on or off
// (their own choice only). Audited "user.email_notifications" as a change
// of their account.
func (db *DB) SetEmailNotifications(ctx context.Context, on bool) error {
	a, err := self(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `UPDATE users SET email_notifications = $1 WHERE id = $2`, on, a.UserID); err != nil {
			return err
		}
		detail := "off"
		if on {
			detail = "on"
		}
		t.audit(event(a, a.OrgID, "user.email_notifications", "user", a.UserID.String(), detail))
		return nil
	})
}

// kindsText and parseKinds store an endpoint's kinds.
func kindsText(ks []notify.Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, " ")
}

func parseKinds(s string) []notify.Kind {
	var out []notify.Kind
	for _, f := range strings.Fields(s) {
		out = append(out, notify.Kind(f))
	}
	return out
}
