package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"
)

// Name indexes of a case. case_name_index holds the keyed blind index of
// each name token and of the full name; case_birth_name_index holds each of
// those paired with the birth date's blind index, so that "born that day and
// sharing a name token" is one short index range per token however many
// cases share the date (see the migration). Both are written and removed
// together, here only.

// insertNameIndexes writes the name indexes of a prepared case.
func (t *tx) insertNameIndexes(ctx context.Context, p preparedCase) error {
	org, id := p.c.OrgID, p.c.ID
	for _, h := range p.names {
		if _, err := t.ExecContext(ctx, `INSERT INTO case_name_index (organisation_id, hash, case_id) VALUES ($1, $2, $3)
			ON CONFLICT DO NOTHING`, org, h, id); err != nil {
			return fmt.Errorf("store: name index: %w", err)
		}
		if p.birth == nil {
			continue
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO case_birth_name_index (organisation_id, birth_hash, name_hash, case_id)
			VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, org, p.birth, h, id); err != nil {
			return fmt.Errorf("store: birth and name index: %w", err)
		}
	}
	return nil
}

// deleteNameIndexes removes the name indexes of case id.
func (t *tx) deleteNameIndexes(ctx context.Context, org, id uuid.UUID) error {
	for _, q := range []string{
		`DELETE FROM case_name_index WHERE organisation_id = $1 AND case_id = $2`,
		`DELETE FROM case_birth_name_index WHERE organisation_id = $1 AND case_id = $2`,
	} {
		if _, err := t.ExecContext(ctx, q, org, id); err != nil {
			return fmt.Errorf("store: name index: %w", err)
		}
	}
	return nil
}
