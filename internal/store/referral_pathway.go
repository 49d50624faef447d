package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Referral pathways are network information like the directory: every
// signed-in user reads them (PermDirectory); coordinators keep them
// (PermDirectoryCurate), any coordinator any pathway. Each change is one
// "pathway.save" or "pathway.delete" entry on the keeper's chain.

// SavePathway creates (ID nil) or replaces a pathway. Every organisation
// named must exist (valid error "steps[i].organisations"). ID, OrgID (the
// actor's organisation on creation) and UpdatedAt are set on p.
func (db *DB) SavePathway(ctx context.Context, p *referral.Pathway) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermDirectoryCurate) {
		return ErrForbidden
	}
	n := *p
	n.Normalise()
	if es := n.Validate(); len(es) > 0 {
		return es
	}
	creating := n.ID == uuid.Nil
	if err := newID(&n.ID); err != nil {
		return err
	}
	n.UpdatedAt = now()
	err = db.write(ctx, func(t *tx) error {
		var es valid.Errors
		for i, s := range n.Steps {
			for _, id := range s.OrgIDs {
				var k int
				if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM organisations WHERE id = $1`, id).Scan(&k); err != nil {
					return err
				}
				if k == 0 {
					es.Add(valid.New("steps["+strconv.Itoa(i)+"].organisations", referral.RuleUnknownReceiver, nil))
				}
			}
		}
		if len(es) > 0 {
			return es
		}
		keeper := a.OrgID
		if creating {
			if _, err := t.ExecContext(ctx, `INSERT INTO referral_pathways (id, organisation_id, name, countries, updated_at)
				VALUES ($1, $2, $3, $4, $5)`, n.ID, keeper, n.Name, ","+strings.Join(n.Countries, ",")+",", n.UpdatedAt); err != nil {
				return mapErr(err)
			}
		} else {
			if err := t.QueryRowContext(ctx, `SELECT organisation_id FROM referral_pathways WHERE id = $1`+db.forUpdate(),
				n.ID).Scan(&keeper); err != nil {
				return notFound(err)
			}
			if _, err := t.ExecContext(ctx, `UPDATE referral_pathways SET name = $1, countries = $2, updated_at = $3
				WHERE id = $4`, n.Name, ","+strings.Join(n.Countries, ",")+",", n.UpdatedAt, n.ID); err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `DELETE FROM referral_pathway_steps WHERE pathway_id = $1`, n.ID); err != nil {
				return err
			}
		}
		for i, s := range n.Steps {
			ids := make([]string, len(s.OrgIDs))
			for j, id := range s.OrgIDs {
				ids[j] = id.String()
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO referral_pathway_steps (pathway_id, position, service, organisations)
				VALUES ($1, $2, $3, $4)`, n.ID, i, string(s.Service), strings.Join(ids, ",")); err != nil {
				return err
			}
		}
		n.OrgID = keeper
		t.audit(event(a, keeper, "pathway.save", "pathway", n.ID.String(),
			"countries="+strings.Join(n.Countries, ",")+" steps="+strconv.Itoa(len(n.Steps))))
		return nil
	})
	if err != nil {
		return err
	}
	*p = n
	return nil
}

// DeletePathway removes a pathway (PermDirectoryCurate).
func (db *DB) DeletePathway(ctx context.Context, id uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermDirectoryCurate) {
		return ErrForbidden
	}
	return db.write(ctx, func(t *tx) error {
		var keeper uuid.UUID
		if err := t.QueryRowContext(ctx, `SELECT organisation_id FROM referral_pathways WHERE id = $1`, id).Scan(&keeper); err != nil {
			return notFound(err)
		}
		for _, q := range []string{`DELETE FROM referral_pathway_steps WHERE pathway_id = $1`,
			`DELETE FROM referral_pathways WHERE id = $1`} {
			if _, err := t.ExecContext(ctx, q, id); err != nil {
				return err
			}
		}
		t.audit(event(a, keeper, "pathway.delete", "pathway", id.String(), ""))
		return nil
	})
}

// ListPathways returns the pathways concerning country ("" : all), by name
// (PermDirectory).
func (db *DB) ListPathways(ctx context.Context, country string) ([]referral.Pathway, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if !a.Can(auth.PermDirectory) {
		return nil, ErrForbidden
	}
	q, args := `SELECT id, organisation_id, name, countries, updated_at FROM referral_pathways`, []any{}
	if country != "" {
		if fe := valid.MaxLen("country", country, 3); fe != nil {
			return nil, valid.Errors{fe}
		}
		q += ` WHERE countries LIKE $1`
		args = append(args, "%,"+strings.ToUpper(country)+",%")
	}
	rows, err := db.read(ctx, q+` ORDER BY name, id`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: pathways: %w", err)
	}
	var out []referral.Pathway
	for rows.Next() {
		var p referral.Pathway
		var countries string
		if err := rows.Scan(&p.ID, &p.OrgID, &p.Name, &countries, &p.UpdatedAt); err != nil {
			rows.Close()
			return nil, err
		}
		p.Countries = splitCodes(strings.Trim(countries, ","))
		p.UpdatedAt = p.UpdatedAt.UTC()
		out = append(out, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Steps, err = db.pathwaySteps(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GetPathway returns one pathway (PermDirectory).
func (db *DB) GetPathway(ctx context.Context, id uuid.UUID) (referral.Pathway, error) {
	ps, err := db.ListPathways(ctx, "")
	if err != nil {
		return referral.Pathway{}, err
	}
	for _, p := range ps {
		if p.ID == id {
			return p, nil
		}
	}
	return referral.Pathway{}, ErrNotFound
}

func (db *DB) pathwaySteps(ctx context.Context, id uuid.UUID) ([]referral.Step, error) {
	rows, err := db.read(ctx, `SELECT service, organisations FROM referral_pathway_steps WHERE pathway_id = $1
		ORDER BY position`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []referral.Step
	for rows.Next() {
		var service, orgs string
		if err := rows.Scan(&service, &orgs); err != nil {
			return nil, err
		}
		s := referral.Step{Service: directory.Service(service)}
		for _, x := range splitCodes(orgs) {
			if id, err := uuid.Parse(x); err == nil {
				s.OrgIDs = append(s.OrgIDs, id)
			}
		}
		out = append(out, s)
	}
	return out, rows.Err()
}
