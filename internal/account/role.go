package account

import "fmt"

// Role is what a user is within one organisation, or platform-wide for Admin.
// It is a fact of the membership, so it lives here; what each role may do is
// package auth's permission table (auth.Role is this type).
type Role string

const (
	// Caseworker screens people, keeps cases and refers them with consent.
	Caseworker Role = "caseworker"
	// Supervisor reviews screenings and referrals and approves closures.
	Supervisor Role = "supervisor"
	// OrgAdmin manages the organisation's users, roles, two-factor rule,
	// retention and directory entry.
	OrgAdmin Role = "org_admin"
	// Coordinator works network-wide: directories, programmes and aggregate
	// statistics, never the case data of other organisations.
	Coordinator Role = "coordinator"
	// Analyst sees privacy-safe statistics only.
	Analyst Role = "analyst"
	// Admin runs the platform: organisations and their first administrators.
	Admin Role = "admin"
)

// Roles lists every role, in the order pages show them.
var Roles = []Role{Caseworker, Supervisor, OrgAdmin, Coordinator, Analyst, Admin}

// OrgRoles are the roles a membership of an organisation may carry.
var OrgRoles = []Role{Caseworker, Supervisor, OrgAdmin, Coordinator, Analyst}

// ParseRole accepts only the known role names.
func ParseRole(s string) (Role, error) {
	for _, r := range Roles {
		if string(r) == s {
			return r, nil
		}
	}
	return "", fmt.Errorf("unknown role %q", s)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	_, err := ParseRole(string(r))
	return err == nil
}
