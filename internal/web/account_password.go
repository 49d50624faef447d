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
// set, a temporary password's restriction ends (the store clears the flag),
// the user's other sessions end and, when "revoke_tokens" is ticked (the
// form's default), their API tokens are revoked.
func (s *Server) accountPassword(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := stateOf(r)
	current := r.PostFormValue("current_password")
	next := r.PostFormValue("new_password")
	confirm := r.PostFormValue("confirm_password")
	revoke := r.PostFormValue("revoke_tokens") == "1"
	errs := map[string]string{}

	if msg, err := s.throttled(w, r, st.user.Email); err != nil {
		s.fail(w, r, err)
		return
	} else if msg != "" {
		errs["current_password"] = msg
		s.renderAccount(w, r, http.StatusTooManyRequests, map[string]any{"PasswordErrors": errs, "RevokeTokensOff": !revoke})
		return
	}
	u, err := s.db.UserForLogin(ctx, st.user.Email)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	currentOK, _, _ := auth.CheckPassword(u.PasswordHash, current)
	if !currentOK || u.PasswordHash == "" {
		s.countFailure(r, st.user.Email)
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
		s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"PasswordErrors": errs, "RevokeTokensOff": !revoke})
		return
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// Whoever else knew the old password is signed out everywhere; this
	// session goes on under a new token.
	if _, err := s.db.ChangeOwnPassword(ctx, hash, s.sessions.Token(ctx), revoke); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	if revoke {
		s.flash(r, "account.password.changed_tokens")
	} else {
		s.flash(r, "account.password.changed")
	}
	s.redirect(w, r, "/account")
}
