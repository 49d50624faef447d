package web

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// orgRow is an organisation as list and detail pages show it: codes replaced
// by their names in the reader's language.
type orgRow struct {
	account.Organisation
	TypeLabel   string
	CountryName string
}

func newOrgRow(lang string, o account.Organisation) orgRow {
	return orgRow{Organisation: o, TypeLabel: orgTypeLabel(lang, string(o.Type)), CountryName: countryName(lang, o.Country)}
}

// adminHome sends platform administrators to the list of organisations and
// everyone else to their own organisation.
func (s *Server) adminHome(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	if a.IsAdmin() || a.OrgID == uuid.Nil {
		s.redirect(w, r, "/admin/organisations")
		return
	}
	s.redirect(w, r, "/admin/organisations/"+a.OrgID.String())
}

// adminOrgList lists every organisation (platform administrators).
func (s *Server) adminOrgList(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.db.ListOrganisations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	rows := make([]orgRow, len(orgs))
	for i, o := range orgs {
		rows[i] = newOrgRow(lang, o)
	}
	s.render(w, r, http.StatusOK, "admin_orgs", map[string]any{
		"Title": s.t(r, "admin.orgs.title", nil),
		"Orgs":  rows,
	})
}

// adminOrgView shows one organisation: the actor's own, or any for a
// platform administrator.
func (s *Server) adminOrgView(w http.ResponseWriter, r *http.Request) {
	o, err := s.loadOrg(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	a := actorOf(r)
	s.render(w, r, http.StatusOK, "admin_org", map[string]any{
		"Title":    o.Name,
		"Org":      newOrgRow(langOf(r), o),
		"CanEdit":  a.Can(auth.PermOrgEdit),
		"CanUsers": a.Can(auth.PermUserView),
		"CanAudit": a.Can(auth.PermAuditView),
		// The store decides who edits the directory entry.
		"CanDirectory": s.db.MayEditDirectory(r.Context(), o.ID) == nil,
	})
}
