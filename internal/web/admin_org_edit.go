package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// loadOrg reads the organisation named by the {id} path segment, within the
// actor's reach: another organisation's id is ErrNotFound.
func (s *Server) loadOrg(r *http.Request) (account.Organisation, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return account.Organisation{}, err
	}
	if err := orgInScope(actorOf(r), id); err != nil {
		return account.Organisation{}, err
	}
	return s.db.GetOrganisation(r.Context(), id)
}

// adminOrgEditForm shows the organisation's fields and security settings.
func (s *Server) adminOrgEditForm(w http.ResponseWriter, r *http.Request) {
	o, err := s.loadOrg(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "admin_org_form", s.orgFormData(r, o, nil, false))
}

// adminOrgUpdate saves the form; bad input re-renders it with 422 and the
// submitted values, and saves nothing.
func (s *Server) adminOrgUpdate(w http.ResponseWriter, r *http.Request) {
	o, err := s.loadOrg(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	name := o.Name // the heading keeps the saved name while the form is wrong
	invalid := func(es valid.Errors) {
		d := s.orgFormData(r, o, es, false)
		d["Title"] = s.t(r, "admin.org.edit_title", map[string]any{"Name": name})
		d["Retention"] = r.PostFormValue("retention_days")
		s.render(w, r, http.StatusUnprocessableEntity, "admin_org_form", d)
	}
	if es := orgForm(r, &o, true); len(es) > 0 {
		invalid(es)
		return
	}
	if err := s.db.UpdateOrganisation(r.Context(), o); err != nil {
		if es, ok := asFieldErrors(err); ok {
			invalid(es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "admin.org.saved")
	s.redirect(w, r, "/admin/organisations/"+o.ID.String())
}
