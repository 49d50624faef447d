package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/store"
)

// account shows the own-account page: password change, two-factor status and
// API tokens. data may carry form errors or a token just created.
func (s *Server) account(w http.ResponseWriter, r *http.Request) {
	s.renderAccount(w, r, http.StatusOK, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, data map[string]any) {
	if data == nil {
		data = map[string]any{}
	}
	tokens, err := s.activeTokens(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	st := stateOf(r)
	data["Tokens"] = tokens
	data["Email"] = st.user.Email
	data["TOTP"] = st.user.TOTPEnabled
	data["MustChange"] = st.user.MustChangePassword // only the password form until it is changed
	s.render(w, r, status, "account", data)
}

// activeTokens lists the user's tokens that still work.
func (s *Server) activeTokens(r *http.Request) ([]store.APIToken, error) {
	all, err := s.db.ListAPITokens(r.Context())
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := all[:0]
	for _, t := range all {
		if t.RevokedAt != nil || (t.ExpiresAt != nil && !t.ExpiresAt.After(now)) {
			continue
		}
		out = append(out, t)
	}
	return out, nil
}
