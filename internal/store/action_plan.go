package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// National action plans belong to the organisation that keeps them (the
// coordinating ministry or secretariat): its coordinators edit them
// (PermProgrammeEdit); every holder of PermProgrammeView in the network
// reads them (policyAccess): a plan is a public-policy document. Every
// change is audited; exports are audited too ("plan.export", in the keeping
// organisation's chain, with the reader). Reads are not: a plan holds no
// personal data.

// planText seals a plan's free text under the organisation's key, bound to
// its column and record.
func (db *DB) planText(ctx context.Context, org uuid.UUID, col string, id uuid.UUID, s string) ([]byte, error) {
	return db.keys.Seal(ctx, org, []byte(s), []byte(col+"|"+id.String()))
}

func (db *DB) openPlanText(ctx context.Context, org uuid.UUID, col string, id uuid.UUID, b []byte) (string, error) {
	p, err := db.keys.Open(ctx, org, b, []byte(col+"|"+id.String()))
	return string(p), err
}

// sealPlanTexts seals several texts of one record; pairs are column, text.
func (db *DB) sealPlanTexts(ctx context.Context, org, id uuid.UUID, pairs ...string) ([][]byte, error) {
	out := make([][]byte, 0, len(pairs)/2)
	for i := 0; i+1 < len(pairs); i += 2 {
		b, err := db.planText(ctx, org, pairs[i], id, pairs[i+1])
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// CreateActionPlan records a new plan of the actor's organisation
// (PermProgrammeEdit); ID, OrgID and CreatedAt are set. The system may give
// OrgID.
func (db *DB) CreateActionPlan(ctx context.Context, p *plan.Plan) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	n := *p
	org := a.OrgID
	if a.System && n.OrgID != uuid.Nil {
		org = n.OrgID
	}
	if err := policyAccess(a, org, auth.PermProgrammeEdit); err != nil {
		return err
	}
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	n.OrgID, n.CreatedAt = org, now()
	texts, err := db.sealPlanTexts(ctx, org, n.ID, "action_plans.title", n.Title)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO action_plans (id, organisation_id, country, title, starts_on, ends_on,
			iati_org_ref, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)`,
			n.ID, org, n.Country, texts[0], n.StartsOn, n.EndsOn, n.IATIOrgRef, n.CreatedAt); err != nil {
			return fmt.Errorf("store: create action plan: %w", err)
		}
		t.audit(event(a, org, "plan.create", "action_plan", n.ID.String(), "country="+n.Country))
		return nil
	})
	if err != nil {
		return err
	}
	*p = n
	return nil
}

// UpdateActionPlan saves a plan's country, title, dates and IATI
// organisation identifier (PermProgrammeEdit); the audit detail names the
// fields that changed.
func (db *DB) UpdateActionPlan(ctx context.Context, p plan.Plan) error {
	a, old, title, err := db.planAccess(ctx, p.ID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	if old.Title, err = db.openPlanText(ctx, old.OrgID, "action_plans.title", old.ID, title); err != nil {
		return err
	}
	if es := p.Validate(); len(es) > 0 {
		return es
	}
	var changed []string
	for _, f := range []struct {
		name string
		same bool
	}{{"country", old.Country == p.Country}, {"title", old.Title == p.Title}, {"starts_on", old.StartsOn == p.StartsOn},
		{"ends_on", old.EndsOn == p.EndsOn}, {"iati_org_ref", old.IATIOrgRef == p.IATIOrgRef}} {
		if !f.same {
			changed = append(changed, f.name)
		}
	}
	if len(changed) == 0 {
		return nil
	}
	texts, err := db.sealPlanTexts(ctx, old.OrgID, old.ID, "action_plans.title", p.Title)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `UPDATE action_plans SET country = $1, title = $2, starts_on = $3, ends_on = $4,
			iati_org_ref = $5, updated_at = $6 WHERE id = $7 AND organisation_id = $8`,
			p.Country, texts[0], p.StartsOn, p.EndsOn, p.IATIOrgRef, now(), old.ID, old.OrgID); err != nil {
			return fmt.Errorf("store: update action plan: %w", err)
		}
		t.audit(event(a, old.OrgID, "plan.update", "action_plan", old.ID.String(), "fields="+strings.Join(changed, ",")))
		return nil
	})
}

// ListActionPlans returns the plans of the actor's organisation
// (PermProgrammeView), latest start first.
func (db *DB) ListActionPlans(ctx context.Context) ([]plan.Plan, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	org := a.OrgID
	if err := policyAccess(a, org, auth.PermProgrammeView); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT `+planColumns+` FROM action_plans WHERE organisation_id = $1
		ORDER BY starts_on DESC, id`, org)
	if err != nil {
		return nil, err
	}
	var out []plan.Plan
	var titles [][]byte
	for rows.Next() {
		p, title, err := scanPlan(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out, titles = append(out, p), append(titles, title)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Title, err = db.openPlanText(ctx, org, "action_plans.title", out[i].ID, titles[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// NetworkPlan is a plan another organisation keeps, with that
// organisation's name, for the readers of the network.
type NetworkPlan struct {
	plan.Plan
	Organisation string
}

// ListNetworkActionPlans returns the plans the other organisations of the
// network keep, to every holder of PermProgrammeView (policyAccess: a plan
// is a public-policy document), by country then latest start first.
func (db *DB) ListNetworkActionPlans(ctx context.Context) ([]NetworkPlan, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := policyAccess(a, a.OrgID, auth.PermProgrammeView); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT p.id, p.organisation_id, p.country, p.title, p.starts_on, p.ends_on, p.iati_org_ref,
		p.created_at, o.name FROM action_plans p JOIN organisations o ON o.id = p.organisation_id
		WHERE p.organisation_id <> $1 ORDER BY p.country, p.starts_on DESC, p.id`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: list network plans: %w", err)
	}
	var out []NetworkPlan
	var titles [][]byte
	for rows.Next() {
		var n NetworkPlan
		var title []byte
		if err := rows.Scan(&n.ID, &n.OrgID, &n.Country, &title, &n.StartsOn, &n.EndsOn, &n.IATIOrgRef, &n.CreatedAt,
			&n.Organisation); err != nil {
			rows.Close()
			return nil, err
		}
		n.CreatedAt = n.CreatedAt.UTC()
		out, titles = append(out, n), append(titles, title)
	}
	if err := rows.Close(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Title, err = db.openPlanText(ctx, out[i].OrgID, "action_plans.title", out[i].ID, titles[i]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

const planColumns = `id, organisation_id, country, title, starts_on, ends_on, iati_org_ref, created_at`

func scanPlan(s interface{ Scan(...any) error }) (plan.Plan, []byte, error) {
	var p plan.Plan
	var title []byte
	err := s.Scan(&p.ID, &p.OrgID, &p.Country, &title, &p.StartsOn, &p.EndsOn, &p.IATIOrgRef, &p.CreatedAt)
	p.CreatedAt = p.CreatedAt.UTC()
	return p, title, err
}

// planAccess finds plan id and checks perm by policyAccess: any reader of
// the network may view it; another organisation's plan is ErrNotFound to a
// writer.
func (db *DB) planAccess(ctx context.Context, id uuid.UUID, perm auth.Permission) (auth.Actor, plan.Plan, []byte, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return a, plan.Plan{}, nil, err
	}
	p, title, err := scanPlan(db.readRow(ctx, `SELECT `+planColumns+` FROM action_plans WHERE id = $1`, id))
	if err != nil {
		return a, plan.Plan{}, nil, notFound(err)
	}
	if err := policyAccess(a, p.OrgID, perm); err != nil {
		return a, plan.Plan{}, nil, err
	}
	return a, p, title, nil
}

// ActionPlan returns plan id with its objectives, activities, indicators
// (with their values, earliest period first) and projects, in the order they
// were added (PermProgrammeView).
func (db *DB) ActionPlan(ctx context.Context, id uuid.UUID) (plan.Detail, error) {
	_, p, title, err := db.planAccess(ctx, id, auth.PermProgrammeView)
	if err != nil {
		return plan.Detail{}, err
	}
	return db.planDetail(ctx, p, title)
}

// ActionPlanToEdit is ActionPlan for the forms that change it
// (PermProgrammeEdit, the keeping organisation only): another
// organisation's plan is ErrNotFound, as its writes are.
func (db *DB) ActionPlanToEdit(ctx context.Context, id uuid.UUID) (plan.Detail, error) {
	_, p, title, err := db.planAccess(ctx, id, auth.PermProgrammeEdit)
	if err != nil {
		return plan.Detail{}, err
	}
	return db.planDetail(ctx, p, title)
}

// ExportActionPlan is ActionPlan for a file leaving the system (format:
// "xlsx", "csv", "iati"), with the keeping organisation for the file's
// header; the export is audited.
func (db *DB) ExportActionPlan(ctx context.Context, id uuid.UUID, format string) (plan.Detail, account.Organisation, error) {
	a, p, title, err := db.planAccess(ctx, id, auth.PermProgrammeView)
	if err != nil {
		return plan.Detail{}, account.Organisation{}, err
	}
	d, err := db.planDetail(ctx, p, title)
	if err != nil {
		return d, account.Organisation{}, err
	}
	o, err := scanOrg(db.readRow(ctx, `SELECT `+orgColumns+` FROM organisations WHERE id = $1`, p.OrgID))
	if err != nil {
		return d, o, err
	}
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, p.OrgID, "plan.export", "action_plan", p.ID.String(), "format="+format))
		return nil
	})
	return d, o, err
}

func (db *DB) planDetail(ctx context.Context, p plan.Plan, title []byte) (plan.Detail, error) {
	org := p.OrgID
	var err error
	if p.Title, err = db.openPlanText(ctx, org, "action_plans.title", p.ID, title); err != nil {
		return plan.Detail{}, err
	}
	d := plan.Detail{Plan: p}
	type sealed struct {
		col string
		dst *string
		b   []byte
	}
	var texts []sealed
	var ids []uuid.UUID
	each := func(q string, scan func(*sql.Rows) error) error {
		rows, err := db.read(ctx, q, org, p.ID)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return err
			}
		}
		return rows.Err()
	}
	err = each(`SELECT id, title FROM plan_objectives WHERE organisation_id = $1 AND plan_id = $2 ORDER BY created_at, id`,
		func(r *sql.Rows) error {
			var o plan.Objective
			var b []byte
			if err := r.Scan(&o.ID, &b); err != nil {
				return err
			}
			o.PlanID = p.ID
			d.Objectives = append(d.Objectives, o)
			texts = append(texts, sealed{col: "plan_objectives.title", b: b})
			ids = append(ids, o.ID)
			return nil
		})
	if err != nil {
		return d, err
	}
	err = each(`SELECT id, donor, donor_ref, title, budget, currency, iati_identifier, starts_on, ends_on FROM plan_projects
		WHERE organisation_id = $1 AND plan_id = $2 ORDER BY created_at, id`, func(r *sql.Rows) error {
		var x plan.Project
		var donor, title []byte
		var budget string
		if err := r.Scan(&x.ID, &donor, &x.DonorRef, &title, &budget, &x.Currency, &x.IATIIdentifier, &x.StartsOn, &x.EndsOn); err != nil {
			return err
		}
		x.PlanID, x.Budget = p.ID, storedDecimal(budget)
		d.Projects = append(d.Projects, x)
		texts = append(texts, sealed{col: "plan_projects.donor", b: donor}, sealed{col: "plan_projects.title", b: title})
		ids = append(ids, x.ID, x.ID)
		return nil
	})
	if err != nil {
		return d, err
	}
	err = each(`SELECT id, objective_id, project_id, title, responsible, budget, currency, starts_on, due_on, status, at_risk
		FROM plan_activities WHERE organisation_id = $1 AND plan_id = $2 ORDER BY created_at, id`, func(r *sql.Rows) error {
		var x plan.Activity
		var title, resp []byte
		var budget, status string
		if err := r.Scan(&x.ID, &x.ObjectiveID, &x.ProjectID, &title, &resp, &budget, &x.Currency, &x.StartsOn, &x.DueOn,
			&status, &x.AtRisk); err != nil {
			return err
		}
		x.PlanID, x.Budget, x.Status = p.ID, storedDecimal(budget), plan.Status(status)
		d.Activities = append(d.Activities, x)
		texts = append(texts, sealed{col: "plan_activities.title", b: title}, sealed{col: "plan_activities.responsible", b: resp})
		ids = append(ids, x.ID, x.ID)
		return nil
	})
	if err != nil {
		return d, err
	}
	err = each(`SELECT id, objective_id, name, unit, baseline, target FROM plan_indicators
		WHERE organisation_id = $1 AND plan_id = $2 ORDER BY created_at, id`, func(r *sql.Rows) error {
		var x plan.Indicator
		var name []byte
		var base, target string
		if err := r.Scan(&x.ID, &x.ObjectiveID, &name, &x.Unit, &base, &target); err != nil {
			return err
		}
		x.PlanID, x.Baseline, x.Target = p.ID, storedDecimal(base), storedDecimal(target)
		d.Indicators = append(d.Indicators, x)
		texts = append(texts, sealed{col: "plan_indicators.name", b: name})
		ids = append(ids, x.ID)
		return nil
	})
	if err != nil {
		return d, err
	}
	values := map[uuid.UUID][]plan.Value{}
	err = each(`SELECT v.indicator_id, v.period, v.value FROM plan_indicator_values v
		JOIN plan_indicators i ON i.id = v.indicator_id AND i.organisation_id = v.organisation_id
		WHERE v.organisation_id = $1 AND i.plan_id = $2`, func(r *sql.Rows) error {
		var id uuid.UUID
		var v plan.Value
		var s string
		if err := r.Scan(&id, &v.Period, &s); err != nil {
			return err
		}
		v.Value = storedDecimal(s)
		values[id] = append(values[id], v)
		return nil
	})
	if err != nil {
		return d, err
	}
	// Point each sealed text at its field now that the slices are final.
	ti := 0
	for i := range d.Objectives {
		texts[ti].dst = &d.Objectives[i].Title
		ti++
	}
	for i := range d.Projects {
		texts[ti].dst, texts[ti+1].dst = &d.Projects[i].Donor, &d.Projects[i].Title
		ti += 2
	}
	for i := range d.Activities {
		texts[ti].dst, texts[ti+1].dst = &d.Activities[i].Title, &d.Activities[i].Responsible
		ti += 2
	}
	for i := range d.Indicators {
		texts[ti].dst = &d.Indicators[i].Name
		ti++
		vs := values[d.Indicators[i].ID]
		sort.Slice(vs, func(a, b int) bool { return vs[a].Period < vs[b].Period })
		plan.SortValues(vs)
		d.Indicators[i].Values = vs
	}
	for i, s := range texts {
		if *s.dst, err = db.openPlanText(ctx, org, s.col, ids[i], s.b); err != nil {
			return d, err
		}
	}
	return d, nil
}

// storedDecimal reads an amount the store wrote (plan.Decimal.String).
func storedDecimal(s string) plan.Decimal {
	d, _ := plan.ParseDecimal(s)
	return d
}

// belongs checks, within t, that an objective or project given by id is
// one of plan's (uuid.Nil passes): else a field error on field.
func (t *tx) belongs(ctx context.Context, table, field string, org, planID, id uuid.UUID) error {
	if id == uuid.Nil {
		return nil
	}
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+table+` WHERE id = $1 AND organisation_id = $2 AND plan_id = $3`,
		id, org, planID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return valid.Errors{valid.New(field, plan.RuleNotInPlan, nil)}
	}
	return nil
}

// AddObjective adds an objective to its plan (PermProgrammeEdit).
func (db *DB) AddObjective(ctx context.Context, o *plan.Objective) error {
	a, p, _, err := db.planAccess(ctx, o.PlanID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	n := *o
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	texts, err := db.sealPlanTexts(ctx, p.OrgID, n.ID, "plan_objectives.title", n.Title)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO plan_objectives (id, organisation_id, plan_id, title, created_at)
			VALUES ($1, $2, $3, $4, $5)`, n.ID, p.OrgID, p.ID, texts[0], now()); err != nil {
			return fmt.Errorf("store: add objective: %w", err)
		}
		t.audit(event(a, p.OrgID, "plan.objective", "action_plan", p.ID.String(), "objective="+n.ID.String()))
		return nil
	})
	if err == nil {
		*o = n
	}
	return err
}

// AddActivity adds an activity to its plan (PermProgrammeEdit); its
// objective and project, when given, must be the plan's.
func (db *DB) AddActivity(ctx context.Context, x *plan.Activity) error {
	a, p, _, err := db.planAccess(ctx, x.PlanID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	n := *x
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	texts, err := db.sealPlanTexts(ctx, p.OrgID, n.ID, "plan_activities.title", n.Title, "plan_activities.responsible", n.Responsible)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.belongs(ctx, "plan_objectives", "objective_id", p.OrgID, p.ID, n.ObjectiveID); err != nil {
			return err
		}
		if err := t.belongs(ctx, "plan_projects", "project_id", p.OrgID, p.ID, n.ProjectID); err != nil {
			return err
		}
		at := now()
		if _, err := t.ExecContext(ctx, `INSERT INTO plan_activities (id, organisation_id, plan_id, objective_id, project_id,
			title, responsible, budget, currency, starts_on, due_on, status, at_risk, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)`,
			n.ID, p.OrgID, p.ID, n.ObjectiveID, n.ProjectID, texts[0], texts[1], n.Budget.String(), n.Currency,
			n.StartsOn, n.DueOn, string(n.Status), n.AtRisk, at); err != nil {
			return fmt.Errorf("store: add activity: %w", err)
		}
		t.audit(event(a, p.OrgID, "plan.activity.create", "plan_activity", n.ID.String(),
			"plan="+p.ID.String()+" status="+string(n.Status)))
		return nil
	})
	if err == nil {
		*x = n
	}
	return err
}

// UpdateActivity saves every field of an activity of plan x.PlanID
// (PermProgrammeEdit); the audit detail names the fields that changed.
func (db *DB) UpdateActivity(ctx context.Context, x plan.Activity) error {
	a, p, title, err := db.planAccess(ctx, x.PlanID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	d, err := db.planDetail(ctx, p, title)
	if err != nil {
		return err
	}
	var old *plan.Activity
	for i := range d.Activities {
		if d.Activities[i].ID == x.ID {
			old = &d.Activities[i]
		}
	}
	if old == nil {
		return ErrNotFound
	}
	if es := x.Validate(); len(es) > 0 {
		return es
	}
	changed := activityChanges(*old, x)
	if len(changed) == 0 {
		return nil
	}
	texts, err := db.sealPlanTexts(ctx, p.OrgID, x.ID, "plan_activities.title", x.Title, "plan_activities.responsible", x.Responsible)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.belongs(ctx, "plan_objectives", "objective_id", p.OrgID, p.ID, x.ObjectiveID); err != nil {
			return err
		}
		if err := t.belongs(ctx, "plan_projects", "project_id", p.OrgID, p.ID, x.ProjectID); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `UPDATE plan_activities SET objective_id = $1, project_id = $2, title = $3,
			responsible = $4, budget = $5, currency = $6, starts_on = $7, due_on = $8, status = $9, at_risk = $10,
			updated_at = $11 WHERE id = $12 AND organisation_id = $13 AND plan_id = $14`,
			x.ObjectiveID, x.ProjectID, texts[0], texts[1], x.Budget.String(), x.Currency, x.StartsOn, x.DueOn,
			string(x.Status), x.AtRisk, now(), x.ID, p.OrgID, p.ID)
		if err != nil {
			return fmt.Errorf("store: update activity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		t.audit(event(a, p.OrgID, "plan.activity.update", "plan_activity", x.ID.String(), "fields="+strings.Join(changed, ",")))
		return nil
	})
}

func activityChanges(a, b plan.Activity) []string {
	var out []string
	for _, f := range []struct {
		name string
		same bool
	}{{"objective_id", a.ObjectiveID == b.ObjectiveID}, {"project_id", a.ProjectID == b.ProjectID},
		{"title", a.Title == b.Title}, {"responsible", a.Responsible == b.Responsible}, {"budget", a.Budget == b.Budget},
		{"currency", a.Currency == b.Currency}, {"starts_on", a.StartsOn == b.StartsOn}, {"due_on", a.DueOn == b.DueOn},
		{"status", a.Status == b.Status}, {"at_risk", a.AtRisk == b.AtRisk}} {
		if !f.same {
			out = append(out, f.name)
		}
	}
	return out
}

// AddIndicator adds an indicator to its plan (PermProgrammeEdit), with the
// values it carries.
func (db *DB) AddIndicator(ctx context.Context, x *plan.Indicator) error {
	a, p, _, err := db.planAccess(ctx, x.PlanID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	n := *x
	es := n.Validate()
	for i := range n.Values {
		es = append(es, n.Values[i].Validate()...)
	}
	if len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	texts, err := db.sealPlanTexts(ctx, p.OrgID, n.ID, "plan_indicators.name", n.Name)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.belongs(ctx, "plan_objectives", "objective_id", p.OrgID, p.ID, n.ObjectiveID); err != nil {
			return err
		}
		at := now()
		if _, err := t.ExecContext(ctx, `INSERT INTO plan_indicators (id, organisation_id, plan_id, objective_id, name, unit,
			baseline, target, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
			n.ID, p.OrgID, p.ID, n.ObjectiveID, texts[0], n.Unit, n.Baseline.String(), n.Target.String(), at); err != nil {
			return fmt.Errorf("store: add indicator: %w", err)
		}
		for _, v := range n.Values {
			if err := t.putValue(ctx, p.OrgID, n.ID, v, at); err != nil {
				return err
			}
		}
		t.audit(event(a, p.OrgID, "plan.indicator.create", "plan_indicator", n.ID.String(),
			fmt.Sprintf("plan=%s values=%d", p.ID, len(n.Values))))
		return nil
	})
	if err == nil {
		plan.SortValues(n.Values)
		*x = n
	}
	return err
}

func (t *tx) putValue(ctx context.Context, org, indicator uuid.UUID, v plan.Value, at time.Time) error {
	_, err := t.ExecContext(ctx, `INSERT INTO plan_indicator_values (organisation_id, indicator_id, period, value, recorded_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (indicator_id, period) DO UPDATE SET value = $4, recorded_at = $5`,
		org, indicator, v.Period, v.Value.String(), at)
	if err != nil {
		return fmt.Errorf("store: indicator value: %w", err)
	}
	return nil
}

// RecordIndicatorValue sets an indicator's value for a period, replacing
// the one recorded before (PermProgrammeEdit on the indicator's plan).
func (db *DB) RecordIndicatorValue(ctx context.Context, planID, indicatorID uuid.UUID, v plan.Value) error {
	a, p, _, err := db.planAccess(ctx, planID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	if es := v.Validate(); len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error {
		var n int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM plan_indicators WHERE id = $1 AND organisation_id = $2
			AND plan_id = $3`, indicatorID, p.OrgID, p.ID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return ErrNotFound
		}
		if err := t.putValue(ctx, p.OrgID, indicatorID, v, now()); err != nil {
			return err
		}
		t.audit(event(a, p.OrgID, "plan.indicator.value", "plan_indicator", indicatorID.String(), "period="+v.Period))
		return nil
	})
}

// AddProject adds a donor-funded project to its plan (PermProgrammeEdit).
func (db *DB) AddProject(ctx context.Context, x *plan.Project) error {
	a, p, _, err := db.planAccess(ctx, x.PlanID, auth.PermProgrammeEdit)
	if err != nil {
		return err
	}
	n := *x
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	if err := newID(&n.ID); err != nil {
		return err
	}
	texts, err := db.sealPlanTexts(ctx, p.OrgID, n.ID, "plan_projects.donor", n.Donor, "plan_projects.title", n.Title)
	if err != nil {
		return err
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO plan_projects (id, organisation_id, plan_id, donor, donor_ref, title,
			budget, currency, iati_identifier, starts_on, ends_on, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
			n.ID, p.OrgID, p.ID, texts[0], n.DonorRef, texts[1], n.Budget.String(), n.Currency, n.IATIIdentifier,
			n.StartsOn, n.EndsOn, now()); err != nil {
			return fmt.Errorf("store: add project: %w", err)
		}
		t.audit(event(a, p.OrgID, "plan.project.create", "plan_project", n.ID.String(), "plan="+p.ID.String()))
		return nil
	})
	if err == nil {
		*x = n
	}
	return err
}
