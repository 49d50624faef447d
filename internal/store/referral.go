package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Referrals (referral.go, referral_flow.go): a referral row belongs to two
// organisations, the sender (organisation_id, with its case) and the
// receiver (to_organisation_id, with its linked case); every query names
// one of them as the actor's. The receiver never learns the sender's case
// id, and reads the shared fields only through its own linked case, sealed
// under its own keys; when the referral is declined or revoked, or the
// consent withdrawn, the linked case keeps only that it existed (the person
// columns emptied and its key shredded: a tombstone).

// FieldShare is one shareable field for a receiver: whether the consent
// allows it and, when not, the rule.
type FieldShare struct {
	Field   referral.Field
	Allowed bool
	Rule    string
}

// Shareable lists every shareable field of case caseID for a referral to
// organisation to (PermCaseWrite: only who may send asks). It reads the
// consents (audited as a read of the case file). Another organisation's case
// is ErrNotFound; an unknown receiver or oneself is a valid error on
// "to_organisation_id".
func (db *DB) Shareable(ctx context.Context, caseID, to uuid.UUID) ([]FieldShare, error) {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return nil, err
	}
	if _, err := db.caseOrg(ctx, db.r, a, caseID); err != nil {
		return nil, err
	}
	orgType, err := db.receiverType(ctx, a, to)
	if err != nil {
		return nil, err
	}
	f, err := db.ReadCaseFile(ctx, caseID, PartConsents)
	if err != nil {
		return nil, err
	}
	at := now()
	out := make([]FieldShare, len(referral.Fields))
	for i, fl := range referral.Fields {
		ok, rule := referral.Shareable(f.Consents, orgType, fl, at)
		out[i] = FieldShare{Field: fl, Allowed: ok, Rule: rule}
	}
	return out, nil
}

// receiverType is the type of organisation to, which must be another than
// the actor's (valid errors on "to_organisation_id").
func (db *DB) receiverType(ctx context.Context, a auth.Actor, to uuid.UUID) (string, error) {
	if to == a.OrgID {
		return "", valid.Errors{valid.New("to_organisation_id", referral.RuleSelf, nil)}
	}
	var orgType string
	if err := db.readRow(ctx, `SELECT type FROM organisations WHERE id = $1`, to).Scan(&orgType); err != nil {
		if err == sql.ErrNoRows {
			return "", valid.Errors{valid.New("to_organisation_id", referral.RuleUnknownReceiver, nil)}
		}
		return "", err
	}
	return orgType, nil
}

// referralText is what the sealed texts of a referral hold.
type referralText struct {
	Purpose string `json:"p"`
	Message string `json:"m,omitempty"`
}

