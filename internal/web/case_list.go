package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// listFilter is the list's filter form as typed (query string).
type listFilter struct {
	Status, Exploitation, Country, AgeGroup, AssignedTo, Code, Name string
	Limit                                                           string // page size, when not the default
}

// summaryView is one line of the list: code, never the name.
type summaryView struct {
	store.CaseSummary
	StatusLabel  string
	Gender       string
	AgeGroup     string
	Citizenship  string
	Exploitation []string
	Route        routeView
}

// caseFilterOf reads the list filters from the query; a value outside its
// list is a field error (422), never silently ignored.
func (s *Server) caseFilterOf(r *http.Request) (listFilter, store.CaseFilter, valid.Errors) {
	q := r.URL.Query()
	v := func(k string) string { return strings.TrimSpace(q.Get(k)) }
	lf := listFilter{Status: v("status"), Exploitation: v("exploitation"), Country: v("country"), AgeGroup: v("age_group"),
		AssignedTo: v("assigned_to"), Code: strings.ToUpper(v("code")), Name: v("name")}
	f := store.CaseFilter{Exploitation: lf.Exploitation, Country: lf.Country, AgeGroup: lf.AgeGroup, Code: lf.Code,
		Name: lf.Name, Cursor: v("cursor")}
	var es valid.Errors
	switch lf.Status {
	case "":
	case "open":
		f.Status = []casework.Status{casework.Active, casework.FollowUp}
	case "closed":
		f.Status = []casework.Status{casework.Closed, casework.ClosedReferred}
	default:
		if e := valid.OneOf("status", lf.Status, casework.Statuses...); e != nil {
			es.Add(e)
		} else {
			f.Status = []casework.Status{casework.Status(lf.Status)}
		}
	}
	if lf.Exploitation != "" {
		es.Add(valid.OneOf("exploitation", lf.Exploitation, casework.ExploitationTypes...))
	}
	if lf.AgeGroup != "" {
		es.Add(valid.OneOf("age_group", lf.AgeGroup, store.AgeGroups...))
	}
	if lf.Country != "" {
		if len(lf.Country) != 3 {
			es.Add(valid.New("country", "country", nil))
		}
	}
	switch lf.AssignedTo {
	case "":
	case "me":
		f.AssignedTo = actorOf(r).UserID
	default:
		id, err := uuid.Parse(lf.AssignedTo)
		if err != nil {
			es.Add(valid.New("assigned_to", valid.RuleUUID, nil))
		}
		f.AssignedTo = id
	}
	f.Limit = 50
	if lf.Limit = v("limit"); lf.Limit != "" {
		n, err := strconv.Atoi(lf.Limit)
		if err != nil || n < 1 || n > 200 {
			es.Add(valid.New("limit", "range", map[string]any{"min": 1, "max": 200}))
		}
		f.Limit = n
	}
	return lf, f, es
}

// caseList lists the organisation's cases with filters and cursor
// pagination. Lines show the pseudonymous code only: names appear on the
// case page itself.
func (s *Server) caseList(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	lf, f, es := s.caseFilterOf(r)
	data := map[string]any{
		"Filter":        lf,
		"Statuses":      caseChoices(lang, "status", casework.Statuses, []string{lf.Status}),
		"Exploitations": caseChoices(lang, "exploitation", casework.ExploitationTypes, []string{lf.Exploitation}),
		"AgeGroups":     caseChoices(lang, "age_group", store.AgeGroups, []string{lf.AgeGroup}),
		"Countries":     countryOptions(lang),
		"Workers":       s.workerChoices(r, lf.AssignedTo),
		"CanWrite":      actorOf(r).Can(auth.PermCaseWrite),
		"CanApprove":    actorOf(r).Can(auth.PermCaseApprove),
		"CanExport":     actorOf(r).Can(auth.PermCaseExport) && s.hasRoute("GET", "/cases/export"),
		"CanImport":     actorOf(r).Can(auth.PermCaseWrite) && s.hasRoute("GET", "/cases/import"),
		"FirstURL":      "/cases?" + filterQuery(lf, ""),
		"ExportCSV":     exportURL(lf, "csv"),
		"ExportXLSX":    exportURL(lf, "xlsx"),
		"Errors":        map[string]string{},
	}
	if len(es) > 0 {
		data["Errors"] = caseErrors(lang, es)
		s.render(w, r, http.StatusUnprocessableEntity, "case_list", data)
		return
	}
	page, err := s.db.ListCases(r.Context(), f)
	if fes, ok := asFieldErrors(err); ok {
		data["Errors"] = caseErrors(lang, fes)
		s.render(w, r, http.StatusUnprocessableEntity, "case_list", data)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]summaryView, len(page.Items))
	for i, c := range page.Items {
		items[i] = summaryViewOf(lang, c)
	}
	data["Items"] = items
	data["Total"] = page.Total
	data["TotalCapped"] = page.Total >= store.CaseTotalCap
	data["First"] = f.Cursor != ""
	if page.Next != "" {
		data["NextURL"] = "/cases?" + filterQuery(lf, page.Next)
	}
	s.render(w, r, http.StatusOK, "case_list", data)
}

func summaryViewOf(lang string, c store.CaseSummary) summaryView {
	ex := make([]string, len(c.Exploitation))
	for j, e := range c.Exploitation {
		ex[j] = caseLabel(lang, "exploitation", e)
	}
	v := summaryView{CaseSummary: c, StatusLabel: caseLabel(lang, "status", string(c.Status)),
		AgeGroup: caseLabel(lang, "age_group", c.AgeGroup), Exploitation: ex, Route: newRouteView(lang, c.Route)}
	if c.Gender != "" {
		v.Gender = caseLabel(lang, "gender", c.Gender)
	}
	if c.Citizenship != "" {
		v.Citizenship = countryName(lang, c.Citizenship)
	}
	return v
}

// filterQuery is the list's query string for the same filters (and a
// cursor), for the pagination and export links.
func filterQuery(lf listFilter, cursor string) string {
	q := url.Values{}
	for k, v := range map[string]string{"status": lf.Status, "exploitation": lf.Exploitation, "country": lf.Country,
		"age_group": lf.AgeGroup, "assigned_to": lf.AssignedTo, "code": lf.Code, "name": lf.Name, "limit": lf.Limit, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

// exportURL is the export link for the same filters (whole list, no page).
func exportURL(lf listFilter, format string) string {
	lf.Limit = ""
	q := filterQuery(lf, "")
	if q != "" {
		q += "&"
	}
	return "/cases/export?" + q + "format=" + format
}

// workerChoices are the caseworker filter's options: everyone and "me",
// plus the organisation's users for roles that may list them.
func (s *Server) workerChoices(r *http.Request, selected string) []choice {
	lang := langOf(r)
	out := []choice{{Value: "me", Label: s.t(r, "case.list.assigned_me", nil), Checked: selected == "me"}}
	a := actorOf(r)
	if !a.Can(auth.PermUserView) {
		return out
	}
	us, ms, err := s.db.ListUsers(r.Context(), a.OrgID)
	if err != nil {
		return out
	}
	for i, u := range us {
		if u.ID == a.UserID || (ms[i].Role != auth.Caseworker && ms[i].Role != auth.Supervisor) {
			continue
		}
		out = append(out, choice{Value: u.ID.String(), Label: u.DisplayName + " (" + roleLabel(lang, ms[i].Role) + ")",
			Checked: selected == u.ID.String()})
	}
	return out
}
