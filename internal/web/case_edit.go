package web

import (
	"errors"
	"net/http"
	"time"

	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// caseEdit shows the form filled with the case.
func (s *Server) caseEdit(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCase(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.ErasedAt != nil {
		s.errorPage(w, r, http.StatusConflict)
		return
	}
	f := formOfCase(c)
	f.padEvents(0)
	data := s.caseFormData(r, f, nil, c.ID.String())
	data["Code"] = c.Code
	s.render(w, r, http.StatusOK, "case_form", data)
}

// caseUpdate saves the edited person and facts (not status or closure). A
// save by someone else since the form was loaded is refused: the form comes
// back with a message and nothing is overwritten.
func (s *Server) caseUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	c, err := s.db.GetCase(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if c.ErasedAt != nil {
		s.errorPage(w, r, http.StatusConflict) // nothing personal left to edit
		return
	}
	f, es := parseCaseForm(r)
	if r.PostFormValue("action") == "add_row" {
		f.padEvents(1)
		data := s.caseFormData(r, f, nil, c.ID.String())
		data["Code"] = c.Code
		s.render(w, r, http.StatusOK, "case_form", data)
		return
	}
	if f.UpdatedAt != "" {
		if t, err := time.Parse(time.RFC3339Nano, f.UpdatedAt); err == nil {
			c.UpdatedAt = t
		}
	}
	rows := f.apply(&c)
	es.Add(c.Validate(s.today())...)
	if len(es) > 0 {
		s.caseFormInvalid(w, r, f, es, rows, c.ID.String(), c.Code)
		return
	}
	err = s.db.UpdateCase(r.Context(), c)
	if fes, ok := asFieldErrors(err); ok {
		s.caseFormInvalid(w, r, f, fes, rows, c.ID.String(), c.Code)
		return
	}
	if errors.Is(err, store.ErrConflict) {
		s.caseFormInvalid(w, r, f, valid.Errors{valid.New("updated_at", "stale", nil)}, rows, c.ID.String(), c.Code)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "case.flash.updated")
	s.redirect(w, r, "/cases/"+c.ID.String())
}
