// Package auth holds who may do what: the permission table for each role, the
// actor carried in a request's context, and the sign-in primitives (password
// hashes, two-factor codes, API tokens, the throttling rules). It does no I/O:
// the throttle's counts and the two-factor replay guard's steps are kept by a
// store behind the ThrottleStore and TOTPStepStore interfaces.
//
// The roles themselves are facts of a membership and live in package account
// (domain packages never import auth); the names below are the same type and
// values, so callers of auth need not import account for them.
package auth

import "github.com/passerelle-org/passerelle/internal/account"

// Role is account.Role.
type Role = account.Role

// The roles (account's).
const (
	Caseworker  = account.Caseworker
	Supervisor  = account.Supervisor
	OrgAdmin    = account.OrgAdmin
	Coordinator = account.Coordinator
	Analyst     = account.Analyst
	Admin       = account.Admin
)

// Roles lists every role, in the order pages show them (account.Roles).
var Roles = account.Roles

// OrgRoles are the roles a membership of an organisation may carry
// (account.OrgRoles).
var OrgRoles = account.OrgRoles

// ParseRole accepts only the known role names (account.ParseRole).
func ParseRole(s string) (Role, error) { return account.ParseRole(s) }
