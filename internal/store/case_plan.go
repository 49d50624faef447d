package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The objective, provider, outcome and follow-up notes of a plan are free
// text about the person (the provider names where the person can be found):
// sealed. Type, domain, dates and status stay in clear for the outcome
// statistics; without the provider they place no one.

// AddPlanItem adds an item to the case's reintegration plan (PermCaseWrite);
// ID is set, Domain and Status take their defaults. FollowUps are ignored:
// use AddFollowUp.
func (db *DB) AddPlanItem(ctx context.Context, p *casework.PlanItem) error {
	a, org, err := db.caseFor(ctx, db.r, auth.PermCaseWrite, p.CaseID)
	if err != nil {
		return err
	}
	n := *p
	n.FollowUps = nil
	if es := n.Validate(now()); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	obj, prov, out, err := db.sealPlan(ctx, org, n)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, n.CaseID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_plan_items (id, organisation_id, case_id, objective, type, domain,
			provider, planned_start, planned_end, actual_start, actual_end, status, outcome, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
			n.ID, org, n.CaseID, obj, n.Type, n.Domain, prov, n.PlannedStart, n.PlannedEnd, n.ActualStart,
			n.ActualEnd, n.Status, out, now()); err != nil {
			return fmt.Errorf("store: add plan item: %w", err)
		}
		if err := t.refreshFacts(ctx, org, n.CaseID); err != nil {
			return err
		}
		t.audit(event(a, org, "plan.create", "plan_item", n.ID.String(), "case="+n.CaseID.String()+" type="+n.Type))
		return nil
	})
	if err != nil {
		return err
	}
	*p = n
	return nil
}

func (db *DB) sealPlan(ctx context.Context, org uuid.UUID, p casework.PlanItem) (obj, prov, out []byte, err error) {
	s := db.subject(org, p.CaseID)
	if obj, err = s.sealString(ctx, "case_plan_items.objective", p.ID, p.Objective); err != nil {
		return nil, nil, nil, err
	}
	if prov, err = s.sealString(ctx, "case_plan_items.provider", p.ID, p.Provider); err != nil {
		return nil, nil, nil, err
	}
	out, err = s.sealString(ctx, "case_plan_items.outcome", p.ID, p.Outcome)
	return obj, prov, out, err
}

