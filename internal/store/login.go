package store

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
)

// UserForLogin finds a user by e-mail address (any case) for sign-in, with
// the password hash. It needs no actor; ErrNotFound if unknown.
func (db *DB) UserForLogin(ctx context.Context, email string) (account.User, error) {
	u, err := scanUser(db.readRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.email = $1`,
		account.NormaliseEmail(email)))
	return u, notFound(err)
}

// MaxReason bounds the reason code of a sign-in event.
const MaxReason = 100

// RecordLogin audits a sign-in attempt ("login.success" or "login.fail") in
// org's chain, or the platform chain when org is nil or unknown, and on
// success sets the user's last sign-in time. reason is a code such as
// "bad_password" or "totp_failed", never what was typed. It needs no actor.
func (db *DB) RecordLogin(ctx context.Context, user, org uuid.UUID, ok bool, ip, reason string) error {
	if len(reason) > MaxReason {
		reason = reason[:MaxReason]
	}
	if len(ip) > 100 {
		ip = ip[:100]
	}
	at := now()
	return db.write(ctx, func(t *tx) error {
		if org != uuid.Nil {
			if err := t.orgExists(ctx, org); err == ErrNotFound {
				org = uuid.Nil
			} else if err != nil {
				return err
			}
		}
		action := "login.fail"
		if ok {
			action = "login.success"
			if user != uuid.Nil {
				if _, err := t.ExecContext(ctx, `UPDATE users SET last_login_at = $1 WHERE id = $2`, at, user); err != nil {
					return fmt.Errorf("store: record login: %w", err)
				}
			}
		}
		rid := ""
		if user != uuid.Nil {
			rid = user.String()
		}
		t.audit(audit.Entry{OrgID: org, At: at, ActorID: user, Action: action, RecordType: "user", RecordID: rid,
			IP: ip, Detail: reason})
		return nil
	})
}
