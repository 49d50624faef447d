package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The directory entry form: an organisation's administrators edit their
// own, a coordinator anyone's. Who may is the store's rule
// (MayEditDirectory, UpdateDirectoryProfile): another organisation's entry
// is 404 for an organisation administrator, like every other record.

// spareCountryRows is how many empty country rows the form offers.
const spareCountryRows = 2

// dirForm is the form's state: the profile shown and its input as typed.
type dirForm struct {
	Profile   directory.Profile
	Places    string
	Available string
	Other     string // languages typed by code
}

func (s *Server) loadDirectoryEntry(r *http.Request) (directory.Listing, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return directory.Listing{}, err
	}
	if err := s.db.MayEditDirectory(r.Context(), id); err != nil {
		return directory.Listing{}, err
	}
	return s.db.DirectoryListing(r.Context(), id)
}

// directoryEditForm shows the entry.
func (s *Server) directoryEditForm(w http.ResponseWriter, r *http.Request) {
	l, err := s.loadDirectoryEntry(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := dirForm{Profile: l.Profile, Places: intText(l.Profile.Capacity.Places), Available: intText(l.Profile.Capacity.Available)}
	var other []string
	for _, c := range l.Profile.Languages {
		if !slices.Contains(directory.CommonLanguages, c) {
			other = append(other, c)
		}
	}
	f.Other = strings.Join(other, ", ")
	s.renderDirectoryForm(w, r, http.StatusOK, l.Org, f, nil)
}

// directoryUpdate saves the entry; bad input shows the form again with an
// error summary and saves nothing.
func (s *Server) directoryUpdate(w http.ResponseWriter, r *http.Request) {
	l, err := s.loadDirectoryEntry(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f, es := readDirectoryForm(r, l.Org.ID)
	if len(es) == 0 {
		err := s.db.UpdateDirectoryProfile(r.Context(), f.Profile)
		if err == nil {
			s.flash(r, "directory.edit.saved")
			s.redirect(w, r, "/directory")
			return
		}
		var ok bool
		if es, ok = asFieldErrors(err); !ok {
			s.fail(w, r, err)
			return
		}
	}
	s.renderDirectoryForm(w, r, http.StatusUnprocessableEntity, l.Org, f, es)
}

func intText(n *int) string {
	if n == nil {
		return ""
	}
	return strconv.Itoa(*n)
}

// readDirectoryForm reads the submitted form into a profile; numbers that
// are not whole numbers are reported here (the rest is the store's).
func readDirectoryForm(r *http.Request, org uuid.UUID) (dirForm, valid.Errors) {
	_ = r.ParseForm()
	var f dirForm
	var es valid.Errors
	p := &f.Profile
	p.AcceptsReferrals = r.PostForm.Get("accepts_referrals") == "on"
	for _, code := range r.PostForm["service"] {
		o := directory.Offer{Service: directory.Service(code)}
		for _, q := range r.PostForm["pop_"+code] {
			o.Populations = append(o.Populations, directory.Population(q))
		}
		p.Services = append(p.Services, o)
	}
	for i := 0; i < directory.MaxCountries+spareCountryRows; i++ {
		n := strconv.Itoa(i)
		c := strings.TrimSpace(r.PostForm.Get("country_" + n))
		roles := r.PostForm["roles_"+n]
		if c == "" && len(roles) == 0 {
			if _, present := r.PostForm["country_"+n]; !present {
				break
			}
			continue
		}
		op := directory.Operation{Country: c}
		for _, role := range roles {
			op.Roles = append(op.Roles, directory.Role(role))
		}
		p.Countries = append(p.Countries, op)
	}
	p.Languages = append(p.Languages, r.PostForm["language"]...)
	f.Other = r.PostForm.Get("other_languages")
	for _, c := range strings.FieldsFunc(f.Other, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		p.Languages = append(p.Languages, c)
	}
	for i := 0; i < directory.MaxOpenings+len(directory.Days); i++ { // the rows shown: Validate counts them
		n := strconv.Itoa(i)
		day, present := r.PostForm["day_"+n]
		if !present {
			break
		}
		opens, closes := strings.TrimSpace(r.PostForm.Get("opens_"+n)), strings.TrimSpace(r.PostForm.Get("closes_"+n))
		if opens == "" && closes == "" {
			continue
		}
		p.Hours = append(p.Hours, directory.Opening{Day: directory.Day(day[0]), Opens: opens, Closes: closes})
	}
	number := func(field, raw string) *int {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			return nil
		}
		v, err := strconv.Atoi(raw)
		if err != nil {
			es.Add(valid.New(field, account.RuleRange, map[string]any{"min": 0, "max": directory.MaxPlaces}))
			return nil
		}
		return &v
	}
	f.Places, f.Available = r.PostForm.Get("places"), r.PostForm.Get("available")
	p.Capacity.Places = number("capacity.places", f.Places)
	p.Capacity.Available = number("capacity.available", f.Available)
	p.OrgID = org
	if len(es) > 0 {
		// Report the whole form at once: the profile's own rules too.
		q := *p
		q.Normalise()
		es = append(es, q.Validate()...)
	}
	return f, es
}

type dirChoice struct {
	Value, Label string
	Checked      bool
}

type dirServiceRow struct {
	Code, Label string
	Offered     bool
	Populations []dirChoice
}

type dirCountryRow struct {
	N       int
	Label   string
	Country string
	Roles   []dirChoice
}

type dirHoursRow struct {
	N             int
	Day, Label    string
	Opens, Closes string
}

// renderDirectoryForm shows the entry form for org with f's values and es's
// problems.
func (s *Server) renderDirectoryForm(w http.ResponseWriter, r *http.Request, status int, org account.Organisation, f dirForm, es valid.Errors) {
	lang := langOf(r)
	p := f.Profile
	var services []dirServiceRow
	for _, svc := range directory.Services {
		o, offered := p.Offer(svc)
		row := dirServiceRow{Code: string(svc), Label: serviceLabel(lang, svc), Offered: offered}
		for _, opt := range populationOptions(lang) {
			row.Populations = append(row.Populations, dirChoice{opt.Value, opt.Label, slices.Contains(o.Populations, directory.Population(opt.Value))})
		}
		services = append(services, row)
	}
	roles := dirRoleOptions(lang)
	countryRow := func(n int, op directory.Operation) dirCountryRow {
		row := dirCountryRow{N: n, Country: op.Country,
			Label: s.t(r, "directory.edit.country_row", map[string]any{"N": n + 1})}
		for _, opt := range roles {
			row.Roles = append(row.Roles, dirChoice{opt.Value, opt.Label, slices.Contains(op.Roles, directory.Role(opt.Value))})
		}
		return row
	}
	var countries []dirCountryRow
	for i, op := range p.Countries {
		countries = append(countries, countryRow(i, op))
	}
	for i := 0; i < spareCountryRows; i++ {
		countries = append(countries, countryRow(len(countries), directory.Operation{}))
	}
	var languages []dirChoice
	for _, c := range directory.CommonLanguages {
		languages = append(languages, dirChoice{c, languageName(lang, c), slices.Contains(p.Languages, c)})
	}
	var hours []dirHoursRow
	for _, d := range directory.Days {
		label := s.t(r, "directory.day."+string(d), nil)
		n := 0
		for _, h := range p.Hours {
			if h.Day == d {
				hours = append(hours, dirHoursRow{N: len(hours), Day: string(d), Label: label, Opens: h.Opens, Closes: h.Closes})
				n++
			}
		}
		if n == 0 {
			hours = append(hours, dirHoursRow{N: len(hours), Day: string(d), Label: label})
		}
	}
	summary, byGroup := directoryErrors(lang, es)
	s.render(w, r, status, "directory_edit", map[string]any{
		"Title":          s.t(r, "directory.edit.title", map[string]any{"Name": org.Name}),
		"Action":         "/directory/organisations/" + org.ID.String() + "/edit",
		"Form":           f,
		"Services":       services,
		"Countries":      countries,
		"CountryOptions": countryOptions(lang),
		"Languages":      languages,
		"Hours":          hours,
		"Summary":        summary,
		"Errors":         byGroup,
		"MaxPlaces":      directory.MaxPlaces,
	})
}
