package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
)

// chooseOrgForm asks a user with several memberships which organisation they
// act for now. A signed-in user may come back here to switch.
func (s *Server) chooseOrgForm(w http.ResponseWriter, r *http.Request) {
	u, ok := s.choosingUser(r)
	if !ok {
		s.redirect(w, r, "/signin")
		return
	}
	choices, err := s.orgChoices(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "signin_organisation", map[string]any{"Choices": choices})
}

func (s *Server) chooseOrg(w http.ResponseWriter, r *http.Request) {
	u, ok := s.choosingUser(r)
	if !ok {
		s.redirect(w, r, "/signin")
		return
	}
	choices, err := s.orgChoices(r, u)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	want := r.PostFormValue("org")
	for _, c := range choices {
		if c.Value == want {
			s.completeSignIn(w, r, u, c)
			return
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "signin_organisation", map[string]any{
		"Choices": choices, "Error": s.t(r, "signin.org.invalid", nil)})
}

// choosingUser is the pending user who passed the second factor, or the
// signed-in user (switching organisation).
func (s *Server) choosingUser(r *http.Request) (account.User, bool) {
	if st := stateOf(r); st.signedIn {
		return st.user, true
	}
	u, passed, ok := s.pendingUser(r)
	return u, ok && passed
}
