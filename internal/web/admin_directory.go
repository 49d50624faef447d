package web

import (
	"net/http"
	"sort"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// directory shows the network's organisations with their public fields
// (every signed-in user), filtered by country and type. The store strips the
// non-public fields for everyone but platform administrators; this page never
// shows them anyway.
func (s *Server) directory(w http.ResponseWriter, r *http.Request) {
	orgs, err := s.db.ListOrganisations(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	lang := langOf(r)
	country := strings.ToUpper(strings.TrimSpace(r.URL.Query().Get("country")))
	typ := strings.TrimSpace(r.URL.Query().Get("type"))

	present := map[string]bool{}
	rows := make([]orgRow, 0, len(orgs))
	for _, o := range orgs {
		present[o.Country] = true
		if (country == "" || o.Country == country) && (typ == "" || string(o.Type) == typ) {
			rows = append(rows, newOrgRow(lang, o))
		}
	}
	// Only the countries where the network has members are worth offering.
	countries := make([]option, 0, len(present))
	for code := range present {
		countries = append(countries, option{Value: code, Label: countryName(lang, code)})
	}
	col := collate.New(language.Make(lang), collate.IgnoreCase)
	sort.Slice(countries, func(i, j int) bool { return col.CompareString(countries[i].Label, countries[j].Label) < 0 })

	s.render(w, r, http.StatusOK, "admin_directory", map[string]any{
		"Title":     s.t(r, "admin.directory.title", nil),
		"Orgs":      rows,
		"Total":     len(orgs),
		"Country":   country,
		"Type":      typ,
		"Countries": countries,
		"Types":     orgTypeOptions(lang),
	})
}
