package store

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// The statistics projection (case_facts, migration 00018): one row per case
// of the integer codes of its casestats.Facts and whether the statistics
// rule counts it. Every write that changes what a case contributes (the case
// itself, its status, its consents, its plan) rewrites the row in its own
// transaction through writeFacts or refreshFacts, the one place it is made;
// tables are counted from it alone (statistics.go), so counting opens no
// sealed value and reads no identifier.

// factColumns are case_facts' fact columns: the variables' names, in order.
var factColumns = casestats.Names()

// refreshFacts rewrites the statistics row of case id of org from what t
// holds.
func (t *tx) refreshFacts(ctx context.Context, org, id uuid.UUID) error {
	c, _, err := t.db.loadCase(ctx, t, org, id, false)
	if err != nil {
		return err
	}
	var consents []casework.Consent
	rows, err := t.QueryContext(ctx, `SELECT purpose, given_at, withdrawn_at FROM case_consents
		WHERE organisation_id = $1 AND case_id = $2`, org, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var k casework.Consent
		var withdrawn sql.NullTime
		if err := rows.Scan(&k.Purpose, &k.GivenAt, &withdrawn); err != nil {
			rows.Close()
			return err
		}
		k.WithdrawnAt = timePtr(withdrawn)
		consents = append(consents, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	var plan []casestats.PlanEntry
	rows, err = t.QueryContext(ctx, `SELECT type, status FROM case_plan_items WHERE organisation_id = $1 AND case_id = $2`, org, id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var p casestats.PlanEntry
		if err := rows.Scan(&p.Type, &p.Status); err != nil {
			rows.Close()
			return err
		}
		plan = append(plan, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	return t.writeFacts(ctx, c, plan, consents)
}

// writeFacts writes the statistics row of c with its plan and consents.
func (t *tx) writeFacts(ctx context.Context, c casework.Case, plan []casestats.PlanEntry, consents []casework.Consent) error {
	var country string
	if err := t.QueryRowContext(ctx, `SELECT country FROM organisations WHERE id = $1`, c.OrgID).Scan(&country); err != nil {
		return fmt.Errorf("store: statistics facts: %w", err)
	}
	f := casestats.FactsOf(c, plan)
	args := []any{c.ID, c.OrgID, country, casestats.Counted(consents, now())}
	var dict []any
	for _, col := range factColumns {
		code := casestats.Code(f[col])
		args = append(args, code)
		if code != 0 {
			dict = append(dict, code, f[col])
		}
	}
	if err := t.addCodes(ctx, dict); err != nil {
		return err
	}
	sets := make([]string, 0, len(factColumns)+2)
	marks := make([]string, len(args))
	for i := range args {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	for _, col := range append([]string{"organisation_id", "org_country", "counted"}, factColumns...) {
		sets = append(sets, col+" = excluded."+col)
	}
	_, err := t.ExecContext(ctx, `INSERT INTO case_facts (case_id, organisation_id, org_country, counted, `+
		strings.Join(factColumns, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)
		ON CONFLICT (case_id) DO UPDATE SET `+strings.Join(sets, ", "), args...)
	if err != nil {
		return fmt.Errorf("store: statistics facts: %w", err)
	}
	return nil
}

// addCodes records code/value pairs (flattened) in the dictionary.
func (t *tx) addCodes(ctx context.Context, pairs []any) error {
	if len(pairs) == 0 {
		return nil
	}
	vals := make([]string, 0, len(pairs)/2)
	for i := 0; i < len(pairs); i += 2 {
		vals = append(vals, fmt.Sprintf("($%d, $%d)", i+1, i+2))
	}
	_, err := t.ExecContext(ctx, `INSERT INTO stat_codes (code, value) VALUES `+strings.Join(vals, ", ")+
		` ON CONFLICT (code) DO NOTHING`, pairs...)
	if err != nil {
		return fmt.Errorf("store: statistics codes: %w", err)
	}
	return nil
}

// projectFacts gives every case recorded before the projection existed its
// statistics row, at open, a batch per transaction.
func (db *DB) projectFacts(ctx context.Context) error {
	total := 0
	for {
		rows, err := db.r.QueryContext(ctx, `SELECT id, organisation_id FROM cases c
			WHERE NOT EXISTS (SELECT 1 FROM case_facts f WHERE f.case_id = c.id) LIMIT 500`)
		if err != nil {
			return fmt.Errorf("store: statistics projection: %w", err)
		}
		var ids, orgs []uuid.UUID
		for rows.Next() {
			var id, org uuid.UUID
			if err := rows.Scan(&id, &org); err != nil {
				rows.Close()
				return err
			}
			ids, orgs = append(ids, id), append(orgs, org)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(ids) == 0 {
			break
		}
		if err := db.write(ctx, func(t *tx) error {
			for i := range ids {
				if err := t.refreshFacts(ctx, orgs[i], ids[i]); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return err
		}
		total += len(ids)
	}
	if total > 0 {
		slog.Info("statistics facts projected", "cases", total)
	}
	return nil
}
