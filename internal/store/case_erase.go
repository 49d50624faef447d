package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// EraseCase erases the person of a case (PermCaseErase: organisation
// administrators): the sealed columns of the case and of its notes,
// attachments and plan are emptied and its name indexes deleted in one
// audited transaction ("case.erase"), then the person's key is destroyed
// (Keys().Shred, audited "subject.shred"), so copies of the ciphertext in
// backups or free pages cannot be opened either. The de-identified facts,
// screenings' summaries and consents stay. Erasing an erased case only shreds again.
func (db *DB) EraseCase(ctx context.Context, id uuid.UUID) error {
	a, err := caseActor(ctx, auth.PermCaseErase)
	if err != nil {
		return err
	}
	if err := db.eraseCase(ctx, a, scopeOrg(a), id, ""); err != nil {
		return err
	}
	db.checkpoint(ctx)
	return nil
}

// checkpoint drops old page images (with shredded keys) from the SQLite WAL
// file; best effort (readers may hold it).
func (db *DB) checkpoint(ctx context.Context) {
	if db.dialect == SQLite {
		_, _ = db.w.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`)
	}
}

func (db *DB) eraseCase(ctx context.Context, a auth.Actor, scope, id uuid.UUID, detail string) error {
	var org uuid.UUID
	err := db.write(ctx, func(t *tx) error {
		c, _, err := db.loadCase(ctx, t, scope, id, true)
		if err != nil {
			return err
		}
		org = c.OrgID
		if c.ErasedAt != nil {
			return nil
		}
		if db.dialect == SQLite {
			// Zero deleted content in the pages (the writer is one long-lived
			// connection, so this holds for the key shredding below too).
			if _, err := t.ExecContext(ctx, `PRAGMA secure_delete = ON`); err != nil {
				return err
			}
		}
		at := now()
		if _, err := t.ExecContext(ctx, `UPDATE cases SET person = NULL, display_name = NULL, birth_hash = NULL,
			closure_reason = NULL, closure_requested = FALSE, closure_status = '', erased_at = $1, updated_at = $1
			WHERE id = $2 AND organisation_id = $3`, at, id, org); err != nil {
			return fmt.Errorf("store: erase case: %w", err)
		}
		if err := t.deleteNameIndexes(ctx, org, id); err != nil {
			return err
		}
		for _, q := range []string{
			`UPDATE case_notes SET body = NULL WHERE organisation_id = $1 AND case_id = $2`,
			`UPDATE case_attachments SET name = NULL, data = NULL WHERE organisation_id = $1 AND case_id = $2`,
			`UPDATE case_plan_items SET objective = NULL, provider = NULL, outcome = NULL WHERE organisation_id = $1 AND case_id = $2`,
			`UPDATE case_screenings SET facts = NULL, assessment = NULL WHERE organisation_id = $1 AND case_id = $2`,
			`UPDATE case_plan_followups SET note = NULL WHERE organisation_id = $1 AND case_id = $2`,
		} {
			if _, err := t.ExecContext(ctx, q, org, id); err != nil {
				return fmt.Errorf("store: erase case: %w", err)
			}
		}
		t.audit(event(a, org, "case.erase", "case", id.String(), detail))
		return nil
	})
	if err != nil {
		return err
	}
	return db.keys.Shred(ctx, org, id)
}

// ApplyRetention applies each organisation's retention rule (RetentionDays >
// 0) at time now, for the system actor only: open cases not updated for that
// many days are closed ("case.close", reason=retention), and cases closed for
// that many days are erased ("case.erase", retention). It returns the counts.
func (db *DB) ApplyRetention(ctx context.Context, at time.Time) (closed, erased int, err error) {
	a, err := actorOf(ctx)
	if err != nil {
		return 0, 0, err
	}
	if !a.System {
		return 0, 0, ErrForbidden
	}
	rows, err := db.r.QueryContext(ctx, `SELECT id, retention_days FROM organisations WHERE retention_days > 0 ORDER BY id`)
	if err != nil {
		return 0, 0, fmt.Errorf("store: retention: %w", err)
	}
	type rule struct {
		org  uuid.UUID
		days int
	}
	var rules []rule
	for rows.Next() {
		var r rule
		if err := rows.Scan(&r.org, &r.days); err != nil {
			rows.Close()
			return 0, 0, err
		}
		rules = append(rules, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, 0, err
	}
	defer func() {
		if erased > 0 {
			db.checkpoint(ctx)
		}
	}()
	for _, r := range rules {
		cutoff := at.UTC().AddDate(0, 0, -r.days)
		stale, err := db.idsOf(ctx, `SELECT id FROM cases WHERE organisation_id = $1 AND updated_at < $2
			AND status IN ('Active', 'FollowUp') AND erased_at IS NULL ORDER BY id`, r.org, cutoff)
		if err != nil {
			return closed, erased, err
		}
		for _, id := range stale {
			err := db.write(ctx, func(t *tx) error {
				c, _, err := db.loadCase(ctx, t, r.org, id, true)
				if err != nil || c.Status.IsClosed() {
					return err
				}
				return t.closeForRetention(ctx, a, c, at.UTC().Truncate(time.Microsecond))
			})
			if err != nil {
				return closed, erased, err
			}
			closed++
		}
		old, err := db.idsOf(ctx, `SELECT id FROM cases WHERE organisation_id = $1 AND closed_at < $2
			AND erased_at IS NULL ORDER BY id`, r.org, cutoff)
		if err != nil {
			return closed, erased, err
		}
		for _, id := range old {
			if err := db.eraseCase(ctx, a, r.org, id, "reason=retention"); err != nil {
				return closed, erased, err
			}
			erased++
		}
	}
	return closed, erased, nil
}

// idsOf returns the ids a one-column query selects (cases, linkage runs).
func (db *DB) idsOf(ctx context.Context, query string, args ...any) ([]uuid.UUID, error) {
	return scanIDs(db.r.QueryContext(ctx, query, args...))
}

// scanIDs reads and closes the rows of a one-column query of ids; it takes
// the query's own results so that any querier's call can be passed whole.
func scanIDs(rows *sql.Rows, err error) ([]uuid.UUID, error) {
	if err != nil {
		return nil, fmt.Errorf("store: ids: %w", err)
	}
	defer rows.Close()
	var ids []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
