package web

import (
	"errors"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// adminUserView shows one member with the forms that change them: role,
// access (disable/enable, lifting a sign-in lockout) and password reset.
func (s *Server) adminUserView(w http.ResponseWriter, r *http.Request) {
	o, u, err := s.orgAndMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderUser(w, r, http.StatusOK, o, u, string(u.Role), nil)
}

func (s *Server) orgAndMember(r *http.Request) (account.Organisation, userRow, error) {
	o, err := s.orgOf(r)
	if err != nil {
		return o, userRow{}, err
	}
	u, err := s.member(r, o.ID)
	return o, u, err
}

func (s *Server) renderUser(w http.ResponseWriter, r *http.Request, status int, o account.Organisation, u userRow, role string, es valid.Errors) {
	locked, err := s.db.LockedUntil(r.Context(), u.ID, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "admin_user", map[string]any{
		"LockedUntil": locked,
		"Title":       u.DisplayName,
		"Org":         o,
		"Member":      u, // not "User": the layout shows the signed-in user under that key
		"Role":        role,
		"Roles":       roleOptions(langOf(r)),
		"Errors":      fieldMessages(langOf(r), es),
	})
}

func userPath(o account.Organisation, u userRow) string {
	return "/admin/organisations/" + o.ID.String() + "/users/" + u.ID.String()
}

// adminUserRole changes the member's role in the organisation. The store
// audits it; the member's open sessions end at their next request.
func (s *Server) adminUserRole(w http.ResponseWriter, r *http.Request) {
	o, u, err := s.orgAndMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	role := r.PostFormValue("role")
	m := account.Membership{UserID: u.ID, OrgID: o.ID, Role: auth.Role(role)}
	es := m.Validate()
	if len(es) == 0 && u.Self && m.Role != u.Role {
		es.Add(valid.New("role", ruleSelf, nil))
	}
	if len(es) > 0 {
		s.renderUser(w, r, http.StatusUnprocessableEntity, o, u, role, es)
		return
	}
	if m.Role != u.Role {
		err = s.db.SetMembership(r.Context(), m)
		if es, ok := asFieldErrors(err); ok {
			s.renderUser(w, r, http.StatusUnprocessableEntity, o, u, role, es)
			return
		}
		if errors.Is(err, store.ErrConflict) {
			s.renderUser(w, r, http.StatusUnprocessableEntity, o, u, role, valid.Errors{valid.New("role", ruleLastAdmin, nil)})
			return
		}
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.flash(r, "admin.user.done_role")
	s.redirect(w, r, userPath(o, u))
}

// adminUserDisable and adminUserEnable switch the member's access. A disabled
// user cannot sign in and their sessions end at their next request.
func (s *Server) adminUserDisable(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, true) }

func (s *Server) adminUserEnable(w http.ResponseWriter, r *http.Request) { s.setDisabled(w, r, false) }

func (s *Server) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	o, u, err := s.orgAndMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if u.Self && disabled {
		s.renderUser(w, r, http.StatusUnprocessableEntity, o, u, string(u.Role), valid.Errors{valid.New("status", ruleSelf, nil)})
		return
	}
	if err := s.db.SetDisabled(r.Context(), u.ID, disabled); err != nil {
		s.userRefused(w, r, o, u, "status", err)
		return
	}
	if disabled {
		s.flash(r, "admin.user.done_disabled")
	} else {
		s.flash(r, "admin.user.done_enabled")
	}
	s.redirect(w, r, userPath(o, u))
}

// adminUserUnlock lifts the member's sign-in lockout: the failed attempts
// counted against their account, from every address, are forgotten, so they
// can sign in at once. The store audits it.
func (s *Server) adminUserUnlock(w http.ResponseWriter, r *http.Request) {
	o, u, err := s.orgAndMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.LiftLockout(r.Context(), u.ID); err != nil {
		s.userRefused(w, r, o, u, "lockout", err)
		return
	}
	s.flash(r, "admin.user.done_unlocked")
	s.redirect(w, r, userPath(o, u))
}

// adminUserResetPassword gives the member a new one-time password, shown once.
func (s *Server) adminUserResetPassword(w http.ResponseWriter, r *http.Request) {
	o, u, err := s.orgAndMember(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	password := newTempPassword()
	hash, err := auth.HashPassword(password)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.SetPassword(r.Context(), u.ID, hash); err != nil {
		s.userRefused(w, r, o, u, "password", err)
		return
	}
	s.showPassword(w, r, o, u, password, false)
}

// userRefused shows the member's page with the store's refusal (a person
// who also belongs to another organisation) under the section's field, or
// fails as usual.
func (s *Server) userRefused(w http.ResponseWriter, r *http.Request, o account.Organisation, u userRow, field string, err error) {
	var es valid.Errors
	if !errors.As(err, &es) {
		s.fail(w, r, err)
		return
	}
	for i := range es {
		es[i].Field = field
	}
	s.renderUser(w, r, http.StatusUnprocessableEntity, o, u, string(u.Role), es)
}