// CreateReferral sends a referral from a case of the actor's organisation
// (PermCaseWrite): the one owner of that use case. It refuses, naming the
// field and rule and writing nothing: a referral to oneself or to an unknown
// organisation ("to_organisation_id"), a service the receiver does not offer
// or while it accepts no referrals ("services[i]", directory.Offers), a
// field the person's referral consent in force does not allow for the
// receiver's type ("share[i]", referral.Shareable), bad texts or urgency.
// It creates the receiver's linked case holding only the shared fields,
// sealed under the receiver's keys (its code drawn in the receiver's
// country), unassigned until someone there acknowledges. ID, Status (sent),
// AckDue (the sender's deadline for the urgency), CreatedAt, CreatedBy and
// FromOrgID are set on r. Audited "referral.send" (sender) and
// "referral.receive" with "case.create" (receiver), naming fields, never
// values.
func (db *DB) CreateReferral(ctx context.Context, r *referral.Referral) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	n := *r
	n.Normalise()
	sender, err := db.caseOrg(ctx, db.r, a, n.CaseID)
	if err != nil {
		return err
	}
	if err := caseAccess(a, auth.PermCaseWrite, sender); err != nil {
		return err
	}
	es := n.Validate()
	orgType, err := db.receiverType(ctx, a, n.ToOrgID)
	if ves, ok := err.(valid.Errors); ok {
		es = append(es, ves...)
	} else if err != nil {
		return err
	}
	if len(es) > 0 {
		return es
	}
	// The consent and the receiver's offers, before anything is read of the
	// case or any key is made: a refusal writes nothing, not even a read.
	at := now()
	var due time.Duration
	if err := db.write(ctx, func(t *tx) error {
		consents, err := t.consentsOf(ctx, sender, n.CaseID)
		if err != nil {
			return err
		}
		var es valid.Errors
		for i, f := range n.Share {
			if ok, rule := referral.Shareable(consents, orgType, f, at); !ok {
				es.Add(valid.New("share["+strconv.Itoa(i)+"]", rule, nil))
			}
		}
		if err := t.checkOffers(ctx, n.ToOrgID, "services", n.Services); err != nil {
			ves, ok := err.(valid.Errors)
			if !ok {
				return err
			}
			es = append(es, ves...)
		}
		if len(es) > 0 {
			return es
		}
		due, err = t.deadline(ctx, sender, n.Urgency)
		return err
	}); err != nil {
		return err
	}
	file, err := db.ReadCaseFile(ctx, n.CaseID, PartCase)
	if err != nil {
		return err
	}
	if file.Case.ErasedAt != nil {
		return fmt.Errorf("%w: the case was erased", ErrConflict)
	}

	if err := newID(&n.ID); err != nil {
		return err
	}
	n.FromOrgID, n.Status, n.CreatedBy, n.CreatedAt, n.UpdatedAt = sender, referral.Sent, a.UserID, at, at
	n.AckDue = at.Add(due)
	n.Reason, n.Shared = "", nil
	linked := referral.Project(file.Case, n.Share)
	if linked.ID, err = uuid.NewV7(); err != nil {
		return err
	}
	n.LinkedCaseID = linked.ID
	var country string
	if err := db.readRow(ctx, `SELECT country FROM organisations WHERE id = $1`, n.ToOrgID).Scan(&country); err != nil {
		return notFound(err)
	}
	linked.OrgID, linked.Status, linked.Code = n.ToOrgID, casework.Active, country
	linked.CreatedAt, linked.UpdatedAt = at, at
	prepared, err := db.prepareCase(ctx, &linked)
	if err != nil {
		return err
	}
	text, _ := json.Marshal(referralText{Purpose: n.Purpose, Message: n.Message})
	senderText, err := db.subject(sender, n.CaseID).seal(ctx, "referrals.sender_text", n.ID, text)
	if err != nil {
		return err
	}
	receiverText, err := db.subject(n.ToOrgID, linked.ID).seal(ctx, "referrals.receiver_text", n.ID, text)
	if err != nil {
		return err
	}
	fields := joinCodes(fieldStrings(n.Share))
	err = db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, sender, n.CaseID); err != nil {
			return err
		}
		if err := t.checkOffers(ctx, n.ToOrgID, "services", n.Services); err != nil {
			return err
		}
		c := *prepared.c
		c.Code, err = t.newCode(ctx, n.ToOrgID, country, map[string]bool{})
		if err != nil {
			return err
		}
		p := prepared
		p.c = &c
		if err := t.insertCase(ctx, p); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO referrals (id, organisation_id, case_id, to_organisation_id, peer,
			linked_case_id, services, urgency, shared, status, sender_text, receiver_text, reason, ack_due, created_by,
			created_at, updated_at) VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, $8, $9, $10, $11, NULL, $12, $13, $14, $14)`,
			n.ID, sender, n.CaseID, n.ToOrgID, linked.ID, joinVocab(n.Services), string(n.Urgency), fields,
			string(n.Status), senderText, receiverText, n.AckDue, n.CreatedBy, at); err != nil {
			return fmt.Errorf("store: create referral: %w", err)
		}
		detail := "services=" + joinVocab(n.Services) + " urgency=" + string(n.Urgency) + " shared=" + fields
		t.audit(event(a, sender, "referral.send", "referral", n.ID.String(), "case="+n.CaseID.String()+" to="+
			n.ToOrgID.String()+" "+detail))
		t.audit(event(a, n.ToOrgID, "referral.receive", "referral", n.ID.String(), "from="+sender.String()+" "+detail))
		t.audit(event(a, n.ToOrgID, "case.create", "case", linked.ID.String(), "referral="+n.ID.String()))
		return db.notifyReferral(ctx, t, notify.ReferralReceived, n.ID, referral.Sent, receiverDesk(n.ToOrgID)...)
	})
	if err != nil {
		return err
	}
	n.LinkedCaseID = uuid.Nil // the receiver's
	*r = n
	return nil
}

func fieldStrings(fs []referral.Field) []string {
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = string(f)
	}
	return out
}

// deadline is organisation org's acknowledgement deadline for urgency u.
func (t *tx) deadline(ctx context.Context, org uuid.UUID, u referral.Urgency) (time.Duration, error) {
	var minutes int
	err := t.QueryRowContext(ctx, `SELECT minutes FROM referral_deadlines WHERE organisation_id = $1 AND urgency = $2`,
		org, string(u)).Scan(&minutes)
	if err == sql.ErrNoRows {
		return referral.DefaultDeadlines[u], nil
	}
	return time.Duration(minutes) * time.Minute, err
}

// ReferralDeadlines returns the actor's organisation's acknowledgement
// deadlines per urgency (PermOrgView), defaults where none was set.
func (db *DB) ReferralDeadlines(ctx context.Context) (map[referral.Urgency]time.Duration, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := orgAccess(a, a.OrgID, auth.PermOrgView); err != nil {
		return nil, err
	}
	out := map[referral.Urgency]time.Duration{}
	for u, d := range referral.DefaultDeadlines {
		out[u] = d
	}
	rows, err := db.read(ctx, `SELECT urgency, minutes FROM referral_deadlines WHERE organisation_id = $1`, a.OrgID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		var m int
		if err := rows.Scan(&u, &m); err != nil {
			return nil, err
		}
		out[referral.Urgency(u)] = time.Duration(m) * time.Minute
	}
	return out, rows.Err()
}

// SetReferralDeadline sets the actor's organisation's acknowledgement
// deadline for urgency u (PermOrgEdit), between a minute and
// referral.MaxDeadline. Audited "referral.deadline".
func (db *DB) SetReferralDeadline(ctx context.Context, u referral.Urgency, d time.Duration) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := orgAccess(a, a.OrgID, auth.PermOrgEdit); err != nil {
		return err
	}
	var es valid.Errors
	es.Add(valid.OneOf("urgency", string(u), referral.UrgencyValues()...))
	if d < time.Minute || d > referral.MaxDeadline {
		es.Add(valid.New("deadline", account.RuleRange, map[string]any{"min": 1, "max": int(referral.MaxDeadline / time.Minute)}))
	}
	if len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `DELETE FROM referral_deadlines WHERE organisation_id = $1 AND urgency = $2`,
			a.OrgID, string(u)); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO referral_deadlines (organisation_id, urgency, minutes) VALUES ($1, $2, $3)`,
			a.OrgID, string(u), int(d/time.Minute)); err != nil {
			return err
		}
		t.audit(event(a, a.OrgID, "referral.deadline", "organisation", a.OrgID.String(),
			"urgency="+string(u)+" minutes="+strconv.Itoa(int(d/time.Minute))))
		return nil
	})
}

