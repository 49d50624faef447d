package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/donor"
)

// DonorReport makes the donor report of req (internal/donor): the actor's
// organisation's (PermReport) or the whole network's (PermReportNetwork)
// cases registered in the period by gender, age group and form of
// exploitation, the services done in the period by type, the people
// trained and the campaigns started in the period, each table
// released through disclosure control (disclosure.DefaultPolicy). It reads
// the cases' de-identified facts only (nothing sealed is opened) and counts
// only the cases whose person consents to statistics now (casework's
// consent rule), counting the others as left out. Audited "report.donor"
// with the scope, the period and the counts. Bad requests are valid.Errors
// on "from", "to" or "scope".
func (db *DB) DonorReport(ctx context.Context, req donor.Request) (donor.Report, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return donor.Report{}, err
	}
	if !a.Can(auth.PermReport) {
		return donor.Report{}, ErrForbidden
	}
	made := now()
	req.Normalise(made)
	if err := req.Validate(made); err != nil {
		return donor.Report{}, err
	}
	org := a.OrgID
	switch {
	case req.Scope == donor.ScopeNetwork && !a.Can(auth.PermReportNetwork):
		return donor.Report{}, ErrForbidden
	case req.Scope == donor.ScopeNetwork:
		org = uuid.Nil
	case org == uuid.Nil:
		return donor.Report{}, ErrNotFound
	}
	in, err := db.donorInput(ctx, org, req)
	if err != nil {
		return donor.Report{}, err
	}
	rep, err := donor.Build(req, in, disclosure.DefaultPolicy(), made)
	if err != nil {
		return donor.Report{}, err
	}
	detail := fmt.Sprintf("scope=%s from=%s to=%s counted=%d excluded=%d services=%d",
		req.Scope, req.From, req.To, len(in.Cases), in.Excluded, len(in.Services))
	err = db.write(ctx, func(t *tx) error {
		t.audit(event(a, a.OrgID, "report.donor", "report", "", detail))
		return nil
	})
	return rep, err
}

// donorInput reads the facts of the report: org's cases (every
// organisation's when org is uuid.Nil), their statistics consents and their
// plan items done.
func (db *DB) donorInput(ctx context.Context, org uuid.UUID, req donor.Request) (donor.Input, error) {
	var in donor.Input
	scope, args := "", []any{}
	if org != uuid.Nil {
		scope, args = " AND organisation_id = $1", []any{org}
	}
	counted := map[uuid.UUID]bool{}
	consents := map[uuid.UUID][]casework.Consent{}
	q := `SELECT case_id, given_at, withdrawn_at FROM case_consents WHERE purpose = 'statistics'` + scope
	logStatement(ctx, q, false)
	rows, err := db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return in, fmt.Errorf("store: donor report: %w", err)
	}
	for rows.Next() {
		k := casework.Consent{Purpose: casework.PurposeStatistics}
		var withdrawn sql.NullTime
		if err := rows.Scan(&k.CaseID, &k.GivenAt, &withdrawn); err != nil {
			rows.Close()
			return in, fmt.Errorf("store: donor report: %w", err)
		}
		k.WithdrawnAt = timePtr(withdrawn)
		consents[k.CaseID] = append(consents[k.CaseID], k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}
	at := now()
	for id, ks := range consents {
		counted[id] = casework.AnyActive(ks, casework.PurposeStatistics, at)
	}

	from, until := req.Period()
	n := len(args)
	q = fmt.Sprintf(`SELECT id, gender, age_group, exploitation FROM cases WHERE created_at >= $%d AND created_at < $%d`, n+1, n+2) + scope
	logStatement(ctx, q, false)
	rows, err = db.r.QueryContext(ctx, q, append(args, from, until)...)
	if err != nil {
		return in, fmt.Errorf("store: donor report: %w", err)
	}
	for rows.Next() {
		var id uuid.UUID
		var f donor.CaseFact
		var x string
		if err := rows.Scan(&id, &f.Gender, &f.AgeGroup, &x); err != nil {
			rows.Close()
			return in, fmt.Errorf("store: donor report: %w", err)
		}
		if !counted[id] {
			in.Excluded++
			continue
		}
		if x != "" {
			f.Exploitation = strings.Split(x, ",")
		}
		in.Cases = append(in.Cases, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return in, err
	}

	if err := db.donorProgrammes(ctx, scope, args, req, &in); err != nil {
		return in, err
	}

	q = `SELECT case_id, type, actual_end FROM case_plan_items WHERE status = 'done'` + scope
	logStatement(ctx, q, false)
	rows, err = db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return in, fmt.Errorf("store: donor report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uuid.UUID
		var typ, end string
		if err := rows.Scan(&id, &typ, &end); err != nil {
			return in, fmt.Errorf("store: donor report: %w", err)
		}
		if counted[id] && req.Within(end) {
			in.Services = append(in.Services, typ)
		}
	}
	return in, rows.Err()
}

// donorProgrammes reads the professions of the people who attended the
// trainings that started in the period, and the levels of the campaigns
// that started in it (clear programme columns; nothing sealed).
func (db *DB) donorProgrammes(ctx context.Context, scope string, args []any, req donor.Request, in *donor.Input) error {
	q := `SELECT t.starts_on, p.profession FROM training_participants p
		JOIN trainings t ON t.id = p.training_id AND t.organisation_id = p.organisation_id
		WHERE p.attended = $` + fmt.Sprint(len(args)+1) + strings.ReplaceAll(scope, "organisation_id", "p.organisation_id")
	logStatement(ctx, q, false)
	rows, err := db.r.QueryContext(ctx, q, append(args, true)...)
	if err != nil {
		return fmt.Errorf("store: donor report: %w", err)
	}
	for rows.Next() {
		var start, prof string
		if err := rows.Scan(&start, &prof); err != nil {
			rows.Close()
			return fmt.Errorf("store: donor report: %w", err)
		}
		if req.Within(start) {
			in.Participants = append(in.Participants, prof)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	q = `SELECT starts_on, level FROM campaigns WHERE 1 = 1` + scope
	logStatement(ctx, q, false)
	rows, err = db.r.QueryContext(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("store: donor report: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var start, level string
		if err := rows.Scan(&start, &level); err != nil {
			return fmt.Errorf("store: donor report: %w", err)
		}
		if req.Within(start) {
			in.Campaigns = append(in.Campaigns, level)
		}
	}
	return rows.Err()
}
