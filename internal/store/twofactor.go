package store

import (
	"context"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// totpAAD binds a sealed TOTP secret to its row.
func totpAAD(user uuid.UUID) []byte { return []byte("users.totp_secret|" + user.String()) }

// SetTOTP enrols oneself in two-factor sign-in: the secret is sealed with the
// platform key (never stored in clear) and the recovery code hashes replace
// any earlier ones.
func (db *DB) SetTOTP(ctx context.Context, user uuid.UUID, secret string, recoveryHashes []string) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	var es valid.Errors
	es.Add(valid.Required("totp_secret", secret))
	for _, h := range recoveryHashes {
		es.Add(valid.Required("recovery_codes", h), valid.MaxLen("recovery_codes", h, 128))
	}
	if len(es) > 0 {
		return es
	}
	// Seal before the transaction: the key ring may store a new platform key,
	// which takes the (single, in SQLite) writer connection itself.
	sealed, err := db.keys.Seal(ctx, uuid.Nil, []byte(secret), totpAAD(user))
	if err != nil {
		return fmt.Errorf("store: sealing two-factor secret: %w", err)
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.selfOnly(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET totp_enabled = $1, totp_secret = $2 WHERE id = $3`,
			true, sealed, user); err != nil {
			return fmt.Errorf("store: set two-factor: %w", err)
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, user); err != nil {
			return fmt.Errorf("store: set two-factor: %w", err)
		}
		for _, h := range recoveryHashes {
			if _, err := t.ExecContext(ctx, `INSERT INTO recovery_codes (user_id, hash) VALUES ($1, $2)`, user, h); err != nil {
				return fmt.Errorf("store: recovery codes: %w", err)
			}
		}
		t.audit(event(a, a.OrgID, "user.totp_enable", "user", user.String(),
			"recovery_codes="+strconv.Itoa(len(recoveryHashes))))
		return nil
	})
}

// DisableTOTP removes two-factor sign-in and the recovery codes: oneself, or a
// user manager (for a lost device).
func (db *DB) DisableTOTP(ctx context.Context, user uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.selfOrManage(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET totp_enabled = $1, totp_secret = NULL WHERE id = $2`,
			false, user); err != nil {
			return fmt.Errorf("store: disable two-factor: %w", err)
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM recovery_codes WHERE user_id = $1`, user); err != nil {
			return fmt.Errorf("store: disable two-factor: %w", err)
		}
		t.audit(event(a, a.OrgID, "user.totp_disable", "user", user.String(), ""))
		return nil
	})
}

// TOTPSecret returns one's own two-factor secret, decrypted; ErrNotFound when
// not enrolled.
func (db *DB) TOTPSecret(ctx context.Context, user uuid.UUID) (string, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return "", err
	}
	if user != a.UserID || user == uuid.Nil {
		return "", ErrNotFound
	}
	var sealed []byte
	if err := db.readRow(ctx, `SELECT totp_secret FROM users WHERE id = $1`, user).Scan(&sealed); err != nil {
		return "", notFound(err)
	}
	if len(sealed) == 0 {
		return "", ErrNotFound
	}
	plain, err := db.keys.Open(ctx, uuid.Nil, sealed, totpAAD(user))
	if err != nil {
		return "", fmt.Errorf("store: opening two-factor secret: %w", err)
	}
	return string(plain), nil
}

// UseRecoveryCode spends one of one's own recovery codes (by its hash). It
// reports false, changing nothing, when the code is unknown or already used.
func (db *DB) UseRecoveryCode(ctx context.Context, user uuid.UUID, hash string) (bool, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return false, err
	}
	used := false
	err = db.write(ctx, func(t *tx) error {
		used = false
		if err := t.selfOnly(ctx, a, user); err != nil {
			return err
		}
		res, err := t.ExecContext(ctx, `UPDATE recovery_codes SET used_at = $1
			WHERE user_id = $2 AND hash = $3 AND used_at IS NULL`, now(), user, hash)
		if err != nil {
			return fmt.Errorf("store: recovery code: %w", err)
		}
		n, err := res.RowsAffected()
		if err != nil || n == 0 {
			return err
		}
		var left int
		if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL`,
			user).Scan(&left); err != nil {
			return err
		}
		used = true
		t.audit(event(a, a.OrgID, "user.recovery_code_use", "user", user.String(), "remaining="+strconv.Itoa(left)))
		return nil
	})
	return used, err
}