// Direction chooses the referrals a list shows.
type Direction string

// The directions.
const (
	Incoming Direction = "incoming"
	Outgoing Direction = "outgoing"
)

// Directions lists both.
var Directions = []string{string(Incoming), string(Outgoing)}

const referralColumns = `id, organisation_id, case_id, to_organisation_id, COALESCE(peer, ''), linked_case_id, services,
	urgency, shared, status, ack_due, created_by, created_at, updated_at`

// scanReferral reads a row of referralColumns as side sees it: the
// receiver never gets the sender's case id, the sender never the linked one.
func scanReferral(s scanner, side uuid.UUID) (referral.Referral, error) {
	var r referral.Referral
	var services, urgency, shared, status string
	var linked uuid.NullUUID
	err := s.Scan(&r.ID, &r.FromOrgID, &r.CaseID, &r.ToOrgID, &r.Peer, &linked, &services, &urgency, &shared,
		&status, &r.AckDue, &r.CreatedBy, &r.CreatedAt, &r.UpdatedAt)
	if err != nil {
		return r, err
	}
	r.LinkedCaseID = linked.UUID
	r.Services = splitVocab[directory.Service](services)
	r.Urgency, r.Status = referral.Urgency(urgency), referral.Status(status)
	for _, f := range splitCodes(shared) {
		r.Share = append(r.Share, referral.Field(f))
	}
	r.AckDue, r.CreatedAt, r.UpdatedAt = r.AckDue.UTC(), r.CreatedAt.UTC(), r.UpdatedAt.UTC()
	if side == r.ToOrgID {
		r.CaseID = uuid.Nil
	} else {
		r.LinkedCaseID = uuid.Nil
	}
	return r, nil
}

// MaxReferralList bounds a list of referrals.
const MaxReferralList = 500

