package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

const userColumns = `u.id, u.email, u.display_name, u.lang, u.password_hash, u.totp_enabled, u.disabled, u.platform_admin,
	u.must_change_password, u.created_at, u.last_login_at`

func scanUser(s scanner, extra ...any) (account.User, error) {
	var u account.User
	err := s.Scan(userDest(&u, extra...)...)
	u.CreatedAt = u.CreatedAt.UTC()
	return u, err
}

// userDest lists scan destinations in userColumns order, then extra.
func userDest(u *account.User, extra ...any) []any {
	return append([]any{&u.ID, &u.Email, &u.DisplayName, &u.Lang, &u.PasswordHash, &u.TOTPEnabled, &u.Disabled,
		&u.PlatformAdmin, &u.MustChangePassword, &u.CreatedAt, &userLast{u}}, extra...)
}

// userLast scans the nullable last_login_at into u.LastLoginAt.
type userLast struct{ u *account.User }

func (l *userLast) Scan(v any) error {
	var t sql.NullTime
	if err := t.Scan(v); err != nil {
		return err
	}
	l.u.LastLoginAt = timePtr(t)
	return nil
}

// CreateUser adds a user with their memberships (PermUserManage). An
// organisation administrator may only give memberships of their own
// organisation (another is ErrNotFound), must give at least one, and may not
// create platform administrators. A nil ID is given a new UUIDv7; ID, Email
// (lower-cased) and CreatedAt are set on u. An e-mail address in use is
// ErrConflict.
func (db *DB) CreateUser(ctx context.Context, u *account.User, ms []account.Membership) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.IsAdmin() {
		for _, m := range ms {
			if m.OrgID != a.OrgID {
				return ErrNotFound // another organisation, whatever the role
			}
		}
	}
	if !a.Can(auth.PermUserManage) {
		return ErrForbidden
	}
	n := *u
	n.Normalise()
	es := n.Validate()
	if !a.IsAdmin() && len(ms) == 0 {
		es.Add(valid.New("memberships", valid.RuleRequired, nil))
	}
	for _, m := range ms {
		es = append(es, m.Validate()...)
	}
	if len(es) > 0 {
		return es
	}
	if !a.IsAdmin() && n.PlatformAdmin {
		return ErrForbidden
	}
	if n.ID == uuid.Nil {
		if n.ID, err = uuid.NewV7(); err != nil {
			return err
		}
	}
	n.CreatedAt = now()
	n.LastLoginAt = nil
	err = db.write(ctx, func(t *tx) error {
		if _, err := t.ExecContext(ctx, `INSERT INTO users (id, email, display_name, lang, password_hash, totp_enabled,
			disabled, platform_admin, must_change_password, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			n.ID, n.Email, n.DisplayName, n.Lang, n.PasswordHash, false, n.Disabled, n.PlatformAdmin,
			n.MustChangePassword, n.CreatedAt); err != nil {
			return fmt.Errorf("store: create user: %w", err)
		}
		for _, m := range ms {
			if err := t.orgExists(ctx, m.OrgID); err != nil {
				return err
			}
			if _, err := t.ExecContext(ctx, `INSERT INTO memberships (organisation_id, user_id, role, created_at)
				VALUES ($1, $2, $3, $4)`, m.OrgID, n.ID, string(m.Role), n.CreatedAt); err != nil {
				return fmt.Errorf("store: create membership: %w", err)
			}
			t.audit(event(a, m.OrgID, "user.create", "user", n.ID.String(), "role="+string(m.Role)))
		}
		if len(ms) == 0 || n.PlatformAdmin {
			detail := ""
			if n.PlatformAdmin {
				detail = "platform_admin"
			}
			t.audit(event(a, uuid.Nil, "user.create", "user", n.ID.String(), detail))
		}
		return nil
	})
	if err != nil {
		return err
	}
	n.TOTPEnabled = false
	*u = n
	return nil
}

// GetUser returns a user without their password hash: oneself, a member of
// the actor's organisation (PermUserView), or anyone for a platform
// administrator. A user outside the actor's organisation is ErrNotFound.
func (db *DB) GetUser(ctx context.Context, id uuid.UUID) (account.User, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return account.User{}, err
	}
	if id != a.UserID || a.UserID == uuid.Nil {
		if err := db.userAccess(ctx, a, id, auth.PermUserView); err != nil {
			return account.User{}, err
		}
	}
	u, err := scanUser(db.readRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
	u.PasswordHash = ""
	return u, notFound(err)
}

// userAccess decides whether a may exercise p on another user: platform
// administrators on anyone, others on members of their own organisation.
func (db *DB) userAccess(ctx context.Context, a auth.Actor, user uuid.UUID, p auth.Permission) error {
	if a.IsAdmin() {
		if !a.Can(p) {
			return ErrForbidden
		}
		return nil
	}
	if a.OrgID == uuid.Nil {
		return ErrNotFound
	}
	var n int
	if err := db.readRow(ctx, `SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND user_id = $2`,
		a.OrgID, user).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	if !a.Can(p) {
		return ErrForbidden
	}
	return nil
}

// ListUsers returns org's members ordered by name, without password hashes,
// with their membership of org (PermUserView in org; administrators: any).
func (db *DB) ListUsers(ctx context.Context, org uuid.UUID) ([]account.User, []account.Membership, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, nil, err
	}
	if err := orgAccess(a, org, auth.PermUserView); err != nil {
		return nil, nil, err
	}
	var name string
	if err := db.readRow(ctx, `SELECT name FROM organisations WHERE id = $1`, org).Scan(&name); err != nil {
		return nil, nil, notFound(err)
	}
	rows, err := db.read(ctx, `SELECT `+userColumns+`, m.role FROM memberships m
		JOIN users u ON u.id = m.user_id WHERE m.organisation_id = $1 ORDER BY u.display_name, u.id`, org)
	if err != nil {
		return nil, nil, fmt.Errorf("store: list users: %w", err)
	}
	defer rows.Close()
	var us []account.User
	var ms []account.Membership
	for rows.Next() {
		var role string
		u, err := scanUser(rows, &role)
		if err != nil {
			return nil, nil, err
		}
		u.PasswordHash = ""
		us = append(us, u)
		ms = append(ms, account.Membership{UserID: u.ID, OrgID: org, Role: auth.Role(role), OrgName: name})
	}
	return us, ms, rows.Err()
}

// manage checks, inside t, that a may manage user (PermUserManage): a
// platform administrator, or a user manager of an organisation the user
// belongs to. Platform administrators are managed by platform administrators
// only (ErrForbidden), and so, by rule account.RuleSharedAccount, are people
// who also belong to another organisation.
func (t *tx) manage(ctx context.Context, a auth.Actor, user uuid.UUID) error {
	platformAdmin, err := t.platformAdmin(ctx, user)
	if err != nil {
		return err
	}
	if a.IsAdmin() {
		if !a.Can(auth.PermUserManage) {
			return ErrForbidden
		}
		return nil
	}
	if a.OrgID == uuid.Nil {
		return ErrNotFound
	}
	member, err := t.memberOf(ctx, user, a.OrgID)
	if err != nil {
		return err
	}
	if !member {
		return ErrNotFound
	}
	if !a.Can(auth.PermUserManage) || platformAdmin {
		return ErrForbidden
	}
	var elsewhere int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE user_id = $1 AND organisation_id <> $2`,
		user, a.OrgID).Scan(&elsewhere); err != nil {
		return err
	}
	if elsewhere > 0 {
		return valid.Errors{valid.New("user", account.RuleSharedAccount, nil)}
	}
	return nil
}

// selfOrManage allows oneself (PermAccountSelf) or a manager of user.
func (t *tx) selfOrManage(ctx context.Context, a auth.Actor, user uuid.UUID) error {
	if user == a.UserID && user != uuid.Nil {
		if !a.Can(auth.PermAccountSelf) {
			return ErrForbidden
		}
		return t.userExists(ctx, user)
	}
	return t.manage(ctx, a, user)
}

// selfOnly allows oneself only: a colleague is ErrForbidden, anyone else
// ErrNotFound.
func (t *tx) selfOnly(ctx context.Context, a auth.Actor, user uuid.UUID) error {
	if user == a.UserID && user != uuid.Nil {
		if !a.Can(auth.PermAccountSelf) {
			return ErrForbidden
		}
		return t.userExists(ctx, user)
	}
	if a.OrgID != uuid.Nil {
		member, err := t.memberOf(ctx, user, a.OrgID)
		if err != nil {
			return err
		}
		if member {
			return ErrForbidden
		}
	}
	return ErrNotFound
}

// platformAdmin reports whether user is a platform administrator; an
// unknown user is ErrNotFound.
func (t *tx) platformAdmin(ctx context.Context, user uuid.UUID) (bool, error) {
	var pa bool
	err := t.QueryRowContext(ctx, `SELECT platform_admin FROM users WHERE id = $1`, user).Scan(&pa)
	return pa, notFound(err)
}

func (t *tx) userExists(ctx context.Context, user uuid.UUID) error {
	var one int
	return notFound(t.QueryRowContext(ctx, `SELECT 1 FROM users WHERE id = $1`, user).Scan(&one))
}

// SetPassword stores a new password hash (argon2id PHC string): oneself or a
// user manager. A password set by someone else (a manager, the command line)
// is temporary: the user must change it at the next sign-in. One's own sets
// clear that (ChangeOwnPassword also ends one's other sessions); one set by
// someone else also revokes the user's API tokens and ends their sessions.
// Audited as "user.password" without the hash.
func (db *DB) SetPassword(ctx context.Context, user uuid.UUID, hash string) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if e := valid.Required("password_hash", hash); e != nil {
		return valid.Errors{e}
	}
	issued := user != a.UserID || user == uuid.Nil
	return db.write(ctx, func(t *tx) error {
		if err := t.selfOrManage(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3`,
			hash, issued, user); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		detail := "field=password_hash"
		if issued {
			// A reset by someone else often follows a lost or shared
			// password: the person's API tokens go with it.
			res, err := t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
				now(), user)
			if err != nil {
				return fmt.Errorf("store: revoke tokens: %w", err)
			}
			n, _ := res.RowsAffected()
			ended, err := t.endSessions(ctx, user, "")
			if err != nil {
				return err
			}
			detail += " must_change=true tokens_revoked=" + strconv.FormatInt(n, 10) +
				" sessions_ended=" + strconv.FormatInt(ended, 10)
		}
		t.audit(event(a, a.OrgID, "user.password", "user", user.String(), detail))
		return nil
	})
}

// PasswordChange is what ChangeOwnPassword also did.
type PasswordChange struct {
	SessionsEnded int64 // the person's other sessions, now signed out
	TokensRevoked int64 // their API tokens, when asked
}

// ChangeOwnPassword stores a new hash of one's own password (a temporary
// one's restriction ends) and ends one's other sessions: every session but
// the one of token keep (the cookie value of the session making the change;
// "" ends them all). With revokeTokens one's API tokens are revoked too.
// Audited as "user.password" with the counts only.
func (db *DB) ChangeOwnPassword(ctx context.Context, hash, keep string, revokeTokens bool) (PasswordChange, error) {
	var out PasswordChange
	a, err := actorOf(ctx)
	if err != nil {
		return out, err
	}
	if e := valid.Required("password_hash", hash); e != nil {
		return out, valid.Errors{e}
	}
	err = db.write(ctx, func(t *tx) error {
		out = PasswordChange{}
		if err := t.selfOnly(ctx, a, a.UserID); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET password_hash = $1, must_change_password = $2 WHERE id = $3`,
			hash, false, a.UserID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		var err error
		if out.SessionsEnded, err = t.endSessions(ctx, a.UserID, keep); err != nil {
			return err
		}
		if revokeTokens {
			res, err := t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL`,
				now(), a.UserID)
			if err != nil {
				return fmt.Errorf("store: revoke tokens: %w", err)
			}
			out.TokensRevoked, _ = res.RowsAffected()
		}
		t.audit(event(a, a.OrgID, "user.password", "user", a.UserID.String(), "field=password_hash sessions_ended="+
			strconv.FormatInt(out.SessionsEnded, 10)+" tokens_revoked="+strconv.FormatInt(out.TokensRevoked, 10)))
		return nil
	})
	return out, err
}

// RehashPassword replaces one's own hash by a fresh one of the same password
// (stronger parameters, at sign-in). The password is unchanged, so a
// temporary one stays temporary.
func (db *DB) RehashPassword(ctx context.Context, user uuid.UUID, hash string) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if e := valid.Required("password_hash", hash); e != nil {
		return valid.Errors{e}
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.selfOnly(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, user); err != nil {
			return fmt.Errorf("store: rehash password: %w", err)
		}
		t.audit(event(a, a.OrgID, "user.password", "user", user.String(), "field=password_hash rehash"))
		return nil
	})
}

// SetDisabled disables or enables a user's sign-in (user managers).
func (db *DB) SetDisabled(ctx context.Context, user uuid.UUID, disabled bool) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.manage(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET disabled = $1 WHERE id = $2`, disabled, user); err != nil {
			return fmt.Errorf("store: set disabled: %w", err)
		}
		action, detail := "user.enable", ""
		if disabled {
			ended, err := t.endSessions(ctx, user, "")
			if err != nil {
				return err
			}
			action, detail = "user.disable", "sessions_ended="+strconv.FormatInt(ended, 10)
		}
		t.audit(event(a, a.OrgID, action, "user", user.String(), detail))
		return nil
	})
}

// SetLanguage changes one's own interface language ("en" or "fr").
func (db *DB) SetLanguage(ctx context.Context, user uuid.UUID, lang string) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if e := account.ValidateLang("lang", lang); e != nil {
		return valid.Errors{e}
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.selfOnly(ctx, a, user); err != nil {
			return err
		}
		if _, err := t.ExecContext(ctx, `UPDATE users SET lang = $1 WHERE id = $2`, lang, user); err != nil {
			return fmt.Errorf("store: set language: %w", err)
		}
		t.audit(event(a, a.OrgID, "user.update", "user", user.String(), "fields=lang"))
		return nil
	})
}
