package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// tokenLifetimes are the expiry choices offered (days). Every token expires,
// like those made through the API: store.MaxTokenDays at most.
var tokenLifetimes = []int{30, 90, store.MaxTokenDays}

// accountTokenCreate makes an API token for the user acting for the current
// organisation and shows it once: only its hash is kept.
func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimSpace(r.PostFormValue("name"))
	days, err := strconv.Atoi(r.PostFormValue("days"))
	if err != nil || !validLifetime(days) {
		days = store.DefaultTokenDays
	}
	token, hash, err := auth.NewAPIToken()
	if err != nil {
		s.fail(w, r, err)
		return
	}
	// The store's clock, which decides expiry (not the pages' clock).
	exp := time.Now().Add(time.Duration(days) * 24 * time.Hour)
	k := &store.APIToken{Name: name, Hash: hash, ExpiresAt: &exp}
	if err := s.db.CreateAPIToken(r.Context(), k); err != nil {
		if msgs, ok := s.formErrors(r, err); ok {
			s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]any{"TokenErrors": msgs, "TokenName": name})
			return
		}
		s.fail(w, r, err)
		return
	}
	// Rendered directly (no redirect), so the secret is never stored anywhere.
	s.renderAccount(w, r, http.StatusOK, map[string]any{"NewToken": token, "NewTokenName": k.Name})
}

func validLifetime(days int) bool {
	for _, d := range tokenLifetimes {
		if d == days {
			return true
		}
	}
	return false
}

// accountTokenRevoke revokes one of the user's tokens. With htmx it answers
// the refreshed token list only; without, it redirects to the account page.
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	if err := s.db.RevokeAPIToken(r.Context(), id); err != nil {
		s.fail(w, r, err)
		return
	}
	if r.Header.Get("HX-Request") == "true" {
		tokens, err := s.activeTokens(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.renderFragment(w, r, http.StatusOK, "account", "tokens", map[string]any{
			"Tokens": tokens, "Revoked": true})
		return
	}
	s.flash(r, "account.tokens.revoked")
	s.redirect(w, r, "/account")
}