// ListReferrals returns the actor's organisation's referrals, newest first
// (PermCaseRead): received (Incoming) or sent (Outgoing), of one status
// when status is not empty. No text and no shared value: codes only.
func (db *DB) ListReferrals(ctx context.Context, dir Direction, status referral.Status) ([]referral.Referral, error) {
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return nil, err
	}
	var es valid.Errors
	es.Add(valid.OneOf("direction", string(dir), Directions...))
	if status != "" {
		es.Add(valid.OneOf("status", string(status), referral.StatusValues()...))
	}
	if len(es) > 0 {
		return nil, es
	}
	if a.OrgID == uuid.Nil {
		return nil, ErrNotFound
	}
	col := "organisation_id"
	if dir == Incoming {
		col = "to_organisation_id"
	}
	q := `SELECT ` + referralColumns + ` FROM referrals WHERE ` + col + ` = $1`
	args := []any{a.OrgID}
	if status != "" {
		q += ` AND status = $2`
		args = append(args, string(status))
	}
	rows, err := db.read(ctx, q+` ORDER BY created_at DESC, id LIMIT `+strconv.Itoa(MaxReferralList), args...)
	if err != nil {
		return nil, fmt.Errorf("store: list referrals: %w", err)
	}
	defer rows.Close()
	var out []referral.Referral
	for rows.Next() {
		r, err := scanReferral(rows, a.OrgID)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// GetReferral reads one referral of the actor's organisation, sent or
// received (PermCaseRead; any other is ErrNotFound), with its purpose,
// message and a decline's reason opened. The receiver gets Shared: exactly
// the shared fields, from its own linked case, while the referral keeps them
// (empty once declined, revoked or the consent withdrawn). Audited
// "referral.read" on the reader's chain.
func (db *DB) GetReferral(ctx context.Context, id uuid.UUID) (referral.Referral, error) {
	a, err := caseActor(ctx, auth.PermCaseRead)
	if err != nil {
		return referral.Referral{}, err
	}
	var senderText, receiverText, reason []byte
	var caseID, linkedID uuid.UUID
	row := db.readRow(ctx, `SELECT `+referralColumns+`, sender_text, receiver_text, reason, case_id,
		COALESCE(linked_case_id, case_id) FROM referrals WHERE id = $1 AND (organisation_id = $2 OR to_organisation_id = $2)`,
		id, a.OrgID)
	r, err := scanReferral(multiScanner{row, func(dest ...any) []any {
		return append(dest, &senderText, &receiverText, &reason, &caseID, &linkedID)
	}}, a.OrgID)
	if err != nil {
		return r, notFound(err)
	}
	receiver := a.OrgID == r.ToOrgID
	var text []byte
	if receiver {
		text, err = db.subject(r.ToOrgID, linkedID).open(ctx, "referrals.receiver_text", r.ID, receiverText)
	} else {
		text, err = db.subject(r.FromOrgID, caseID).open(ctx, "referrals.sender_text", r.ID, senderText)
	}
	if err != nil {
		return r, err
	}
	if len(text) > 0 {
		var rt referralText
		if err := json.Unmarshal(text, &rt); err != nil {
			return r, fmt.Errorf("store: referral text: %w", err)
		}
		r.Purpose, r.Message = rt.Purpose, rt.Message
	}
	if r.Reason, err = db.subject(r.FromOrgID, caseID).openString(ctx, "referrals.reason", r.ID, reason); err != nil {
		return r, err
	}
	detail := "side=sender"
	if receiver {
		detail = "side=receiver"
		r.Shared = map[referral.Field]string{}
		if r.Status.KeepsShared() {
			c, sc, err := db.loadCase(ctx, db.r, r.ToOrgID, linkedID, false)
			if err != nil {
				return r, err
			}
			if c.ErasedAt == nil {
				if err := db.openCase(ctx, &c, sc); err != nil {
					return r, err
				}
				r.Shared = referral.Values(c, r.Share)
				detail += " shared=" + joinCodes(fieldStrings(r.Share))
			}
		}
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, a.OrgID, "referral.read", "referral", r.ID.String(), detail))
		return nil
	})
	return r, err
}

// multiScanner adds destinations after a scanner's own.
type multiScanner struct {
	s    scanner
	more func(dest ...any) []any
}

func (m multiScanner) Scan(dest ...any) error { return m.s.Scan(m.more(dest...)...) }

// referralRefusal is the fault kind of a step the workflow refuses.
func referralRefusal(rule string) error {
	return valid.Errors{valid.NewKind(fault.Conflict, "status", rule, nil)}
}
