package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/legislation"
)

// Assessments of a country's law against the Protocol and the Convention.
// An assessment belongs to the organisation of the coordinator who made it:
// its members with PermProgrammeEdit (coordinators) create it and record its
// findings; every holder of PermProgrammeView in the network (analysts and
// donors of any organisation too) reads it (policyAccess: an assessment of a
// country's law is a public-policy document); another organisation's
// assessment is ErrNotFound to a writer. The rules of
// what an assessment holds are internal/legislation's. Creation and every
// finding are audited; the entries carry codes (country, requirement,
// status), never the texts.

// CreateLegislationAssessment records a new assessment by the actor (the
// assessor, whose name is returned with it), for the actor's organisation.
// Refused (valid errors, nothing written): legislation.Draft.Validate's
// rules. Audited "legislation.assess".
func (db *DB) CreateLegislationAssessment(ctx context.Context, d legislation.Draft) (legislation.Assessment, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return legislation.Assessment{}, err
	}
	if err := policyAccess(a, a.OrgID, auth.PermProgrammeEdit); err != nil {
		return legislation.Assessment{}, err
	}
	d.Normalise()
	at := now()
	if es := d.Validate(at); len(es) > 0 {
		return legislation.Assessment{}, es
	}
	id, err := uuid.NewV7()
	if err != nil {
		return legislation.Assessment{}, err
	}
	as := legislation.Assessment{ID: id, OrgID: a.OrgID, Country: d.Country, AssessedOn: d.AssessedOn, Title: d.Title,
		AssessorID: a.UserID, CreatedAt: at, UpdatedAt: at}
	if err := db.readRow(ctx, `SELECT display_name FROM users WHERE id = $1`, a.UserID).Scan(&as.AssessorName); err != nil &&
		!errors.Is(err, sql.ErrNoRows) {
		return legislation.Assessment{}, fmt.Errorf("store: read assessor: %w", err)
	}
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO legislation_assessments (id, organisation_id, country, assessed_on,
			title, assessor_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			as.ID, as.OrgID, as.Country, as.AssessedOn, as.Title, as.AssessorID, as.CreatedAt, as.UpdatedAt); err != nil {
			return fmt.Errorf("store: create legislation assessment: %w", err)
		}
		t.audit(event(a, as.OrgID, "legislation.assess", "legislation_assessment", as.ID.String(),
			"country="+as.Country+" assessed_on="+as.AssessedOn))
		return nil
	})
	if err != nil {
		return legislation.Assessment{}, err
	}
	return as, nil
}

// ListLegislationAssessments lists the assessments of the actor's
// organisation with their items, by country then newest first.
func (db *DB) ListLegislationAssessments(ctx context.Context) ([]legislation.Assessment, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := policyAccess(a, a.OrgID, auth.PermProgrammeView); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, sqlAssessmentSelect+` WHERE l.organisation_id = $1
		ORDER BY l.country, l.assessed_on DESC, l.id DESC`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: list legislation assessments: %w", err)
	}
	defer rows.Close()
	var out []legislation.Assessment
	for rows.Next() {
		as, err := scanAssessment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, as)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	items, err := db.legislationItems(ctx, a.OrgID, uuid.Nil)
	if err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Items = items[out[i].ID]
	}
	return out, nil
}

// NetworkAssessment is an assessment another organisation keeps, with that
// organisation's name, for the readers of the network.
type NetworkAssessment struct {
	legislation.Assessment
	Organisation string
}