// UpdatePlanItem saves an item's fields (PermCaseWrite); its case cannot
// change. The audit detail names the fields that changed.
func (db *DB) UpdatePlanItem(ctx context.Context, p casework.PlanItem) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	old, org, err := db.planItem(ctx, a, p.ID)
	if err != nil {
		return err
	}
	p.CaseID, p.FollowUps = old.CaseID, nil
	if es := p.Validate(now()); len(es) > 0 {
		return es
	}
	changed := planChanges(old, p)
	if len(changed) == 0 {
		return nil
	}
	obj, prov, out, err := db.sealPlan(ctx, org, p)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, p.CaseID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE case_plan_items SET objective = $1, type = $2, domain = $3, provider = $4,
			planned_start = $5, planned_end = $6, actual_start = $7, actual_end = $8, status = $9, outcome = $10
			WHERE id = $11 AND organisation_id = $12`, obj, p.Type, p.Domain, prov, p.PlannedStart, p.PlannedEnd,
			p.ActualStart, p.ActualEnd, p.Status, out, p.ID, org); err != nil {
			return fmt.Errorf("store: update plan item: %w", err)
		}
		if err := t.refreshFacts(ctx, org, p.CaseID); err != nil {
			return err
		}
		t.audit(event(a, org, "plan.update", "plan_item", p.ID.String(), "fields="+strings.Join(changed, ",")))
		return nil
	})
}

func planChanges(a, b casework.PlanItem) []string {
	var out []string
	for _, f := range []struct {
		name string
		x, y string
	}{{"objective", a.Objective, b.Objective}, {"type", a.Type, b.Type}, {"domain", a.Domain, b.Domain},
		{"provider", a.Provider, b.Provider}, {"planned_start", a.PlannedStart, b.PlannedStart},
		{"planned_end", a.PlannedEnd, b.PlannedEnd}, {"actual_start", a.ActualStart, b.ActualStart},
		{"actual_end", a.ActualEnd, b.ActualEnd}, {"status", a.Status, b.Status}, {"outcome", a.Outcome, b.Outcome}} {
		if f.x != f.y {
			out = append(out, f.name)
		}
	}
	return out
}

// planItem reads one item (texts opened) for a change by a (PermCaseWrite):
// the organisation acted for is in the query. Opening it is part of the
// change, whose own entry is the audit.
func (db *DB) planItem(ctx context.Context, a auth.Actor, id uuid.UUID) (casework.PlanItem, uuid.UUID, error) {
	var p casework.PlanItem
	var org uuid.UUID
	var obj, prov, out []byte
	q := `SELECT id, organisation_id, case_id, objective, type, domain, provider, planned_start,
		planned_end, actual_start, actual_end, status, outcome FROM case_plan_items WHERE id = $1`
	args := []any{id}
	if s := scopeOrg(a); s != uuid.Nil {
		q += ` AND organisation_id = $2`
		args = append(args, s)
	}
	err := db.readRow(ctx, q, args...).
		Scan(&p.ID, &org, &p.CaseID, &obj, &p.Type, &p.Domain, &prov, &p.PlannedStart, &p.PlannedEnd,
			&p.ActualStart, &p.ActualEnd, &p.Status, &out)
	if err != nil {
		return p, org, notFound(err)
	}
	if err := caseAccess(a, auth.PermCaseWrite, org); err != nil {
		return casework.PlanItem{}, uuid.Nil, err
	}
	s := db.subject(org, p.CaseID)
	if p.Objective, err = s.openString(ctx, "case_plan_items.objective", p.ID, obj); err != nil {
		return p, org, err
	}
	if p.Provider, err = s.openString(ctx, "case_plan_items.provider", p.ID, prov); err != nil {
		return p, org, err
	}
	p.Outcome, err = s.openString(ctx, "case_plan_items.outcome", p.ID, out)
	return p, org, err
}

// AddFollowUp adds a dated check to a plan item (PermCaseWrite); By is the
// actor, At defaults to now; the note is sealed.
func (db *DB) AddFollowUp(ctx context.Context, itemID uuid.UUID, f casework.PlanFollowUp) error {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return err
	}
	item, org, err := db.planItem(ctx, a, itemID)
	if err != nil {
		return err
	}
	var es valid.Errors
	es.Add(valid.Required("note", f.Note), valid.MaxLen("note", f.Note, casework.MaxNote))
	if f.At.After(now().Add(24 * time.Hour)) {
		es.Add(valid.New("at", casework.RuleFutureDate, nil))
	}
	if len(es) > 0 {
		return es
	}
	if f.At.IsZero() {
		f.At = now()
	}
	f.At, f.By = f.At.UTC().Truncate(time.Microsecond), a.UserID
	id, err := uuid.NewV7()
	if err != nil {
		return err
	}
	note, err := db.subject(org, item.CaseID).sealString(ctx, "case_plan_followups.note", id, f.Note)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.liveCase(ctx, org, item.CaseID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_plan_followups (id, organisation_id, case_id, item_id, at, by_user, note)
			VALUES ($1, $2, $3, $4, $5, $6, $7)`, id, org, item.CaseID, itemID, f.At, f.By, note); err != nil {
			return fmt.Errorf("store: add follow-up: %w", err)
		}
		t.audit(event(a, org, "plan.followup", "plan_item", itemID.String(), "case="+item.CaseID.String()))
		return nil
	})
}

// ListPlan returns the case's plan items in creation order with their
// follow-ups (oldest first), texts opened (PermCaseRead), audited as a read
// of the case file.
func (db *DB) ListPlan(ctx context.Context, caseID uuid.UUID) ([]casework.PlanItem, error) {
	f, err := db.ReadCaseFile(ctx, caseID, PartPlan)
	return f.Plan, err
}
