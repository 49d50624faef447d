package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/referral"
)

// Referral notifications: the other side hears of each step, in the same
// transaction (a link and codes, never a person's data).

func referralLink(id uuid.UUID) string { return "/referrals/" + id.String() }

// receiverDesk is who answers referrals at the receiver: its caseworkers
// and supervisors.
func receiverDesk(org uuid.UUID) []notify.Recipient {
	return []notify.Recipient{notify.ToRole(org, string(auth.Caseworker)), notify.ToRole(org, string(auth.Supervisor))}
}

// notifyReferral tells recipients that referral id is now at status.
func (db *DB) notifyReferral(ctx context.Context, t *tx, kind notify.Kind, id uuid.UUID, status referral.Status,
	to ...notify.Recipient) error {
	return db.notify(ctx, t, notify.Event{Kind: kind, Status: string(status), Recipients: to, Link: referralLink(id),
		Objects: []notify.Ref{{Type: "referral", ID: id}}})
}

// stepRecipients are the side that did not take the step: the sender who
// wrote the referral and its supervisors, or the receiver's desk.
func stepRecipients(r referralRow, byReceiver bool) []notify.Recipient {
	if byReceiver {
		out := []notify.Recipient{notify.ToRole(r.from, string(auth.Supervisor))}
		if r.createdBy != uuid.Nil {
			out = append(out, notify.ToUser(r.from, r.createdBy))
		}
		return out
	}
	return receiverDesk(r.to)
}

// NotifyOverdueReferrals tells the supervisors of both sides, once, of every
// referral not acknowledged by its deadline at time at (the system only: a
// scheduled sweep). It returns how many referrals are overdue.
func (db *DB) NotifyOverdueReferrals(ctx context.Context, at time.Time) (int, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return 0, err
	}
	if !a.System {
		return 0, ErrForbidden
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, organisation_id, to_organisation_id FROM referrals
		WHERE status = $1 AND ack_due < $2 ORDER BY id`, string(referral.Sent), at.UTC())
	if err != nil {
		return 0, fmt.Errorf("store: overdue referrals: %w", err)
	}
	type late struct{ id, from, to uuid.UUID }
	var all []late
	for rows.Next() {
		var l late
		if err := rows.Scan(&l.id, &l.from, &l.to); err != nil {
			rows.Close()
			return 0, err
		}
		all = append(all, l)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	for _, l := range all {
		e := notify.Event{Kind: notify.ReferralOverdue, Status: string(referral.Sent), Once: true, Link: referralLink(l.id),
			Objects:    []notify.Ref{{Type: "referral", ID: l.id}},
			Recipients: []notify.Recipient{notify.ToRole(l.from, string(auth.Supervisor)), notify.ToRole(l.to, string(auth.Supervisor))}}
		if err := db.Notify(ctx, e); err != nil {
			return 0, err
		}
	}
	return len(all), nil
}
