package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
)

// adminOrgNew shows the empty creation form (platform administrators).
func (s *Server) adminOrgNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "admin_org_form", s.orgFormData(r, account.Organisation{}, nil, true))
}

// adminOrgCreate creates an organisation from the form; bad input re-renders
// the form with 422 and creates nothing.
func (s *Server) adminOrgCreate(w http.ResponseWriter, r *http.Request) {
	var o account.Organisation
	if es := orgForm(r, &o, false); len(es) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "admin_org_form", s.orgFormData(r, o, es, true))
		return
	}
	if err := s.db.CreateOrganisation(r.Context(), &o); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.render(w, r, http.StatusUnprocessableEntity, "admin_org_form", s.orgFormData(r, o, es, true))
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "admin.org.created")
	s.redirect(w, r, "/admin/organisations/"+o.ID.String())
}
