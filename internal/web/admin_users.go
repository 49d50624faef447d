package web

import (
	"context"
	"net/http"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// userRow is a member of an organisation as the user pages show them.
type userRow struct {
	ID          uuid.UUID
	Email       string
	DisplayName string
	Lang        string
	Role        auth.Role
	RoleLabel   string
	Disabled    bool
	MustChange  bool // still signs in with a password someone else set
	TOTPEnabled bool
	LastLoginAt *time.Time
	Self        bool
}

// members lists org's users with their role in org (store-scoped: an
// organisation out of the actor's reach is ErrNotFound).
func (s *Server) members(ctx context.Context, lang string, a auth.Actor, org uuid.UUID) ([]userRow, error) {
	if err := orgInScope(a, org); err != nil {
		return nil, err
	}
	users, ms, err := s.db.ListUsers(ctx, org)
	if err != nil {
		return nil, err
	}
	roles := make(map[uuid.UUID]auth.Role, len(ms))
	for _, m := range ms {
		if m.OrgID == org {
			roles[m.UserID] = m.Role
		}
	}
	out := make([]userRow, 0, len(users))
	for _, u := range users {
		role, ok := roles[u.ID]
		if !ok {
			continue
		}
		out = append(out, newUserRow(lang, a, u, role))
	}
	return out, nil
}

func newUserRow(lang string, a auth.Actor, u account.User, role auth.Role) userRow {
	return userRow{
		ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Lang: u.Lang, Role: role,
		RoleLabel: roleLabel(lang, role), Disabled: u.Disabled, MustChange: u.MustChangePassword, TOTPEnabled: u.TOTPEnabled,
		LastLoginAt: u.LastLoginAt, Self: u.ID == a.UserID,
	}
}

// member returns one user of org by the {id} path segment; a user who is not
// a member of org (or an org out of reach) is ErrNotFound.
func (s *Server) member(r *http.Request, org uuid.UUID) (userRow, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return userRow{}, err
	}
	rows, err := s.members(r.Context(), langOf(r), actorOf(r), org)
	if err != nil {
		return userRow{}, err
	}
	for _, u := range rows {
		if u.ID == id {
			return u, nil
		}
	}
	return userRow{}, store.ErrNotFound
}

// orgOf reads the {org} path segment and the organisation it names, within
// the actor's reach.
func (s *Server) orgOf(r *http.Request) (account.Organisation, error) {
	id, err := pathID(r, "org")
	if err != nil {
		return account.Organisation{}, err
	}
	if err := orgInScope(actorOf(r), id); err != nil {
		return account.Organisation{}, err
	}
	return s.db.GetOrganisation(r.Context(), id)
}

// adminUsersHome sends the actor to the users of the organisation they act
// for; platform administrators choose an organisation first.
func (s *Server) adminUsersHome(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.OrgID == uuid.Nil {
		s.redirect(w, r, "/admin/organisations")
		return
	}
	s.redirect(w, r, "/admin/organisations/"+a.OrgID.String()+"/users")
}

// adminUserList lists an organisation's users with role and status.
func (s *Server) adminUserList(w http.ResponseWriter, r *http.Request) {
	o, err := s.orgOf(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	rows, err := s.members(r.Context(), langOf(r), actorOf(r), o.ID)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_users", map[string]any{
		"Title":     s.t(r, "admin.users.title", map[string]any{"Org": o.Name}),
		"Org":       o,
		"Users":     rows,
		"CanManage": actorOf(r).Can(auth.PermUserManage),
	})
}
