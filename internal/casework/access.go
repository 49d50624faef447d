package casework

import "github.com/google/uuid"

// Accessor is who asks to use a case, as the access rule needs them: the
// organisation they act for, whether they are the program itself, and whether
// their role holds the permission the use needs (the caller knows which).
type Accessor struct {
	OrgID     uuid.UUID // uuid.Nil: a platform administrator or the system
	System    bool
	Permitted bool
}

// AccessReason says why MayAccess answered as it did (the shape of the
// linkage runs' predicates): a refusal can be logged, tested and mapped to an
// error without restating the rule.
type AccessReason string

// Reasons MayAccess gives; the store turns the refusals into its errors
// (another organisation is "not found", so a case's existence never leaks).
const (
	AccessSystem            AccessReason = "system"             // the program's own work (retention, demo, import)
	AccessOwnOrganisation   AccessReason = "own_organisation"   // the case belongs to the organisation acted for
	DeniedNoPermission      AccessReason = "no_permission"      // the role does not allow this use of cases
	DeniedOtherOrganisation AccessReason = "other_organisation" // another organisation's case, or none is acted for
)

// MayAccess decides who may see or change a case of organisation caseOrg:
// the system, or a member acting for that organisation whose role allows the
// use. It returns the reason either way.
func MayAccess(a Accessor, caseOrg uuid.UUID) (bool, AccessReason) {
	switch {
	case !a.Permitted:
		return false, DeniedNoPermission
	case a.System:
		return true, AccessSystem
	case a.OrgID == uuid.Nil || a.OrgID != caseOrg:
		return false, DeniedOtherOrganisation
	}
	return true, AccessOwnOrganisation
}
