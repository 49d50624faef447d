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

// Reasons MayAccess gives; the store turns the refusals into its errors
// (another organisation is "not found", so a case's existence never leaks).
const (
	AccessSystem            = "system"             // the program's own work (retention, demo, import)
	AccessOwnOrganisation   = "own_organisation"   // the case belongs to the organisation acted for
	DeniedNoPermission      = "no_permission"      // the role does not allow this use of cases
	DeniedOtherOrganisation = "other_organisation" // the case belongs to another organisation, or none is acted for
)

// MayAccess decides who may see or change a case of organisation caseOrg:
// the system, or a member acting for that organisation whose role allows the
// use. It returns the reason either way.
func MayAccess(a Accessor, caseOrg uuid.UUID) (ok bool, reason string) {
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
