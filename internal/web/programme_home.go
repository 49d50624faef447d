package web

import (
	"net/http"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// programmeLink is one programme on the landing page: shown once its page is
// registered, so the page never links to one that does not work. Change
// names the permission that lets the reader add or change records there.
type programmeLink struct {
	Pattern string // registered GET pattern, also the link
	Title   string // message ids
	Text    string
	Change  auth.Permission
	CanEdit bool // filled per request
}

// programmeLinks are in the order the landing page shows them. National work
// (law, plans) is the coordinators'; trainings, campaigns and justice figures
// are entered by the organisation that holds them.
var programmeLinks = []programmeLink{
	{Pattern: "/programmes/legislation", Title: "programme.link.legislation", Text: "programme.link.legislation.text", Change: auth.PermProgrammeEdit},
	{Pattern: "/programmes/plans", Title: "programme.link.plans", Text: "programme.link.plans.text", Change: auth.PermProgrammeEdit},
	{Pattern: "/programmes/trainings", Title: "programme.link.trainings", Text: "programme.link.trainings.text", Change: auth.PermProgrammeOwn},
	{Pattern: "/programmes/campaigns", Title: "programme.link.campaigns", Text: "programme.link.campaigns.text", Change: auth.PermProgrammeOwn},
	{Pattern: "/programmes/justice", Title: "programme.link.justice", Text: "programme.link.justice.text", Change: auth.PermProgrammeOwn},
}

// programmes is the landing page of the programme section.
func (s *Server) programmes(w http.ResponseWriter, r *http.Request) {
	a := actorOf(r)
	var links []programmeLink
	for _, l := range programmeLinks {
		if !s.hasRoute("GET", l.Pattern) {
			continue
		}
		l.CanEdit = a.Can(l.Change)
		links = append(links, l)
	}
	s.render(w, r, http.StatusOK, "programme_home", map[string]any{
		"Title": s.t(r, "programme.title", nil), "Links": links})
}
