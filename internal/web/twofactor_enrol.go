package web

import (
	"bytes"
	"encoding/base64"
	"html/template"
	"image/png"
	"net/http"
	"strings"

	"github.com/google/uuid"
	"github.com/pquerna/otp"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// Two-factor enrolment: the page shows a new secret (as text and as a QR
// code, a data: image so it never sits at a URL), the user confirms with a
// code from their app, and the recovery codes are shown once.

// enrolAAD binds the pending secret, sealed in the session, to its user.
func enrolAAD(user uuid.UUID) []byte { return []byte("session.enrol_secret|" + user.String()) }

// twoFactorPage shows the enrolment form, or the status and the disable form
// when two-factor is already on.
func (s *Server) twoFactorPage(w http.ResponseWriter, r *http.Request) {
	st := stateOf(r)
	if st.user.TOTPEnabled {
		s.renderTwoFactorStatus(w, r, http.StatusOK, nil)
		return
	}
	key, err := s.pendingSecret(r, true)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.renderEnrol(w, r, http.StatusOK, key, "")
}

func (s *Server) renderTwoFactorStatus(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) {
	required, err := s.orgRequiresTOTP(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "twofactor_status", map[string]any{"Required": required, "Errors": errs})
}

func (s *Server) renderEnrol(w http.ResponseWriter, r *http.Request, status int, key *otp.Key, codeErr string) {
	img, err := key.Image(200, 200)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, status, "twofactor_enrol", map[string]any{
		"Secret":   groupSecret(key.Secret()),
		"QR":       template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(buf.Bytes())),
		"Required": stateOf(r).mustEnrol,
		"CodeErr":  codeErr,
	})
}

// groupSecret shows the base32 secret in groups of four for typing.
func groupSecret(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pendingSecret returns the secret being enrolled, kept sealed under the
// platform key in the session; create makes one when there is none.
func (s *Server) pendingSecret(r *http.Request, create bool) (*otp.Key, error) {
	ctx := r.Context()
	st := stateOf(r)
	if sealed := s.sessions.GetBytes(ctx, keyEnrol); sealed != nil {
		plain, err := s.db.Keys().Open(ctx, uuid.Nil, sealed, enrolAAD(st.user.ID))
		if err == nil {
			if key, err := otp.NewKeyFromURL(string(plain)); err == nil {
				return key, nil
			}
		}
	}
	if !create {
		return nil, nil
	}
	_, url, err := auth.NewTOTP(st.user.Email)
	if err != nil {
		return nil, err
	}
	sealed, err := s.db.Keys().Seal(ctx, uuid.Nil, []byte(url), enrolAAD(st.user.ID))
	if err != nil {
		return nil, err
	}
	s.sessions.Put(ctx, keyEnrol, sealed)
	return otp.NewKeyFromURL(url)
}

// twoFactorEnrol confirms the pending secret with a code from the app, turns
// two-factor on and shows the recovery codes, once.
func (s *Server) twoFactorEnrol(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := stateOf(r)
	if st.user.TOTPEnabled {
		s.redirect(w, r, "/account/two-factor")
		return
	}
	key, err := s.pendingSecret(r, false)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if key == nil { // session expired between the two steps
		s.redirect(w, r, "/account/two-factor")
		return
	}
	code := strings.Join(strings.Fields(r.PostFormValue("code")), "")
	good, err := s.guard.Check(ctx, st.user.ID, key.Secret(), code, s.now())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if !good {
		s.renderEnrol(w, r, http.StatusUnprocessableEntity, key, s.t(r, "twofactor.enrol.wrong_code", nil))
		return
	}
	codes, hashes, err := auth.NewRecoveryCodes(10)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.db.SetTOTP(ctx, st.user.ID, key.Secret(), hashes); err != nil {
		s.fail(w, r, err)
		return
	}
	s.sessions.Remove(ctx, keyEnrol)
	// Security settings changed: new session token.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.fail(w, r, err)
		return
	}
	st.mustEnrol = false
	st.user.TOTPEnabled = true
	s.render(w, r, http.StatusOK, "twofactor_codes", map[string]any{"Codes": codes})
}

// orgRequiresTOTP reports whether the acting organisation requires two-factor.
func (s *Server) orgRequiresTOTP(r *http.Request) (bool, error) {
	a := actorOf(r)
	if a.OrgID == uuid.Nil {
		return false, nil
	}
	o, err := s.db.GetOrganisation(r.Context(), a.OrgID)
	if err != nil {
		return false, err
	}
	return o.RequireTOTP, nil
}
