package web

import (
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Labels of the case register's enumerations are "case.<kind>.<value>" in
// locales/case.*.toml; templates use {{T (printf "case.status.%s" .Status)}}.

// caseLabel is the translated label of one value of an enumeration; the raw
// value when the catalogue lacks it (e.g. a value imported from elsewhere).
func caseLabel(lang, kind, value string) string {
	id := "case." + kind + "." + value
	if i18n.Has(lang, id) {
		return i18n.T(lang, id, nil)
	}
	return value
}

// choice is one checkbox or option of an enumeration.
type choice struct {
	Value, Label string
	Checked      bool
}

// caseChoices lists an enumeration's values with labels, marking those in
// selected.
func caseChoices(lang, kind string, values, selected []string) []choice {
	out := make([]choice, len(values))
	for i, v := range values {
		out[i] = choice{Value: v, Label: caseLabel(lang, kind, v), Checked: slices.Contains(selected, v)}
	}
	return out
}

// orgTypeChoices lists the organisation types (labels of the admin pages).
func orgTypeChoices(lang string, selected []string) []choice {
	out := make([]choice, len(account.OrgTypes))
	for i, t := range account.OrgTypes {
		out[i] = choice{Value: string(t), Label: orgTypeLabel(lang, string(t)), Checked: slices.Contains(selected, string(t))}
	}
	return out
}

// countryList names alpha-3 codes in lang, joined for display.
func countryList(lang string, codes []string) []string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = countryName(lang, c)
	}
	return out
}

// routeView is the derived route as a page shows it.
type routeView struct {
	Origin, Transit, Destination []string // country names
	International, Domestic      bool
	Unknown                      bool // origin or destination not known: neither national nor international
	Empty                        bool
}

func newRouteView(lang string, r casework.Route) routeView {
	return routeView{
		Origin: countryList(lang, r.Origin), Transit: countryList(lang, r.Transit),
		Destination: countryList(lang, r.Destination), International: r.International, Domestic: r.Domestic,
		Unknown: r.Scope == casework.RouteUnknown,
		Empty:   len(r.Origin)+len(r.Transit)+len(r.Destination) == 0,
	}
}

// indexed matches a field path with a list index, e.g. "events[2].country".
var indexed = regexp.MustCompile(`\[(\d+)\]`)

// caseFieldMessage is the wording of a validation error on the case pages:
// the rule's text ("case.error.<rule>", then the shared "error.<rule>") with
// the field's label ("case.field.<name>" without list indexes, then the
// shared "field.<name>"), so labels match the form. A row of a list is named
// by its number.
func caseFieldMessage(lang string, fe *valid.FieldError) string {
	name := indexed.ReplaceAllString(fe.Field, "")
	label := name
	for _, id := range []string{"case.field." + name, "field." + name} {
		if i18n.Has(lang, id) {
			label = i18n.T(lang, id, nil)
			break
		}
	}
	if m := indexed.FindStringSubmatch(fe.Field); m != nil {
		n, _ := strconv.Atoi(m[1])
		label = i18n.T(lang, "case.field.row", map[string]any{"Row": n + 1, "Field": label})
	}
	data := map[string]any{"Field": label}
	for k, v := range fe.Params {
		if list, ok := v.([]string); ok {
			v = joinList(list)
		}
		data[k] = v
	}
	for _, id := range []string{"case.error." + fe.Rule, "error." + fe.Rule} {
		if i18n.Has(lang, id) {
			return i18n.T(lang, id, data)
		}
	}
	return i18n.FieldMessage(lang, fe)
}

// caseErrors maps each field to its first message.
func caseErrors(lang string, es valid.Errors) map[string]string {
	out := make(map[string]string, len(es))
	for _, e := range es {
		if _, seen := out[e.Field]; !seen {
			out[e.Field] = caseFieldMessage(lang, e)
		}
	}
	return out
}

// caseID reads the {id} path segment (malformed = not found).
func caseID(r *http.Request) (uuid.UUID, error) { return pathID(r, "id") }

// userNames maps user ids to display names for "who did it" columns. Roles
// that may list the organisation's users get everyone; others know
// themselves only (the rest shows as a colleague).
func (s *Server) userNames(r *http.Request) map[uuid.UUID]string {
	a := actorOf(r)
	names := map[uuid.UUID]string{}
	if st := stateOf(r); st != nil && st.signedIn {
		names[a.UserID] = st.user.DisplayName
	}
	if a.Can(auth.PermUserView) && a.OrgID != uuid.Nil {
		if us, _, err := s.db.ListUsers(r.Context(), a.OrgID); err == nil {
			for _, u := range us {
				names[u.ID] = u.DisplayName
			}
		}
	}
	return names
}

// who names a user for display.
func who(lang string, names map[uuid.UUID]string, id uuid.UUID) string {
	if n, ok := names[id]; ok {
		return n
	}
	if id == uuid.Nil {
		return i18n.T(lang, "case.who.system", nil)
	}
	return i18n.T(lang, "case.who.colleague", nil)
}

// today is the server's date for validation (dates may not lie ahead).
func (s *Server) today() time.Time { return s.now().UTC() }

// displayLanguage names an ISO 639-1 code in lang (CLDR names from
// golang.org/x/text); the code itself when unknown.
func displayLanguage(lang, code string) string {
	if code == "" {
		return ""
	}
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Languages(language.Make(lang)).Name(tag); n != "" {
		return n
	}
	return code
}
