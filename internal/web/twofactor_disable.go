package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// twoFactorDisable turns two-factor off after checking the password, unless
// the organisation requires it.
func (s *Server) twoFactorDisable(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := stateOf(r)
	if !st.user.TOTPEnabled {
		s.redirect(w, r, "/account/two-factor")
		return
	}
	required, err := s.orgRequiresTOTP(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if required {
		s.renderTwoFactorStatus(w, r, http.StatusForbidden, nil)
		return
	}
	if msg, err := s.throttled(w, r, st.user.Email); err != nil {
		s.fail(w, r, err)
		return
	} else if msg != "" {
		s.renderTwoFactorStatus(w, r, http.StatusTooManyRequests, map[string]string{"password": msg})
		return
	}
	u, err := s.db.UserForLogin(ctx, st.user.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if ok, _, _ := auth.CheckPassword(u.PasswordHash, r.PostFormValue("password")); !ok || u.PasswordHash == "" {
		s.countFailure(r, st.user.Email)
		s.renderTwoFactorStatus(w, r, http.StatusUnprocessableEntity, map[string]string{
			"password": s.t(r, "account.password.wrong_current", nil)})
		return
	}
	if err := s.db.DisableTOTP(ctx, st.user.ID); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "twofactor.disabled")
	s.redirect(w, r, "/account")
}
