package auth

import (
	"context"

	"github.com/google/uuid"
)

// Actor is who is acting: the signed-in user in the organisation they are
// working for. The store reads it from the context to scope every query, so a
// handler cannot forget to.
type Actor struct {
	UserID uuid.UUID
	// OrgID is the organisation the user acts for; uuid.Nil for a platform
	// administrator acting on the platform or for the system.
	OrgID uuid.UUID
	Role  Role
	// IP is the client address, kept for the audit trail.
	IP string
	// Lang is the user's interface language ("en" or "fr").
	Lang string
	// System marks work done by the program itself (migrations, demo data,
	// command-line administration): it is audited as such.
	System bool
}

// Can reports whether the actor's role allows p. The system may do anything.
func (a Actor) Can(p Permission) bool {
	if a.System {
		return true
	}
	return Allowed(a.Role, p)
}

// IsAdmin reports whether the actor is a platform administrator or the system.
func (a Actor) IsAdmin() bool { return a.System || a.Role == Admin }

type actorKey struct{}

// WithActor returns a context that carries a.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom returns the actor carried by ctx, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// SystemActor is the actor for command-line administration and start-up work.
func SystemActor() Actor { return Actor{System: true, Role: Admin, IP: "local"} }
