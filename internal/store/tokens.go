package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// APIToken is a bearer token for the API. Only the SHA-256 of the token is
// stored; the token itself is shown once when created.
type APIToken struct {
	ID         uuid.UUID
	UserID     uuid.UUID
	OrgID      uuid.UUID // the organisation the token acts for; nil for a platform administrator
	Name       string
	Hash       string // hex SHA-256 (auth.HashAPIToken); empty in lists
	CreatedAt  time.Time
	ExpiresAt  *time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// MaxTokenName is the longest token name accepted.
const MaxTokenName = 100

// Token lifetimes: every token expires, at most MaxTokenDays days after it is
// made (DefaultTokenDays when none is asked). A token made before this rule
// without an expiry is treated as expiring MaxTokenDays after it was made.
const (
	DefaultTokenDays = 90
	MaxTokenDays     = 365
	tokenDay         = 24 * time.Hour
)

const tokenColumns = `t.id, t.user_id, t.organisation_id, t.name, t.hash, t.created_at, t.expires_at, t.last_used_at, t.revoked_at`

func scanToken(s scanner, extra ...any) (APIToken, error) {
	var k APIToken
	var exp, used, rev sql.NullTime
	dest := append([]any{&k.ID, &k.UserID, &k.OrgID, &k.Name, &k.Hash, &k.CreatedAt, &exp, &used, &rev}, extra...)
	if err := s.Scan(dest...); err != nil {
		return k, err
	}
	k.CreatedAt = k.CreatedAt.UTC()
	k.ExpiresAt, k.LastUsedAt, k.RevokedAt = timePtr(exp), timePtr(used), timePtr(rev)
	return k, nil
}

func timePtr(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	u := t.Time.UTC()
	return &u
}

// CreateAPIToken stores a token for oneself acting for one's organisation
// (UserID and OrgID default to the actor's; others are ErrNotFound, except
// for the system). A nil ID is given a new UUIDv7; ID and CreatedAt are set.
func (db *DB) CreateAPIToken(ctx context.Context, k *APIToken) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if !a.Can(auth.PermAccountSelf) {
		return ErrForbidden
	}
	n := *k
	if n.UserID == uuid.Nil {
		n.UserID = a.UserID
	}
	if n.OrgID == uuid.Nil {
		n.OrgID = a.OrgID
	}
	var es valid.Errors
	es.Add(valid.Required("name", n.Name), valid.MaxLen("name", n.Name, MaxTokenName))
	if len(n.Hash) != 64 {
		es.Add(valid.New("hash", valid.RuleRequired, nil))
	}
	if len(es) > 0 {
		return es
	}
	if !a.System && (n.UserID != a.UserID || n.OrgID != a.OrgID || n.UserID == uuid.Nil) {
		return ErrNotFound
	}
	if n.ID == uuid.Nil {
		if n.ID, err = uuid.NewV7(); err != nil {
			return err
		}
	}
	n.CreatedAt = now()
	n.LastUsedAt, n.RevokedAt = nil, nil
	if n.ExpiresAt == nil {
		e := n.CreatedAt.Add(DefaultTokenDays * tokenDay)
		n.ExpiresAt = &e
	}
	e := n.ExpiresAt.UTC().Truncate(time.Microsecond)
	n.ExpiresAt = &e
	// A minute's leeway for the time between the caller's clock and ours.
	if e.After(n.CreatedAt.Add(MaxTokenDays*tokenDay + time.Minute)) {
		return valid.Errors{valid.New("expires_at", account.RuleRange, map[string]any{"min": 1, "max": MaxTokenDays})}
	}
	err = db.write(ctx, func(t *tx) error {
		var platformAdmin, disabled bool
		if err := t.QueryRowContext(ctx, `SELECT platform_admin, disabled FROM users WHERE id = $1`, n.UserID).
			Scan(&platformAdmin, &disabled); err != nil {
			return notFound(err)
		}
		if disabled {
			return ErrForbidden
		}
		if n.OrgID == uuid.Nil {
			if !platformAdmin {
				return ErrForbidden
			}
		} else if member, err := t.memberOf(ctx, n.UserID, n.OrgID); err != nil {
			return err
		} else if !member {
			return ErrNotFound
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO api_tokens (id, organisation_id, user_id, name, hash, created_at,
			expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			n.ID, n.OrgID, n.UserID, n.Name, n.Hash, n.CreatedAt, nullableTime(n.ExpiresAt)); err != nil {
			return fmt.Errorf("store: create token: %w", err)
		}
		t.audit(event(a, n.OrgID, "token.create", "api_token", n.ID.String(), ""))
		return nil
	})
	if err != nil {
		return err
	}
	*k = n
	return nil
}

func nullableTime(t *time.Time) sql.NullTime {
	if t == nil {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// tokenTouchEvery limits the last-used bookkeeping to one write a minute per token.
const tokenTouchEvery = time.Minute

// APITokenByHash authenticates a bearer token: it returns the token, its
// user (without password hash) and the membership it acts with (Role Admin
// for a platform administrator's token without organisation). A revoked or
// expired token, a disabled user or a lost membership is ErrNotFound. It
// needs no actor. Last use is recorded (not audited) at most once a minute.
func (db *DB) APITokenByHash(ctx context.Context, hash string) (APIToken, account.User, account.Membership, error) {
	var role, orgName sql.NullString
	row := db.readRow(ctx, `SELECT `+tokenColumns+`, `+userColumns+`, m.role, o.name
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		LEFT JOIN memberships m ON m.user_id = t.user_id AND m.organisation_id = t.organisation_id
		LEFT JOIN organisations o ON o.id = t.organisation_id
		WHERE t.hash = $1`, hash)
	var u account.User
	k, err := scanToken(row, userDest(&u, &role, &orgName)...)
	if err != nil {
		return APIToken{}, account.User{}, account.Membership{}, notFound(err)
	}
	u.CreatedAt = u.CreatedAt.UTC()
	t := now()
	if k.ExpiresAt == nil {
		e := k.CreatedAt.Add(MaxTokenDays * tokenDay)
		k.ExpiresAt = &e
	}
	switch {
	case k.RevokedAt != nil, !t.Before(*k.ExpiresAt), u.Disabled:
		return APIToken{}, account.User{}, account.Membership{}, ErrNotFound
	}
	m := account.Membership{UserID: u.ID, OrgID: k.OrgID, OrgName: orgName.String, Role: auth.Role(role.String)}
	if k.OrgID == uuid.Nil {
		if !u.PlatformAdmin {
			return APIToken{}, account.User{}, account.Membership{}, ErrNotFound
		}
		m.Role = auth.Admin
	} else if !role.Valid {
		return APIToken{}, account.User{}, account.Membership{}, ErrNotFound
	}
	if k.LastUsedAt == nil || t.Sub(*k.LastUsedAt) >= tokenTouchEvery {
		if _, err := db.w.ExecContext(ctx, `UPDATE api_tokens SET last_used_at = $1 WHERE id = $2`, t, k.ID); err != nil {
			return APIToken{}, account.User{}, account.Membership{}, fmt.Errorf("store: token use: %w", err)
		}
		k.LastUsedAt = &t
	}
	u.PasswordHash = ""
	return k, u, m, nil
}

// ListAPITokens returns one's own tokens, newest first, without hashes.
func (db *DB) ListAPITokens(ctx context.Context) ([]APIToken, error) {
	a, err := actorOf(ctx)
	if err != nil {
		return nil, err
	}
	if a.UserID == uuid.Nil {
		return nil, nil
	}
	rows, err := db.read(ctx, `SELECT `+tokenColumns+` FROM api_tokens t WHERE t.user_id = $1
		ORDER BY t.created_at DESC, t.id DESC`, a.UserID)
	if err != nil {
		return nil, fmt.Errorf("store: list tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		k, err := scanToken(rows)
		if err != nil {
			return nil, err
		}
		k.Hash = ""
		if k.ExpiresAt == nil {
			e := k.CreatedAt.Add(MaxTokenDays * tokenDay)
			k.ExpiresAt = &e
		}
		out = append(out, k)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes one's own token, or (PermUserManage) a token of
// one's organisation; platform administrators any. Revoking twice is not an
// error.
func (db *DB) RevokeAPIToken(ctx context.Context, id uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		var org, owner uuid.UUID
		var revoked sql.NullTime
		if err := t.QueryRowContext(ctx, `SELECT organisation_id, user_id, revoked_at FROM api_tokens WHERE id = $1`, id).
			Scan(&org, &owner, &revoked); err != nil {
			return notFound(err)
		}
		if owner != a.UserID || owner == uuid.Nil {
			if err := orgAccess(a, org, auth.PermUserManage); err != nil {
				return err
			}
		}
		if revoked.Valid {
			return nil
		}
		if _, err := t.ExecContext(ctx, `UPDATE api_tokens SET revoked_at = $1 WHERE id = $2`, now(), id); err != nil {
			return fmt.Errorf("store: revoke token: %w", err)
		}
		t.audit(event(a, org, "token.revoke", "api_token", id.String(), ""))
		return nil
	})
}
