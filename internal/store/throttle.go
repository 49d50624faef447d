package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// The sign-in throttle's counts (auth.Throttle decides the rules) and the
// two-factor replay guard's steps live in the database, so that any number of
// server processes on one database share them. They are bookkeeping, keyed by
// hashes: not audited, except an administrator lifting a lockout.

var (
	_ auth.ThrottleStore = (*DB)(nil)
	_ auth.TOTPStepStore = (*DB)(nil)
)

// ThrottleUntil implements auth.ThrottleStore. It needs no actor.
func (db *DB) ThrottleUntil(ctx context.Context, keys []auth.ThrottleKey) (time.Time, error) {
	var until time.Time
	for _, k := range keys {
		var t time.Time
		err := db.readRow(ctx, `SELECT locked_until FROM signin_throttle WHERE account = $1 AND address = $2`,
			k.Account, k.Address).Scan(&t)
		if errors.Is(err, sql.ErrNoRows) {
			continue
		}
		if err != nil {
			return time.Time{}, fmt.Errorf("store: throttle: %w", err)
		}
		if t.After(until) {
			until = t
		}
	}
	return until, nil
}

// ThrottleFail implements auth.ThrottleStore: each count is one upsert, so
// concurrent failures on several servers each count. It needs no actor.
func (db *DB) ThrottleFail(ctx context.Context, at time.Time, counts []auth.ThrottleCount) error {
	at = at.UTC().Truncate(time.Microsecond)
	return db.write(ctx, func(t *tx) error {
		for _, c := range counts {
			var n int
			if err := t.QueryRowContext(ctx, `INSERT INTO signin_throttle (account, address, failures, last_failure, locked_until)
				VALUES ($1, $2, 1, $3, $3)
				ON CONFLICT (account, address) DO UPDATE SET
					failures = CASE WHEN signin_throttle.last_failure <= $4 THEN 1 ELSE signin_throttle.failures + 1 END,
					last_failure = excluded.last_failure
				RETURNING failures`, c.Key.Account, c.Key.Address, at, at.Add(-c.Rule.Forget)).Scan(&n); err != nil {
				return fmt.Errorf("store: throttle: %w", err)
			}
			if _, err := t.ExecContext(ctx, `UPDATE signin_throttle SET locked_until = $1 WHERE account = $2 AND address = $3`,
				at.Add(c.Rule.Delay(n)), c.Key.Account, c.Key.Address); err != nil {
				return fmt.Errorf("store: throttle: %w", err)
			}
		}
		return nil
	})
}

// ThrottleClear implements auth.ThrottleStore. It needs no actor.
func (db *DB) ThrottleClear(ctx context.Context, keys []auth.ThrottleKey) error {
	return db.write(ctx, func(t *tx) error {
		for _, k := range keys {
			if _, err := t.ExecContext(ctx, `DELETE FROM signin_throttle WHERE account = $1 AND address = $2`,
				k.Account, k.Address); err != nil {
				return fmt.Errorf("store: throttle: %w", err)
			}
		}
		return nil
	})
}

// throttleKeep is how long a count is kept after its last failure: the
// longest Forget of the rules.
const throttleKeep = 24 * time.Hour

// DeleteStaleThrottle removes counts whose last failure is older than any
// rule remembers, and says how many.
func (db *DB) DeleteStaleThrottle(ctx context.Context, at time.Time) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM signin_throttle WHERE last_failure <= $1`,
		at.UTC().Add(-throttleKeep))
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// LockedUntil is when the user's sign-in stops waiting anywhere (their account
// count and every (account, address) pair), zero when nothing waits; for user
// managers (PermUserManage over the user).
func (db *DB) LockedUntil(ctx context.Context, user uuid.UUID, at time.Time) (time.Time, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return time.Time{}, err
	}
	if err := db.userAccess(ctx, a, user, auth.PermUserManage); err != nil {
		return time.Time{}, err
	}
	var email string
	if err := db.readRow(ctx, `SELECT email FROM users WHERE id = $1`, user).Scan(&email); err != nil {
		return time.Time{}, notFound(err)
	}
	rows, err := db.read(ctx, `SELECT locked_until FROM signin_throttle WHERE account = $1 AND locked_until > $2`,
		auth.ThrottleAccountHash(email), at.UTC())
	if err != nil {
		return time.Time{}, fmt.Errorf("store: locked until: %w", err)
	}
	defer rows.Close()
	var until time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return time.Time{}, err
		}
		if t.After(until) {
			until = t.UTC()
		}
	}
	return until, rows.Err()
}

// LiftLockout forgets every failed sign-in counted against the user's
// account (from any address), so they can sign in at once; user managers.
// Address counts stay: they protect other accounts. Audited as
// "user.unlock" with the number of counts cleared.
func (db *DB) LiftLockout(ctx context.Context, user uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.manage(ctx, a, user); err != nil {
			return err
		}
		var email string
		if err := t.QueryRowContext(ctx, `SELECT email FROM users WHERE id = $1`, user).Scan(&email); err != nil {
			return notFound(err)
		}
		res, err := t.ExecContext(ctx, `DELETE FROM signin_throttle WHERE account = $1`, auth.ThrottleAccountHash(email))
		if err != nil {
			return fmt.Errorf("store: lift lockout: %w", err)
		}
		n, _ := res.RowsAffected()
		t.audit(event(a, a.OrgID, "user.unlock", "user", user.String(), "cleared="+strconv.FormatInt(n, 10)))
		return nil
	})
}

// UseTOTPStep implements auth.TOTPStepStore: one conditional upsert, so two
// servers given the same code at once accept it once. It needs no actor.
func (db *DB) UseTOTPStep(ctx context.Context, user uuid.UUID, step int64) (bool, error) {
	res, err := db.w.ExecContext(ctx, `INSERT INTO totp_steps (user_id, step) VALUES ($1, $2)
		ON CONFLICT (user_id) DO UPDATE SET step = excluded.step WHERE totp_steps.step < excluded.step`, user, step)
	if err != nil {
		return false, fmt.Errorf("store: two-factor step: %w", err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
