package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/notify"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// referralRow is what a step of the workflow needs of a referral.
type referralRow struct {
	id, from, caseID, to, linked uuid.UUID
	createdBy                    uuid.UUID
	status                       referral.Status
	services                     string
}

// lockReferral reads referral id of the actor's organisation (either side)
// held for the transaction; any other is ErrNotFound.
func (t *tx) lockReferral(ctx context.Context, a auth.Actor, id uuid.UUID) (referralRow, error) {
	var r referralRow
	var status string
	var linked uuid.NullUUID
	err := t.QueryRowContext(ctx, `SELECT id, organisation_id, case_id, to_organisation_id, linked_case_id, status,
		services, created_by FROM referrals WHERE id = $1 AND (organisation_id = $2 OR to_organisation_id = $2)`+t.db.forUpdate(),
		id, a.OrgID).Scan(&r.id, &r.from, &r.caseID, &r.to, &linked, &status, &r.services, &r.createdBy)
	r.linked, r.status = linked.UUID, referral.Status(status)
	return r, notFound(err)
}

// StepReferral moves referral id one step of the workflow (PermCaseWrite):
// the receiver acknowledges, accepts, declines (reason required), starts and
// completes; the sender revokes before completion. A step the workflow does
// not allow, or one for the other side, is a conflict naming "status" and
// the rule (casework.RuleTransition, referral.RuleNotReceiver or
// RuleNotSender); a decline without a reason is a valid error on "reason".
// Acknowledging or accepting assigns the linked case to the actor when
// nobody has it. Declining and revoking leave the receiver a tombstone (see
// referral.go), at once. Audited "referral.<action>" on both sides' chains.
func (db *DB) StepReferral(ctx context.Context, id uuid.UUID, action referral.Action, reason string) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	reason = strings.TrimSpace(reason)
	if action == referral.Decline {
		var es valid.Errors
		if reason == "" {
			es.Add(valid.New("reason", referral.RuleReasonNeeded, nil))
		}
		es.Add(valid.MaxLen("reason", reason, referral.MaxReason))
		if len(es) > 0 {
			return es
		}
	}
	var shred []orgSubject
	err = db.write(ctx, func(t *tx) error {
		shred = nil
		r, err := t.lockReferral(ctx, a, id)
		if err != nil {
			return err
		}
		next, rule := referral.Next(r.status, action, a.OrgID == r.to)
		if rule != "" {
			return referralRefusal(rule)
		}
		var sealedReason []byte
		if action == referral.Decline {
			// Sealed under the sender case's key (the store holds every key;
			// the referral belongs to that case).
			if sealedReason, err = db.subject(r.from, r.caseID).sealString(ctx, "referrals.reason", r.id, reason); err != nil {
				return err
			}
		}
		at := now()
		if _, err := t.ExecContext(ctx, `UPDATE referrals SET status = $1, updated_at = $2,
			reason = COALESCE($3, reason) WHERE id = $4`, string(next), at, sealedReason, r.id); err != nil {
			return fmt.Errorf("store: referral step: %w", err)
		}
		if (action == referral.Acknowledge || action == referral.Accept) && r.linked != uuid.Nil {
			if _, err := t.ExecContext(ctx, `UPDATE cases SET assigned_to = $1 WHERE id = $2 AND organisation_id = $3
				AND assigned_to = $4`, a.UserID, r.linked, r.to, uuid.Nil); err != nil {
				return err
			}
		}
		if !next.KeepsShared() {
			if err := t.tombstone(ctx, a, r); err != nil {
				return err
			}
			shred = append(shred, orgSubject{r.to, r.linked})
		}
		detail := "status=" + string(next)
		t.audit(event(a, r.from, "referral."+string(action), "referral", r.id.String(), detail))
		t.audit(event(a, r.to, "referral."+string(action), "referral", r.id.String(), detail))
		return db.notifyReferral(ctx, t, notify.ReferralStatus, r.id, next, stepRecipients(r, a.OrgID == r.to)...)
	})
	if err != nil {
		return err
	}
	return db.shredAll(ctx, shred)
}

// orgSubject names a subject key.
type orgSubject struct{ org, subject uuid.UUID }

// shredAll destroys the linked cases' keys once their tombstones are
// committed; a failure leaves the columns emptied already.
func (db *DB) shredAll(ctx context.Context, keys []orgSubject) error {
	for _, k := range keys {
		if k.subject == uuid.Nil {
			continue
		}
		if err := db.keys.Shred(ctx, k.org, k.subject); err != nil {
			return err
		}
	}
	if len(keys) > 0 {
		db.checkpoint(ctx)
	}
	return nil
}

