package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// caseNoteAdd adds a dated note (its body is encrypted by the store).
func (s *Server) caseNoteAdd(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	n := casework.Note{CaseID: id, Body: r.PostFormValue("body"), By: actorOf(r).UserID, At: s.now().UTC()}
	es := n.Validate()
	if len(es) == 0 {
		err = s.db.AddNote(r.Context(), &n)
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{"NoteBody": n.Body, "NoteErrors": caseErrors(langOf(r), es)})
		return
	}
	s.flash(r, "case.flash.note_added")
	s.redirect(w, r, "/cases/"+id.String()+"#notes")
}
