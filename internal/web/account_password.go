package web

import (
	"errors"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// accountPassword changes the user's own password. The current password is
// required (a borrowed session cannot lock the owner out) and wrong guesses
// count towards the sign-in throttle. The new one must differ from it; once
// set, a temporary password's restriction ends (the store clears the flag).
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := stateOf(r)
	current := r.PostFormValue("current_password")
	next := r.PostFormValue("new_password")
	confirm := r.PostFormValue("confirm_password")
	ip := clientIP(r)
	errs := map[string]string{}

	if ok, wait := s.throttle.Allow(st.user.Email, ip); !ok {
		errs["current_password"] = s.t(r, "signin.throttled", map[string]any{"Minutes": minutes(wait)})
		s.renderAccount(w, r, http.StatusTooManyRequests, map[string]any{"PasswordErrors": errs})
		return
	}
	u, err := s.db.UserForLogin(ctx, st.user.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	currentOK, _, _ := auth.CheckPassword(u.PasswordHash, current)
	if !currentOK || u.PasswordHash == "" {
		s.throttle.Fail(st.user.Email, ip)
		errs["current_password"] = s.t(r, "account.password.wrong_current", nil)
	}
	if err := auth.ValidatePassword(next); err != nil {
		var fe *valid.FieldError
		if errors.As(err, &fe) {
			fe2 := *fe
			fe2.Field = "new_password"
			errs["new_password"] = i18n.FieldMessage(langOf(r), &fe2)
		} else {
			s.fail(w, r, err)
			return
		}
	} else if currentOK && next == current {
		// A temporary password someone else has seen must not be kept.
		fe := valid.New("new_password", account.RulePasswordUnchanged, nil)
		errs["new_password"] = i18n.FieldMessage(langOf(r), fe)
	} else if next != confirm {
		errs["confirm_password"] = s.t(r, "account.password.mismatch", nil)
	}
	if len(errs) > 0 {
		s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"PasswordErrors": errs})
		return
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.SetPassword(ctx, st.actor.UserID, hash); err != nil {
		s.fail(w, r, err)
		return
	}
	// A credential changed: new session token.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "account.password.changed")
	s.redirect(w, r, "/account")
}