// tombstone empties the receiver's linked case of r within t: its person
// columns, name indexes, de-identified facts and tags that came from the
// shared fields, the receiver's notes, files and plan about the person, and
// the receiver's copy of the texts. The case and the referral stay, so the
// receiver keeps that a referral existed. Audited "referral.tombstone" on
// the receiver's chain.
func (t *tx) tombstone(ctx context.Context, a auth.Actor, r referralRow) error {
	if r.linked == uuid.Nil {
		return nil
	}
	at := now()
	empty := casework.Case{}
	if _, err := t.ExecContext(ctx, `UPDATE cases SET person = NULL, display_name = NULL, birth_hash = NULL,
		closure_reason = NULL, gender = '', citizenship = '', age_when_trafficked = NULL, presumed_minor = FALSE,
		age_group = $1, exploitation = '', sex_exploitation = '', labour_industry = '', events = $2,
		erased_at = COALESCE(erased_at, $3), updated_at = $3 WHERE id = $4 AND organisation_id = $5`,
		empty.AgeGroup(), eventsJSON(nil), at, r.linked, r.to); err != nil {
		return fmt.Errorf("store: referral tombstone: %w", err)
	}
	if err := t.deleteNameIndexes(ctx, r.to, r.linked); err != nil {
		return err
	}
	for _, q := range []string{
		`DELETE FROM case_tags WHERE organisation_id = $1 AND case_id = $2`,
		`UPDATE case_notes SET body = NULL WHERE organisation_id = $1 AND case_id = $2`,
		`UPDATE case_attachments SET name = NULL, data = NULL WHERE organisation_id = $1 AND case_id = $2`,
		`UPDATE case_plan_items SET objective = NULL, provider = NULL, outcome = NULL WHERE organisation_id = $1 AND case_id = $2`,
		`UPDATE case_plan_followups SET note = NULL WHERE organisation_id = $1 AND case_id = $2`,
		`UPDATE referrals SET receiver_text = NULL WHERE to_organisation_id = $1 AND linked_case_id = $2`,
	} {
		if _, err := t.ExecContext(ctx, q, r.to, r.linked); err != nil {
			return fmt.Errorf("store: referral tombstone: %w", err)
		}
	}
	t.audit(event(a, r.to, "referral.tombstone", "case", r.linked.String(), "referral="+r.id.String()))
	return nil
}

