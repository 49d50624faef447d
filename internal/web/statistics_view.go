package web

import (
	"html/template"
	"net/http"
	"net/url"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
)

// statsKind is the case catalogue's kind of each variable's values
// ("case.<kind>.<value>"); variables not listed have labels of their own.
var statsKind = map[string]string{
	casestats.Sex: "gender", casestats.AgeGroup: "age_group", casestats.Exploitation: "exploitation",
	casestats.LabourIndustry: "industry", casestats.MeansOfControl: "control", casestats.Status: "status",
	casestats.TraffickingStatus: "trafficking_status", casestats.Services: "plan_type",
	casestats.Investigation: "proceeding", casestats.Prosecution: "proceeding",
}

// statsValue is the label of one value of variable v in lang.
func statsValue(lang, v, value string) string {
	if value == casestats.NotRecorded {
		return i18n.T(lang, "statistics.value.not_recorded", nil)
	}
	switch v {
	case casestats.Citizenship, casestats.ExploitationCountry:
		return countryName(lang, value)
	case casestats.Route:
		if o, d, ok := strings.Cut(value, casestats.RouteSeparator); ok {
			return countryName(lang, o) + " → " + countryName(lang, d)
		}
	case casestats.RouteScope:
		return i18n.T(lang, "statistics.route_scope."+value, nil)
	}
	if k, ok := statsKind[v]; ok {
		return caseLabel(lang, k, value)
	}
	return value
}

// statsVarLabel is the name of a variable in lang.
func statsVarLabel(lang, v string) string { return i18n.T(lang, "statistics.var."+v, nil) }

// statsRow is one cell of a released table as a page shows it.
type statsRow struct {
	Values     []string // labels, one per variable
	Raw        []string // the values themselves
	Count      string   // formatted, or the suppression mark
	N          int64
	Suppressed bool
}

// statsNote is what is printed under every table: how it was protected
// (the disclosure package's note), and which cases it counts.
type statsNote struct {
	Method, Rule, Excluded string
}

// statsView is a released table ready for a page.
type statsView struct {
	Vars   []string // labels
	Names  []string // variable names
	Rows   []statsRow
	Note   statsNote
	CSV    string
	XLSX   string
	Chart  template.HTML
	Scope  string
	Header string // the count column's heading
}

func (s *Server) statsViewOf(r *http.Request, st store.CaseStats) statsView {
	lang := langOf(r)
	v := statsView{Names: st.Release.Vars, Header: s.t(r, "statistics.count", nil)}
	for _, name := range st.Release.Vars {
		v.Vars = append(v.Vars, statsVarLabel(lang, name))
	}
	for _, c := range st.Release.Cells {
		row := statsRow{Raw: c.Values, Suppressed: c.Suppressed || c.Count == nil}
		for i, x := range c.Values {
			row.Values = append(row.Values, statsValue(lang, st.Release.Vars[i], x))
		}
		if row.Suppressed {
			row.Count = disclosure.Mark
		} else {
			row.N = *c.Count
			row.Count = i18n.Number(lang, float64(row.N), 0)
		}
		v.Rows = append(v.Rows, row)
	}
	v.Note = s.statsNoteOf(r, st)
	q := statsQuery(st.Request)
	v.CSV, v.XLSX = "/statistics/cases.csv?"+q, "/statistics/cases.xlsx?"+q
	v.Scope = st.Request.Scope
	return v
}

func (s *Server) statsNoteOf(r *http.Request, st store.CaseStats) statsNote {
	id, params := st.Release.Message()
	return statsNote{Method: s.t(r, id, params), Rule: s.t(r, "statistics.rule."+st.Rule, nil),
		Excluded: s.t(r, "statistics.excluded", map[string]any{"N": i18n.Number(langOf(r), float64(st.Excluded), 0)})}
}

// statsQuery is the query string that asks for req again.
func statsQuery(req casestats.Request) string {
	q := url.Values{}
	q.Set("by", strings.Join(req.By, ","))
	q.Set("scope", req.Scope)
	if req.Country != "" {
		q.Set("country", req.Country)
	}
	return q.Encode()
}

// statsRequest reads a table's request from the query string: "by" as a
// comma-separated list or repeated (the form's selects; empty ones are
// skipped), "scope", "country".
func statsRequest(r *http.Request, defaultScope string) casestats.Request {
	q := r.URL.Query()
	var by []string
	for _, b := range q["by"] {
		if b = strings.TrimSpace(b); b != "" {
			by = append(by, b)
		}
	}
	req := casestats.Request{By: by, Scope: q.Get("scope"), Country: strings.ToUpper(strings.TrimSpace(q.Get("country")))}
	if req.Scope == "" {
		req.Scope = defaultScope
	}
	return req
}

// statsDefaultScope is the widest scope the actor may count in.
func statsDefaultScope(r *http.Request) string {
	if actorOf(r).Can(auth.PermStatisticsNetwork) {
		return casestats.ScopeNetwork
	}
	return casestats.ScopeOrganisation
}
