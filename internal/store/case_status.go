package store

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// SetCaseStatus moves an open case between Active and FollowUp (PermCaseWrite).
func (db *DB) SetCaseStatus(ctx context.Context, id uuid.UUID, s casework.Status) error {
	return db.caseStep(ctx, id, auth.PermCaseWrite, nil, func(a auth.Actor, c *casework.Case) (audit.Entry, error) {
		from := c.Status
		if err := c.SetStatus(s); err != nil {
			return audit.Entry{}, err
		}
		return event(a, c.OrgID, "case.status", "case", c.ID.String(), "from="+string(from)+" to="+string(s)), nil
	})
}

// RequestClosure asks for the case to be closed as Closed or ClosedReferred,
// with a reason (sealed: it may name the person) (PermCaseWrite).
func (db *DB) RequestClosure(ctx context.Context, id uuid.UUID, to casework.Status, reason string) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	// Check the request before sealing anything.
	c, _, err := db.loadCase(ctx, db.r, scopeOrg(a), id, false)
	if err != nil {
		return err
	}
	probe := c
	if err := probe.RequestClosure(a.UserID, to, reason); err != nil {
		return err
	}
	sealed, err := db.subject(c.OrgID, c.ID).sealString(ctx, "cases.closure_reason", c.ID, reason)
	if err != nil {
		return err
	}
	return db.caseStep(ctx, id, auth.PermCaseWrite, sealed, func(a auth.Actor, c *casework.Case) (audit.Entry, error) {
		if err := c.RequestClosure(a.UserID, to, reason); err != nil {
			return audit.Entry{}, err
		}
		return event(a, c.OrgID, "case.closure_request", "case", c.ID.String(), "to="+string(to)), nil
	})
}

// ApproveClosure closes the case as requested (PermCaseApprove); the
// requester cannot approve their own request (ErrForbidden).
func (db *DB) ApproveClosure(ctx context.Context, id uuid.UUID) error {
	return db.caseStep(ctx, id, auth.PermCaseApprove, nil, func(a auth.Actor, c *casework.Case) (audit.Entry, error) {
		if c.ClosureRequested && c.ClosureRequestedBy == a.UserID && !a.System {
			return audit.Entry{}, ErrForbidden
		}
		if err := c.ApproveClosure(a.UserID); err != nil {
			return audit.Entry{}, err
		}
		at := now()
		c.ClosedAt = &at
		return event(a, c.OrgID, "case.close", "case", c.ID.String(), "status="+string(c.Status)), nil
	})
}

// RejectClosure clears a pending closure request (PermCaseApprove).
func (db *DB) RejectClosure(ctx context.Context, id uuid.UUID) error {
	return db.caseStep(ctx, id, auth.PermCaseApprove, nil, func(a auth.Actor, c *casework.Case) (audit.Entry, error) {
		if err := c.RejectClosure(); err != nil {
			return audit.Entry{}, err
		}
		return event(a, c.OrgID, "case.closure_reject", "case", c.ID.String(), ""), nil
	})
}

// ReopenCase brings a closed case back to Active (PermCaseApprove). An
// erased case cannot be reopened (ErrConflict).
func (db *DB) ReopenCase(ctx context.Context, id uuid.UUID) error {
	return db.caseStep(ctx, id, auth.PermCaseApprove, nil, func(a auth.Actor, c *casework.Case) (audit.Entry, error) {
		if c.ErasedAt != nil {
			return audit.Entry{}, fmt.Errorf("%w: the case was erased", ErrConflict)
		}
		if err := c.Reopen(); err != nil {
			return audit.Entry{}, err
		}
		return event(a, c.OrgID, "case.reopen", "case", c.ID.String(), ""), nil
	})
}

// caseStep applies one workflow step to a locked case and saves the status
// and closure columns (and their copy in case_tags). reason is the sealed
// closure reason to store; nil clears it unless a request stays pending.
func (db *DB) caseStep(ctx context.Context, id uuid.UUID, p auth.Permission, reason []byte,
	step func(auth.Actor, *casework.Case) (audit.Entry, error)) error {
	a, err := caseActor(ctx, p)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		c, sc, err := db.loadCase(ctx, t, scopeOrg(a), id, true)
		if err != nil {
			return err
		}
		old := c.Status
		e, err := step(a, &c)
		if err != nil {
			return err
		}
		switch {
		case reason != nil:
		case c.ClosureRequested || c.Status.IsClosed():
			reason = sc.closureReason // kept with the request and the closed case
		}
		if !c.Status.IsClosed() {
			c.ClosedAt = nil
		}
		c.UpdatedAt = now()
		return t.saveStatus(ctx, c, old, reason, e)
	})
}

func (t *tx) saveStatus(ctx context.Context, c casework.Case, old casework.Status, reason []byte, e audit.Entry) error {
	if _, err := t.ExecContext(ctx, `UPDATE cases SET status = $1, closure_requested = $2, closure_status = $3,
		closure_reason = $4, closure_requested_by = $5, closed_at = $6, updated_at = $7 WHERE id = $8 AND organisation_id = $9`,
		string(c.Status), c.ClosureRequested, string(c.ClosureStatus), reason, c.ClosureRequestedBy,
		nullTime(c.ClosedAt), c.UpdatedAt, c.ID, c.OrgID); err != nil {
		return fmt.Errorf("store: case status: %w", err)
	}
	if c.Status != old {
		if _, err := t.ExecContext(ctx, `UPDATE case_tags SET status = $1 WHERE organisation_id = $2 AND case_id = $3`,
			string(c.Status), c.OrgID, c.ID); err != nil {
			return fmt.Errorf("store: case status: %w", err)
		}
		if err := t.refreshFacts(ctx, c.OrgID, c.ID); err != nil {
			return err
		}
	}
	t.audit(e)
	return nil
}

// closeForRetention closes an open case for the organisation's retention
// rule (the system's step: no request, no approval).
func (t *tx) closeForRetention(ctx context.Context, a auth.Actor, c casework.Case, at time.Time) error {
	old := c.Status
	c.Status, c.ClosureRequested, c.ClosureStatus, c.ClosureRequestedBy = casework.Closed, false, "", uuid.Nil
	c.ClosedAt, c.UpdatedAt = &at, at
	return t.saveStatus(ctx, c, old, nil, event(a, c.OrgID, "case.close", "case", c.ID.String(), "reason=retention"))
}
