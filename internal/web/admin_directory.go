package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/directory"
)

// directory is the directory of services (every signed-in user): the
// network's organisations with their public contact details and what they
// offer, searched by country of operation, service, population, language,
// type and whether they accept referrals now. The search is the store's
// (SearchDirectory); the filters are a GET form, usable without JavaScript.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	s.renderDirectory(w, r, http.StatusOK, nil)
}

// renderDirectory shows the page; extra adds or replaces data (the import's
// outcome).
func (s *Server) renderDirectory(w http.ResponseWriter, r *http.Request, status int, extra map[string]any) {
	lang := langOf(r)
	q := r.URL.Query()
	f := directory.Filter{Country: q.Get("country"), Service: directory.Service(q.Get("service")),
		Population: directory.Population(q.Get("population")), Language: q.Get("language"), Accepting: q.Get("accepting") == "1"}
	typ := strings.TrimSpace(q.Get("type"))

	all, err := s.db.SearchDirectory(r.Context(), directory.Filter{})
	if err != nil {
		s.fail(w, r, err)
		return
	}
	found, err := s.db.SearchDirectory(r.Context(), f)
	var problems []dirError
	if es, ok := asFieldErrors(err); ok {
		problems, _ = directoryErrors(lang, es)
		found, status = nil, http.StatusUnprocessableEntity
	} else if err != nil {
		s.fail(w, r, err)
		return
	}
	f.Normalise()
	rows := make([]dirRow, 0, len(found))
	for _, l := range found {
		if typ == "" || string(l.Org.Type) == typ {
			rows = append(rows, s.newDirRow(r, l))
		}
	}
	// Only the countries and languages where the network has members are
	// worth offering.
	countries, langs := map[string]bool{}, map[string]bool{}
	for _, l := range all {
		countries[l.Org.Country] = true
		for _, c := range l.Profile.Countries {
			countries[c.Country] = true
		}
		for _, c := range l.Profile.Languages {
			langs[c] = true
		}
	}
	countryOpts := make([]option, 0, len(countries))
	for code := range countries {
		countryOpts = append(countryOpts, option{Value: code, Label: countryName(lang, code)})
	}
	langOpts := make([]option, 0, len(langs))
	for code := range langs {
		langOpts = append(langOpts, option{Value: code, Label: languageName(lang, code)})
	}
	data := map[string]any{
		"Title":       s.t(r, "admin.directory.title", nil),
		"Orgs":        rows,
		"Total":       len(all),
		"Filter":      f,
		"Type":        typ,
		"Problems":    problems,
		"Countries":   sortOptions(lang, countryOpts),
		"Languages":   sortOptions(lang, langOpts),
		"Services":    serviceOptions(lang),
		"Populations": populationOptions(lang),
		"Types":       orgTypeOptions(lang),
		"Curator":     s.db.MayCurateDirectory(r.Context()) == nil,
	}
	if a := actorOf(r); s.db.MayEditDirectory(r.Context(), a.OrgID) == nil && a.OrgID != uuid.Nil {
		data["OwnEdit"] = "/directory/organisations/" + a.OrgID.String() + "/edit"
	}
	for k, v := range extra {
		data[k] = v
	}
	s.render(w, r, status, "admin_directory", data)
}
