package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// caseNew shows the empty case form.
func (s *Server) caseNew(w http.ResponseWriter, r *http.Request) {
	var f caseForm
	f.padEvents(0)
	s.render(w, r, http.StatusOK, "case_form", s.caseFormData(r, f, nil, ""))
}

// caseCreate records a new case. "Add a row" re-renders the form with one
// more journey row; invalid input comes back with 422 and nothing saved; a
// case that looks like an existing one (same name, or birth date and a name)
// is first shown with the similar cases' codes and saved only when the
// caseworker confirms (confirmed=1).
func (s *Server) caseCreate(w http.ResponseWriter, r *http.Request) {
	f, es := parseCaseForm(r)
	if r.PostFormValue("action") == "add_row" {
		f.padEvents(1)
		s.render(w, r, http.StatusOK, "case_form", s.caseFormData(r, f, nil, ""))
		return
	}
	var c casework.Case
	rows := f.apply(&c)
	es.Add(c.Validate(s.today())...)
	if len(es) > 0 {
		s.caseFormInvalid(w, r, f, es, rows, "", "")
		return
	}
	if r.PostFormValue("confirmed") != "1" {
		similar, err := s.db.SimilarCases(r.Context(), c)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(similar) > 0 {
			f.padEvents(0)
			data := s.caseFormData(r, f, nil, "")
			data["Similar"] = similar
			s.render(w, r, http.StatusOK, "case_form", data)
			return
		}
	}
	err := s.db.CreateCase(r.Context(), &c)
	if es, ok := asFieldErrors(err); ok {
		s.caseFormInvalid(w, r, f, es, rows, "", "")
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, "case.flash.created")
	s.redirect(w, r, "/cases/"+c.ID.String())
}

// caseFormInvalid re-renders the form with 422 and a message per field.
func (s *Server) caseFormInvalid(w http.ResponseWriter, r *http.Request, f caseForm, es valid.Errors, rows []int, editID, code string) {
	msgs := f.placeErrors(langOf(r), es, rows)
	f.padEvents(0)
	data := s.caseFormData(r, f, msgs, editID)
	data["Code"] = code
	data["Invalid"] = true
	data["Path"] = "/cases/new"
	if editID != "" {
		data["Path"] = "/cases/" + editID + "/edit"
	}
	s.render(w, r, http.StatusUnprocessableEntity, "case_form", data)
}