// ListNetworkLegislationAssessments lists the assessments the other
// organisations of the network keep, with their items, to every holder of
// PermProgrammeView (policyAccess), by country then newest first.
func (db *DB) ListNetworkLegislationAssessments(ctx context.Context) ([]NetworkAssessment, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if err := policyAccess(a, a.OrgID, auth.PermProgrammeView); err != nil {
		return nil, err
	}
	rows, err := db.read(ctx, `SELECT l.id, l.organisation_id, l.country, l.assessed_on, l.title, l.assessor_id,
		COALESCE(u.display_name, ''), l.created_at, l.updated_at, o.name
		FROM legislation_assessments l LEFT JOIN users u ON u.id = l.assessor_id
		JOIN organisations o ON o.id = l.organisation_id
		WHERE l.organisation_id <> $1 ORDER BY l.country, l.assessed_on DESC, l.id DESC`, a.OrgID)
	if err != nil {
		return nil, fmt.Errorf("store: list network assessments: %w", err)
	}
	defer rows.Close()
	var out []NetworkAssessment
	for rows.Next() {
		var n NetworkAssessment
		as := &n.Assessment
		if err := rows.Scan(&as.ID, &as.OrgID, &as.Country, &as.AssessedOn, &as.Title, &as.AssessorID, &as.AssessorName,
			&as.CreatedAt, &as.UpdatedAt, &n.Organisation); err != nil {
			return nil, fmt.Errorf("store: read network assessment: %w", err)
		}
		as.CreatedAt, as.UpdatedAt = as.CreatedAt.UTC(), as.UpdatedAt.UTC()
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	for i := range out {
		items, err := db.legislationItems(ctx, out[i].OrgID, out[i].ID)
		if err != nil {
			return nil, err
		}
		out[i].Items = items[out[i].ID]
	}
	return out, nil
}

// legislationItems reads the items of org's assessment (of all its
// assessments when assessment is uuid.Nil), each assessment's in catalogue
// order.
func (db *DB) legislationItems(ctx context.Context, org, assessment uuid.UUID) (map[uuid.UUID][]legislation.Item, error) {
	q := `SELECT assessment_id, requirement_id, status, provision, evidence, updated_by, updated_at
		FROM legislation_items WHERE organisation_id = $1`
	args := []any{org}
	if assessment != uuid.Nil {
		q += ` AND assessment_id = $2`
		args = append(args, assessment)
	}
	rows, err := db.read(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("store: read legislation items: %w", err)
	}
	defer rows.Close()
	byID := map[uuid.UUID]map[string]legislation.Item{}
	for rows.Next() {
		var id uuid.UUID
		var it legislation.Item
		var status string
		if err := rows.Scan(&id, &it.RequirementID, &status, &it.Provision, &it.Evidence, &it.UpdatedBy, &it.UpdatedAt); err != nil {
			return nil, fmt.Errorf("store: read legislation item: %w", err)
		}
		it.Status, it.UpdatedAt = legislation.Status(status), it.UpdatedAt.UTC()
		if byID[id] == nil {
			byID[id] = map[string]legislation.Item{}
		}
		byID[id][it.RequirementID] = it
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make(map[uuid.UUID][]legislation.Item, len(byID))
	reqs := legislation.Requirements()
	for id, items := range byID {
		for _, r := range reqs {
			if it, ok := items[r.ID]; ok {
				out[id] = append(out[id], it)
			}
		}
	}
	return out, nil
}

const sqlAssessmentSelect = `SELECT l.id, l.organisation_id, l.country, l.assessed_on, l.title, l.assessor_id,
	COALESCE(u.display_name, ''), l.created_at, l.updated_at
	FROM legislation_assessments l LEFT JOIN users u ON u.id = l.assessor_id`

func scanAssessment(s interface{ Scan(...any) error }) (legislation.Assessment, error) {
	var as legislation.Assessment
	err := s.Scan(&as.ID, &as.OrgID, &as.Country, &as.AssessedOn, &as.Title, &as.AssessorID, &as.AssessorName,
		&as.CreatedAt, &as.UpdatedAt)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		err = fmt.Errorf("store: read legislation assessment: %w", err)
	}
	as.CreatedAt, as.UpdatedAt = as.CreatedAt.UTC(), as.UpdatedAt.UTC()
	return as, err
}

// GetLegislationAssessment returns one assessment with its items, in
// catalogue order, to any holder of PermProgrammeView (policyAccess).
// Without it, another organisation's is ErrNotFound and the own one
// ErrForbidden.
func (db *DB) GetLegislationAssessment(ctx context.Context, id uuid.UUID) (legislation.Assessment, error) {
	return db.legislationAssessment(ctx, id, auth.PermProgrammeView)
}

// LegislationAssessmentToEdit is GetLegislationAssessment for the forms
// that change it (PermProgrammeEdit, the keeping organisation only):
// another organisation's is ErrNotFound, as its writes are.
func (db *DB) LegislationAssessmentToEdit(ctx context.Context, id uuid.UUID) (legislation.Assessment, error) {
	return db.legislationAssessment(ctx, id, auth.PermProgrammeEdit)
}

func (db *DB) legislationAssessment(ctx context.Context, id uuid.UUID, perm auth.Permission) (legislation.Assessment, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return legislation.Assessment{}, err
	}
	as, err := scanAssessment(db.readRow(ctx, sqlAssessmentSelect+` WHERE l.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return legislation.Assessment{}, ErrNotFound
	}
	if err != nil {
		return legislation.Assessment{}, err
	}
	if err := policyAccess(a, as.OrgID, perm); err != nil {
		return legislation.Assessment{}, err
	}
	items, err := db.legislationItems(ctx, as.OrgID, as.ID)
	if err != nil {
		return legislation.Assessment{}, err
	}
	as.Items = items[as.ID]
	return as, nil
}

// SetLegislationItem records the finding on one requirement of an
// assessment, replacing any earlier one, and returns it. Refused (valid
// errors, nothing written): legislation.ItemInput.Validate's rules. Another
// organisation's assessment is ErrNotFound (checked before the input, so
// that nothing is learnt about it); the own one without PermProgrammeEdit
// ErrForbidden. Audited "legislation.item" with the requirement and status.
func (db *DB) SetLegislationItem(ctx context.Context, assessment uuid.UUID, in legislation.ItemInput) (legislation.Item, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return legislation.Item{}, err
	}
	var org uuid.UUID
	if err := db.readRow(ctx, `SELECT organisation_id FROM legislation_assessments WHERE id = $1`, assessment).Scan(&org); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return legislation.Item{}, ErrNotFound
		}
		return legislation.Item{}, fmt.Errorf("store: read legislation assessment: %w", err)
	}
	if err := policyAccess(a, org, auth.PermProgrammeEdit); err != nil {
		return legislation.Item{}, err
	}
	in.Normalise()
	if es := in.Validate(); len(es) > 0 {
		return legislation.Item{}, es
	}
	it := legislation.Item{RequirementID: in.RequirementID, Status: legislation.Status(in.Status),
		Provision: in.Provision, Evidence: in.Evidence, UpdatedBy: a.UserID, UpdatedAt: now()}
	err = db.write(ctx, func(t *tx) error {
		res, err := t.ExecContext(ctx, `UPDATE legislation_assessments SET updated_at = $1
			WHERE id = $2 AND organisation_id = $3`, it.UpdatedAt, assessment, org)
		if err != nil {
			return fmt.Errorf("store: touch legislation assessment: %w", err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return ErrNotFound
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO legislation_items (assessment_id, organisation_id, requirement_id,
			status, provision, evidence, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
			ON CONFLICT (assessment_id, requirement_id) DO UPDATE SET status = excluded.status,
			provision = excluded.provision, evidence = excluded.evidence, updated_by = excluded.updated_by,
			updated_at = excluded.updated_at`, assessment, org, it.RequirementID, string(it.Status), it.Provision,
			it.Evidence, it.UpdatedBy, it.UpdatedAt); err != nil {
			return fmt.Errorf("store: set legislation item: %w", err)
		}
		t.audit(event(a, org, "legislation.item", "legislation_assessment", assessment.String(),
			"requirement="+it.RequirementID+" status="+string(it.Status)))
		return nil
	})
	if err != nil {
		return legislation.Item{}, err
	}
	return it, nil
}

// CompareLegislationAssessments sets two assessments of the same country
// side by side, the earlier first (legislation.Compare). Each is read as
// GetLegislationAssessment reads it; two countries are a valid error on
// "with".
func (db *DB) CompareLegislationAssessments(ctx context.Context, one, other uuid.UUID) (legislation.Comparison, error) {
	a, err := db.GetLegislationAssessment(ctx, one)
	if err != nil {
		return legislation.Comparison{}, err
	}
	b, err := db.GetLegislationAssessment(ctx, other)
	if err != nil {
		return legislation.Comparison{}, err
	}
	c, es := legislation.Compare(a, b)
	if len(es) > 0 {
		return c, es
	}
	return c, nil
}
