package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

func (s *Server) signinTOTPForm(w http.ResponseWriter, r *http.Request) {
	u, passed, ok := s.pendingUser(r)
	if !ok || passed || !u.TOTPEnabled {
		s.redirect(w, r, "/signin")
		return
	}
	s.render(w, r, http.StatusOK, "signin_twofactor", nil)
}

// signinTOTP checks the second factor: a 6-digit authenticator code (never
// the same one twice, on any server: TOTPGuard) or one of the user's recovery codes (each
// works once). Wrong codes count towards the sign-in throttle.
func (s *Server) signinTOTP(w http.ResponseWriter, r *http.Request) {
	u, passed, ok := s.pendingUser(r)
	if !ok || passed || !u.TOTPEnabled {
		s.redirect(w, r, "/signin")
		return
	}
	ctx := r.Context()
	ip := clientIP(r)
	if msg, err := s.throttled(w, r, u.Email); err != nil {
		s.fail(w, r, err)
		return
	} else if msg != "" {
		s.render(w, r, http.StatusTooManyRequests, "signin_twofactor", map[string]any{"Error": msg})
		return
	}
	code := strings.Join(strings.Fields(r.PostFormValue("code")), "")
	self := selfCtx(ctx, u.ID, ip)
	good := false
	switch {
	case len(code) == 6 && isDigits(code):
		secret, err := s.db.TOTPSecret(self, u.ID)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if good, err = s.guard.Check(ctx, u.ID, secret, code, s.now()); err != nil {
			s.fail(w, r, err)
			return
		}
	case len(code) >= 12 && len(code) <= 32:
		var err error
		good, err = s.db.UseRecoveryCode(self, u.ID, auth.HashRecoveryCode(code))
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if !good {
		s.countFailure(r, u.Email)
		s.record(ctx, u.ID, uuid.Nil, false, ip, reasonCode)
		s.render(w, r, http.StatusUnauthorized, "signin_twofactor", map[string]any{"Error": s.t(r, "signin.twofactor.failed", nil)})
		return
	}
	s.sessions.Put(ctx, keyPendingOK, true)
	s.afterSecondFactor(w, r, u)
}

func isDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
