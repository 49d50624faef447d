package web

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// dirRow is one organisation as the directory page shows it, every code
// already put into the reader's language.
type dirRow struct {
	orgRow
	Accepting  bool
	Remote     bool // an organisation of a peer deployment
	HasProfile bool
	Services   []dirService
	Countries  []string // "Niger: transit country"
	Languages  string   // "English, French, Hausa"
	Hours      []string // "Monday 09:00–17:00"
	Capacity   string
	EditURL    string // set when the reader may edit this entry
}

type dirService struct{ Label, For string }

func (s *Server) newDirRow(r *http.Request, l directory.Listing) dirRow {
	lang := langOf(r)
	p := l.Profile
	row := dirRow{orgRow: newOrgRow(lang, l.Org), Accepting: p.AcceptsReferrals, Remote: l.Remote, HasProfile: !p.UpdatedAt.IsZero()}
	for _, o := range p.Services {
		row.Services = append(row.Services, dirService{Label: serviceLabel(lang, o.Service), For: populationsText(lang, o.Populations)})
	}
	for _, c := range p.Countries {
		roles := make([]string, len(c.Roles))
		for i, role := range c.Roles {
			roles[i] = i18n.T(lang, "directory.role."+string(role), nil)
		}
		row.Countries = append(row.Countries, i18n.T(lang, "directory.country_roles",
			map[string]any{"Country": countryName(lang, c.Country), "Roles": strings.Join(roles, ", ")}))
	}
	names := make([]string, len(p.Languages))
	for i, c := range p.Languages {
		names[i] = languageName(lang, c)
	}
	row.Languages = strings.Join(names, ", ")
	row.Hours = hoursLines(lang, p.Hours)
	row.Capacity = capacityText(lang, p.Capacity)
	if s.db.MayEditDirectory(r.Context(), l.Org.ID) == nil {
		row.EditURL = "/directory/organisations/" + l.Org.ID.String() + "/edit"
	}
	return row
}

func serviceLabel(lang string, s directory.Service) string {
	return i18n.T(lang, "directory.service."+string(s), nil)
}

func populationsText(lang string, ps []directory.Population) string {
	if len(ps) == 0 {
		return i18n.T(lang, "directory.population.everyone", nil)
	}
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = i18n.T(lang, "directory.population."+string(p), nil)
	}
	return strings.Join(out, ", ")
}

func capacityText(lang string, c directory.Capacity) string {
	switch {
	case c.Places != nil && c.Available != nil:
		return i18n.T(lang, "directory.places_free", map[string]any{"Places": *c.Places, "Free": *c.Available})
	case c.Places != nil:
		return i18n.T(lang, "directory.places", map[string]any{"Places": *c.Places})
	case c.Available != nil:
		return i18n.T(lang, "directory.free", map[string]any{"Free": *c.Available})
	}
	return ""
}

// languageName is the name of an ISO 639 code in lang, from CLDR; the code
// when CLDR has none.
func languageName(lang, code string) string {
	b, err := language.ParseBase(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.Make(lang)).Name(b); n != "" {
		return n
	}
	return code
}

// sortOptions sorts options by label as lang sorts.
func sortOptions(lang string, opts []option) []option {
	col := collate.New(language.Make(lang), collate.IgnoreCase)
	slices.SortFunc(opts, func(a, b option) int { return col.CompareString(a.Label, b.Label) })
	return opts
}

func serviceOptions(lang string) []option {
	out := make([]option, len(directory.Services))
	for i, s := range directory.Services {
		out[i] = option{Value: string(s), Label: serviceLabel(lang, s)}
	}
	return out
}

func populationOptions(lang string) []option {
	out := make([]option, len(directory.Populations))
	for i, p := range directory.Populations {
		out[i] = option{Value: string(p), Label: i18n.T(lang, "directory.population."+string(p), nil)}
	}
	return out
}

func dirRoleOptions(lang string) []option {
	out := make([]option, len(directory.Roles))
	for i, role := range directory.Roles {
		out[i] = option{Value: string(role), Label: i18n.T(lang, "directory.role."+string(role), nil)}
	}
	return out
}

// dirError is one line of a form's error summary: the message and the id of
// the field it links to.
type dirError struct{ Anchor, Message string }

// directoryErrors words the profile's errors for the form: one summary line
// each, linked to the group of fields it is about (services, countries,
// languages, hours, capacity-places, capacity-available), and the messages
// by group for the fields themselves.
func directoryErrors(lang string, es valid.Errors) ([]dirError, map[string][]string) {
	var list []dirError
	byGroup := map[string][]string{}
	for _, e := range es {
		group := e.Field
		if i := strings.IndexAny(group, "[."); i > 0 && !strings.HasPrefix(group, "capacity.") {
			group = group[:i]
		}
		fe := *e
		fe.Field = group
		msg := i18n.FieldMessage(lang, &fe, "directory.")
		// A country's row is the one the form shows with that number;
		// other lists are shown in another order than they are checked in.
		if n := rowOf(e.Field); n > 0 && group == "countries" {
			msg += " (" + strconv.Itoa(n) + ")"
		}
		anchor := strings.ReplaceAll(group, ".", "-")
		list = append(list, dirError{Anchor: anchor, Message: msg})
		byGroup[anchor] = append(byGroup[anchor], msg)
	}
	return list, byGroup
}

// rowOf is the 1-based row of "countries[2].roles" (3), 0 without one.
func rowOf(field string) int {
	i := strings.IndexByte(field, '[')
	j := strings.IndexByte(field, ']')
	if i < 0 || j < i {
		return 0
	}
	n, err := strconv.Atoi(field[i+1 : j])
	if err != nil {
		return 0
	}
	return n + 1
}

// hoursLines words opening hours for people: days in a row with the same
// times share a line ("Monday to Friday 09:00–17:00"), and 00:00–24:00 is
// "open 24 hours".
func hoursLines(lang string, hs []directory.Opening) []string {
	times := map[directory.Day]string{}
	for _, h := range hs {
		t := h.Opens + "–" + h.Closes
		if h.Opens == "00:00" && h.Closes == "24:00" {
			t = i18n.T(lang, "directory.all_day", nil)
		}
		if times[h.Day] != "" {
			t = times[h.Day] + ", " + t
		}
		times[h.Day] = t
	}
	day := func(d directory.Day) string { return i18n.T(lang, "directory.day."+string(d), nil) }
	var out []string
	for i := 0; i < len(directory.Days); {
		d := directory.Days[i]
		t := times[d]
		j := i + 1
		for j < len(directory.Days) && t != "" && times[directory.Days[j]] == t {
			j++
		}
		switch {
		case t == "":
		case j-i == 1:
			out = append(out, day(d)+" "+t)
		default:
			out = append(out, i18n.T(lang, "directory.days_range", map[string]any{"From": day(d), "To": day(directory.Days[j-1])})+" "+t)
		}
		i = j
	}
	return out
}
