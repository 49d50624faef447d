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
	values := make([]string, len(factColumns))
	for i, col := range factColumns {
		values[i] = f[col]
	}
	codes, err := t.codesOf(ctx, values)
	if err != nil {
		return err
	}
	args := []any{t.db.factID(c.ID), t.db.factID(c.OrgID), country, casestats.Counted(consents, now())}
	for _, v := range values {
		args = append(args, codes[v])
	}
	marks := make([]string, len(args))
	for i := range args {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	sets := make([]string, 0, len(factColumns)+3)
	for _, col := range append([]string{"organisation_id", "org_country", "counted"}, factColumns...) {
		sets = append(sets, col+" = excluded."+col)
	}
	_, err = t.ExecContext(ctx, `INSERT INTO case_facts (case_id, organisation_id, org_country, counted, `+
		strings.Join(factColumns, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`)
		ON CONFLICT (case_id) DO UPDATE SET `+strings.Join(sets, ", "), args...)
	if err != nil {
		return fmt.Errorf("store: statistics facts: %w", err)
	}
	return nil
}

// factID is an id as case_facts keeps it: 16 bytes in SQLite (the rows
// stay narrow for scanning), uuid in PostgreSQL.
func (db *DB) factID(id uuid.UUID) any {
	if db.dialect == SQLite {
		return id[:]
	}
	return id
}

// codesOf returns the code of each value ("" is 0), giving new values the
// next codes: two statements whatever the number of values.
func (t *tx) codesOf(ctx context.Context, values []string) (map[string]int64, error) {
	codes := map[string]int64{"": 0}
	var list []any
	for _, v := range values {
		if _, ok := codes[v]; !ok {
			codes[v] = 0
			list = append(list, v)
		}
	}
	if len(list) == 0 {
		return codes, nil
	}
	marks := make([]string, len(list))
	for i := range list {
		marks[i] = fmt.Sprintf("$%d", i+1)
	}
	in := strings.Join(marks, ", ")
	if _, err := t.ExecContext(ctx, `INSERT INTO stat_codes (value) VALUES (`+strings.Join(marks, "), (")+`)
		ON CONFLICT (value) DO NOTHING`, list...); err != nil {
		return nil, fmt.Errorf("store: statistics codes: %w", err)
	}
	rows, err := t.QueryContext(ctx, `SELECT code, value FROM stat_codes WHERE value IN (`+in+`)`, list...)
	if err != nil {
		return nil, fmt.Errorf("store: statistics codes: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var c int64
		var v string
		if err := rows.Scan(&c, &v); err != nil {
			return nil, err
		}
		codes[v] = c
	}
	return codes, rows.Err()
}

// projectFacts gives every case recorded before the projection existed its
// statistics row, at open, a batch per transaction. Rows exist only for
// cases, so equal counts mean there is nothing to do.
func (db *DB) projectFacts(ctx context.Context) error {
	var cases, facts int64
	if err := db.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM case_facts)`).
		Scan(&cases, &facts); err != nil {
		return fmt.Errorf("store: statistics projection: %w", err)
	}
	if cases == facts {
		return nil
	}
	total := 0
	var after uuid.UUID
	for {
		rows, err := db.r.QueryContext(ctx, `SELECT id, organisation_id FROM cases WHERE id > $1 ORDER BY id LIMIT 500`, after)
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
		after = ids[len(ids)-1]
		if err := db.write(ctx, func(t *tx) error {
			for i := range ids {
				var n int
				if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM case_facts WHERE case_id = $1`,
					db.factID(ids[i])).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					continue
				}
				if err := t.refreshFacts(ctx, orgs[i], ids[i]); err != nil {
					return err
				}
				total++
			}
			return nil
		}); err != nil {
			return err
		}
	}
	if total > 0 {
		slog.Info("statistics facts projected", "cases", total)
	}
	return nil
}
