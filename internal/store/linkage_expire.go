package store

import (
	"context"
	"time"

	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// ExpireLinkageRuns closes the runs still waiting linkrun.RunLifetime after
// they were proposed, and deletes their encodings (system actor only: the
// server does it with the retention rules every hour). Audited
// "linkage.expire" in the coordinator's chain and each party's. It returns
// how many runs expired.
func (db *DB) ExpireLinkageRuns(ctx context.Context, at time.Time) (int, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return 0, err
	}
	if !a.System {
		return 0, ErrForbidden
	}
	ids, err := db.idsOf(ctx, `SELECT id FROM linkage_runs WHERE status = $1 AND created_at <= $2 ORDER BY id`,
		string(linkrun.Proposed), at.UTC().Add(-linkrun.RunLifetime))
	if err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		expired := false
		err := db.write(ctx, func(t *tx) error {
			expired = false
			r, err := db.loadRun(ctx, t, id)
			if err != nil || !r.Expire(at) {
				return err
			}
			// Conditional: a match committed meanwhile keeps its result.
			res, err := t.ExecContext(ctx, `UPDATE linkage_runs SET status = $1 WHERE id = $2 AND status = $3`,
				string(r.Status), id, string(linkrun.Proposed))
			if err != nil {
				return err
			}
			if k, err := res.RowsAffected(); err != nil || k == 0 {
				return err
			}
			if err := purgeEncodings(ctx, t, id); err != nil {
				return err
			}
			t.audit(event(a, r.CoordinatorOrg, "linkage.expire", "linkage_run", id.String(), ""))
			for _, p := range r.Parties {
				if p.OrgID != r.CoordinatorOrg {
					t.audit(event(a, p.OrgID, "linkage.expire", "linkage_run", id.String(), ""))
				}
			}
			expired = true
			return nil
		})
		if err != nil {
			return n, err
		}
		if expired {
			n++
		}
	}
	return n, nil
}