// withdrawReferrals is the consent rule applied at once, within the
// transaction that withdrew a referral consent of case caseID of org: every
// referral of the case whose receiver's type no consent left in force
// covers is revoked when open, and its linked case becomes a tombstone. It
// returns the keys to shred after commit.
func (t *tx) withdrawReferrals(ctx context.Context, a auth.Actor, org, caseID uuid.UUID) ([]orgSubject, error) {
	consents, err := t.consentsOf(ctx, org, caseID)
	if err != nil {
		return nil, err
	}
	rows, err := t.QueryContext(ctx, `SELECT r.id, r.to_organisation_id, r.linked_case_id, r.status, o.type
		FROM referrals r JOIN organisations o ON o.id = r.to_organisation_id
		WHERE r.organisation_id = $1 AND r.case_id = $2 AND r.linked_case_id IS NOT NULL`, org, caseID)
	if err != nil {
		return nil, err
	}
	type hit struct {
		r       referralRow
		orgType string
	}
	var hits []hit
	for rows.Next() {
		var h hit
		var status string
		if err := rows.Scan(&h.r.id, &h.r.to, &h.r.linked, &status, &h.orgType); err != nil {
			rows.Close()
			return nil, err
		}
		h.r.from, h.r.caseID, h.r.status = org, caseID, referral.Status(status)
		hits = append(hits, h)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	at := now()
	var shred []orgSubject
	for _, h := range hits {
		if casework.Allows(consents, casework.PurposeReferral, h.orgType, at) {
			continue
		}
		if h.r.status.Open() {
			if _, err := t.ExecContext(ctx, `UPDATE referrals SET status = $1, updated_at = $2 WHERE id = $3`,
				string(referral.Revoked), at, h.r.id); err != nil {
				return nil, err
			}
			detail := "status=revoked reason=consent_withdrawn"
			t.audit(event(a, org, "referral.revoke", "referral", h.r.id.String(), detail))
			t.audit(event(a, h.r.to, "referral.revoke", "referral", h.r.id.String(), detail))
			if err := t.db.notifyReferral(ctx, t, notify.ReferralStatus, h.r.id, referral.Revoked, receiverDesk(h.r.to)...); err != nil {
				return nil, err
			}
		}
		if err := t.tombstone(ctx, a, h.r); err != nil {
			return nil, err
		}
		shred = append(shred, orgSubject{h.r.to, h.r.linked})
	}
	return shred, nil
}

// consentsOf reads the consents of a case within t (no sealed column).
func (t *tx) consentsOf(ctx context.Context, org, caseID uuid.UUID) ([]casework.Consent, error) {
	rows, err := t.QueryContext(ctx, `SELECT purpose, org_types, given_at, withdrawn_at FROM case_consents
		WHERE organisation_id = $1 AND case_id = $2`, org, caseID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []casework.Consent
	for rows.Next() {
		var c casework.Consent
		var purpose, types string
		var withdrawn sql.NullTime
		if err := rows.Scan(&purpose, &types, &c.GivenAt, &withdrawn); err != nil {
			return nil, err
		}
		c.Purpose, c.OrgTypes, c.WithdrawnAt = casework.Purpose(purpose), splitCodes(types), timePtr(withdrawn)
		out = append(out, c)
	}
	return out, rows.Err()
}

// AddReferralOutcome records a service outcome of referral id
// (PermCaseWrite, the receiver, once accepted): it becomes an item of the
// sender's reintegration plan (type from the service, provider the
// receiver's name, outcome sealed under the sender case's key). Refused with
// valid errors: a service the referral did not ask, or one without a kind
// of plan item; a referral not accepted, in service or completed is a
// conflict. Audited "referral.outcome" (receiver) and "plan.create"
// (sender). It returns the plan item's id.
func (db *DB) AddReferralOutcome(ctx context.Context, id uuid.UUID, o referral.Outcome) (uuid.UUID, error) {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return uuid.Nil, err
	}
	o.Outcome, o.Status = strings.TrimSpace(o.Outcome), strings.TrimSpace(o.Status)
	var r referral.Referral
	var from, caseID uuid.UUID
	var services, status string
	if err := db.readRow(ctx, `SELECT organisation_id, case_id, services, status FROM referrals
		WHERE id = $1 AND (organisation_id = $2 OR to_organisation_id = $2)`, id, a.OrgID).
		Scan(&from, &caseID, &services, &status); err != nil {
		return uuid.Nil, notFound(err)
	}
	if from == a.OrgID {
		return uuid.Nil, referralRefusal(referral.RuleNotReceiver)
	}
	r.Services, r.Status = splitVocab[directory.Service](services), referral.Status(status)
	if es := o.Validate(r); len(es) > 0 {
		return uuid.Nil, es
	}
	if r.Status != referral.Accepted && r.Status != referral.InService && r.Status != referral.Completed {
		return uuid.Nil, referralRefusal(referral.RuleTransition)
	}
	var provider string
	if err := db.readRow(ctx, `SELECT name FROM organisations WHERE id = $1`, a.OrgID).Scan(&provider); err != nil {
		return uuid.Nil, err
	}
	planType, _ := referral.PlanType(o.Service)
	item := casework.PlanItem{CaseID: caseID, Objective: string(o.Service), Type: planType, Provider: provider,
		Status: o.Status, Outcome: o.Outcome}
	today := now().Format(time.DateOnly)
	if o.Status == "done" {
		item.ActualEnd = today
	}
	if es := item.Validate(now()); len(es) > 0 {
		return uuid.Nil, es
	}
	if err := newID(&item.ID); err != nil {
		return uuid.Nil, err
	}
	obj, prov, out, err := db.sealPlan(ctx, from, item)
	if err != nil {
		return uuid.Nil, err
	}
	outcomeID, err := uuid.NewV7()
	if err != nil {
		return uuid.Nil, err
	}
	err = db.write(ctx, func(t *tx) error {
		row, err := t.lockReferral(ctx, a, id)
		if err != nil {
			return err
		}
		if row.status != r.Status {
			return fmt.Errorf("%w: the referral changed", ErrConflict)
		}
		if err := t.liveCase(ctx, from, caseID); err != nil {
			return err
		}
		at := now()
		if _, err := t.ExecContext(ctx, `INSERT INTO case_plan_items (id, organisation_id, case_id, objective, type, domain,
			provider, planned_start, planned_end, actual_start, actual_end, status, outcome, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			item.ID, from, caseID, obj, item.Type, item.Domain, prov, item.PlannedStart, item.PlannedEnd,
			item.ActualStart, item.ActualEnd, item.Status, out, at); err != nil {
			return fmt.Errorf("store: referral outcome: %w", err)
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO referral_outcomes (id, referral_id, organisation_id, plan_item_id,
			service, status, by_user, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			outcomeID, id, a.OrgID, item.ID, string(o.Service), o.Status, a.UserID, at); err != nil {
			return fmt.Errorf("store: referral outcome: %w", err)
		}
		detail := "service=" + string(o.Service) + " status=" + o.Status
		t.audit(event(a, a.OrgID, "referral.outcome", "referral", id.String(), detail))
		t.audit(event(a, from, "plan.create", "plan_item", item.ID.String(), "case="+caseID.String()+" type="+
			item.Type+" referral="+id.String()))
		return nil
	})
	if err != nil {
		return uuid.Nil, err
	}
	return item.ID, nil
}
