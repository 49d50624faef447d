package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// actorOf returns the actor in ctx; none is ErrForbidden.
func actorOf(ctx context.Context) (auth.Actor, error) {
	a, ok := auth.ActorFrom(ctx)
	if !ok {
		return auth.Actor{}, ErrForbidden
	}
	return a, nil
}

// orgAccess decides whether a may exercise p on organisation org: a platform
// administrator (or the system) anywhere, others only in the organisation they
// act for. Another organisation is ErrNotFound (its existence is not
// revealed); the actor's own organisation without the permission is
// ErrForbidden.
func orgAccess(a auth.Actor, org uuid.UUID, p auth.Permission) error {
	if a.IsAdmin() {
		if a.Can(p) {
			return nil
		}
		return ErrForbidden
	}
	if org == uuid.Nil || org != a.OrgID {
		return ErrNotFound
	}
	if !a.Can(p) {
		return ErrForbidden
	}
	return nil
}

// event builds an audit entry for a's action; the chain is org.
func event(a auth.Actor, org uuid.UUID, action, recordType, recordID, detail string) audit.Entry {
	return audit.Entry{
		OrgID: org, ActorID: a.UserID, IP: a.IP,
		Action: action, RecordType: recordType, RecordID: recordID, Detail: detail,
	}
}

// memberOf reports whether user is a member of org, within t.
func (t *tx) memberOf(ctx context.Context, user, org uuid.UUID) (bool, error) {
	var n int
	err := t.QueryRowContext(ctx, `SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND user_id = $2`, org, user).Scan(&n)
	return n > 0, err
}

// caseAccess applies casework.MayAccess for a using p on a case of org:
// another organisation is ErrNotFound, the own one without p ErrForbidden.
// orgAccess is the rule for an organisation's own records (users, settings),
// where platform administrators may act; cases have no such exception.
func caseAccess(a auth.Actor, p auth.Permission, org uuid.UUID) error {
	ok, reason := casework.MayAccess(casework.Accessor{OrgID: a.OrgID, System: a.System, Permitted: a.Can(p)}, org)
	switch {
	case ok:
		return nil
	case reason == casework.DeniedNoPermission:
		return ErrForbidden
	}
	return ErrNotFound
}
