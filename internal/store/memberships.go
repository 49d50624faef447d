package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// SetMembership changes a member's role, or (platform administrators only)
// adds a user to an organisation. PermUserManage in m.OrgID; an organisation
// administrator naming a user who is not a member of their organisation gets
// ErrNotFound. Demoting the organisation's last org_admin is ErrConflict
// (except for the system).
func (db *DB) SetMembership(ctx context.Context, m account.Membership) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := orgAccess(a, m.OrgID, auth.PermUserManage); err != nil {
		return err
	}
	if es := m.Validate(); len(es) > 0 {
		return es
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.lockOrg(ctx, m.OrgID); err != nil {
			return err
		}
		platformAdmin, err := t.platformAdmin(ctx, m.UserID)
		if err != nil {
			return err
		}
		old, err := t.role(ctx, m.UserID, m.OrgID)
		if err != nil {
			return err
		}
		if !a.IsAdmin() {
			if old == "" {
				return ErrNotFound
			}
			if platformAdmin {
				return ErrForbidden
			}
		}
		if old == m.Role {
			return nil
		}
		if old == auth.OrgAdmin {
			if err := t.keepAnAdmin(ctx, a, m.OrgID); err != nil {
				return err
			}
		}
		detail := "role=" + string(m.Role)
		if old == "" {
			_, err = t.ExecContext(ctx, `INSERT INTO memberships (organisation_id, user_id, role, created_at)
				VALUES ($1, $2, $3, $4)`, m.OrgID, m.UserID, string(m.Role), now())
		} else {
			detail = "role=" + string(old) + "->" + string(m.Role)
			_, err = t.ExecContext(ctx, `UPDATE memberships SET role = $1 WHERE organisation_id = $2 AND user_id = $3`,
				string(m.Role), m.OrgID, m.UserID)
		}
		if err != nil {
			return fmt.Errorf("store: set membership: %w", err)
		}
		t.audit(event(a, m.OrgID, "membership.set", "user", m.UserID.String(), detail))
		return nil
	})
}

// RemoveMembership takes user out of org (PermUserManage in org). Removing
// the last org_admin is ErrConflict (except for the system).
func (db *DB) RemoveMembership(ctx context.Context, user, org uuid.UUID) error {
	a, err := actorOf(ctx)
	if err != nil {
		return err
	}
	if err := orgAccess(a, org, auth.PermUserManage); err != nil {
		return err
	}
	return db.write(ctx, func(t *tx) error {
		if err := t.lockOrg(ctx, org); err != nil {
			return err
		}
		old, err := t.role(ctx, user, org)
		if err != nil {
			return err
		}
		if old == "" {
			return ErrNotFound
		}
		if !a.IsAdmin() {
			platformAdmin, err := t.platformAdmin(ctx, user)
			if err != nil {
				return err
			}
			if platformAdmin {
				return ErrForbidden
			}
		}
		if old == auth.OrgAdmin {
			if err := t.keepAnAdmin(ctx, a, org); err != nil {
				return err
			}
		}
		if _, err := t.ExecContext(ctx, `DELETE FROM memberships WHERE organisation_id = $1 AND user_id = $2`, org, user); err != nil {
			return fmt.Errorf("store: remove membership: %w", err)
		}
		t.audit(event(a, org, "membership.remove", "user", user.String(), "role="+string(old)))
		return nil
	})
}

// role is user's role in org, "" when not a member.
func (t *tx) role(ctx context.Context, user, org uuid.UUID) (auth.Role, error) {
	var r string
	err := t.QueryRowContext(ctx, `SELECT role FROM memberships WHERE organisation_id = $1 AND user_id = $2`+t.db.forUpdate(),
		org, user).Scan(&r)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return auth.Role(r), err
}

// keepAnAdmin refuses to take away the organisation's last org_admin: nobody
// could then manage its users.
func (t *tx) keepAnAdmin(ctx context.Context, a auth.Actor, org uuid.UUID) error {
	if a.System {
		return nil
	}
	var n int
	if err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = $2`,
		org, string(auth.OrgAdmin)).Scan(&n); err != nil {
		return err
	}
	if n <= 1 {
		return fmt.Errorf("%w: an organisation keeps at least one org_admin", ErrConflict)
	}
	return nil
}

// Memberships lists user's organisations and roles, with names, ordered by
// organisation name. It needs no actor: sign-in uses it to choose the
// organisation to act for.
func (db *DB) Memberships(ctx context.Context, user uuid.UUID) ([]account.Membership, error) {
	rows, err := db.read(ctx, `SELECT m.organisation_id, m.role, o.name FROM memberships m
		JOIN organisations o ON o.id = m.organisation_id WHERE m.user_id = $1 ORDER BY o.name, o.id`, user)
	if err != nil {
		return nil, fmt.Errorf("store: memberships: %w", err)
	}
	defer rows.Close()
	var out []account.Membership
	for rows.Next() {
		m := account.Membership{UserID: user}
		var role string
		if err := rows.Scan(&m.OrgID, &role, &m.OrgName); err != nil {
			return nil, err
		}
		m.Role = auth.Role(role)
		out = append(out, m)
	}
	return out, rows.Err()
}
