package store

import (
	"context"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// National action plans and legislation assessments are public-policy
// documents, not personal data: every holder of PermProgrammeView in the
// network (analysts, donors, coordinators and supervisors of any
// organisation) reads them, while only the keeping organisation's holders of
// PermProgrammeEdit change them. policyAccess is that one rule; everything
// that reads or writes a plan or an assessment goes through it. Anything
// other than reading is orgAccess: another organisation's document is
// ErrNotFound to a writer, as before.
func policyAccess(a auth.Actor, org uuid.UUID, p auth.Permission) error {
	if p == auth.PermProgrammeView && org != uuid.Nil && a.OrgID != uuid.Nil && a.Can(p) {
		return nil
	}
	return orgAccess(a, org, p)
}

// MayEditPolicy reports whether the actor may change a plan or an
// assessment kept by org (policyAccess with PermProgrammeEdit), so that
// pages offer the forms only to those the store will let through.
func (db *DB) MayEditPolicy(ctx context.Context, org uuid.UUID) bool {
	a, err := actorOf(ctx)
	return err == nil && policyAccess(a, org, auth.PermProgrammeEdit) == nil
}
