package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Erasure is an organisation administrator's act, and that role cannot read
// cases. The case page gives readers an erasure link carrying the case code
// (a pseudonym); the administrator confirms by typing that code, and the
// store compares what was typed with the case's stored code
// (EraseCaseConfirmed), so a wrong or forged link erases nothing.

// caseEraseForm shows what erasure does and asks for the case code. The
// case travels in the query (?case=<id>&code=<code>): the erasing role
// cannot look a case up, so this page says nothing about the case itself;
// the POST to /cases/{id}/erase is where the store checks it (404 for
// another organisation's case).
func (s *Server) caseEraseForm(w http.ResponseWriter, r *http.Request) {
	id, err := uuid.Parse(r.URL.Query().Get("case"))
	if err != nil || id == uuid.Nil {
		s.fail(w, r, store.ErrNotFound)
		return
	}
	code := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("code")))
	s.render(w, r, http.StatusOK, "case_erase", map[string]any{"ID": id, "Code": code, "Errors": map[string]string{}})
}

// caseErase crypto-shreds the person of the case after the confirmation.
func (s *Server) caseErase(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	code := strings.ToUpper(strings.TrimSpace(r.PostFormValue("code")))
	typed := strings.ToUpper(strings.TrimSpace(r.PostFormValue("confirm_code")))
	err = s.db.EraseCaseConfirmed(r.Context(), id, typed)
	if errors.Is(err, store.ErrCodeMismatch) {
		rule := "confirm_code"
		if typed == "" {
			rule = valid.RuleRequired
		}
		s.render(w, r, http.StatusUnprocessableEntity, "case_erase", map[string]any{
			"ID": id, "Code": code,
			"Errors": caseErrors(langOf(r), valid.Errors{valid.New("confirm_code", rule, nil)}),
		})
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "case_erase", map[string]any{"ID": id, "Code": typed, "Done": true, "Errors": map[string]string{}})
}
