package web

import (
	"html/template"
	"math"
	"net/http"
	"strconv"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
	"github.com/passerelle-org/passerelle/internal/worldmap"
)

// statsPanel is one chart of a dashboard with its table.
type statsPanel struct {
	ID, Title string
	View      statsView
}

// dashboardCharts are the dashboard's tables, each drawn its own way.
var dashboardCharts = []struct {
	id   string
	by   []string
	draw string // lines, bars, map
}{
	{"years", []string{casestats.Year, casestats.Sex}, "lines"},
	{"exploitation", []string{casestats.Exploitation}, "bars"},
	{"countries", []string{casestats.ExploitationCountry}, "map"},
	{"age", []string{casestats.AgeGroup}, "bars"},
	{"route", []string{casestats.RouteScope}, "bars"},
	{"prosecution", []string{casestats.Prosecution}, "bars"},
}

// statsScopeForm is the scope picker as typed.
type statsScopeForm struct {
	Scope, Country string
	Scopes         []choice
	Countries      []option
	Errors         map[string]string
}

func (s *Server) statsScopeForm(r *http.Request, req casestats.Request, es valid.Errors) statsScopeForm {
	lang := langOf(r)
	f := statsScopeForm{Scope: req.Scope, Country: req.Country}
	for _, sc := range casestats.Scopes {
		if sc != casestats.ScopeOrganisation && !actorOf(r).Can(auth.PermStatisticsNetwork) {
			continue
		}
		f.Scopes = append(f.Scopes, choice{Value: sc, Label: s.t(r, "statistics.scope."+sc, nil), Checked: sc == req.Scope})
	}
	f.Countries = countryOptions(lang)
	if es != nil {
		f.Errors, _ = s.formErrors(r, es)
	}
	return f
}

// statsDashboard is the role's dashboard: the network's figures for
// coordinators and analysts, the organisation's for supervisors.
func (s *Server) statsDashboard(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	base := statsRequest(r, statsDefaultScope(r))
	var panels []statsPanel
	for _, d := range dashboardCharts {
		req := base
		req.By = d.by
		st, err := s.db.CaseStatistics(r.Context(), req)
		if err != nil {
			if es, ok := asFieldErrors(err); ok {
				s.render(w, r, http.StatusUnprocessableEntity, "statistics", map[string]any{
					"Title": s.t(r, "statistics.title", nil), "Form": s.statsScopeForm(r, base, es)})
				return
			}
			s.fail(w, r, err)
			return
		}
		base = st.Request
		v := s.statsViewOf(r, st)
		title := s.t(r, "statistics.chart."+d.id, nil)
		switch d.draw {
		case "lines":
			v.Chart = statsLines(lang, title, v)
		case "map":
			v.Chart = s.statsMap(r, title, v)
		default:
			v.Chart = statsBars(title, v)
		}
		panels = append(panels, statsPanel{ID: d.id, Title: title, View: v})
	}
	s.render(w, r, http.StatusOK, "statistics", map[string]any{
		"Title": s.t(r, "statistics.title", nil), "Intro": s.t(r, "statistics.intro."+base.Scope, nil),
		"Form": s.statsScopeForm(r, base, nil), "Panels": panels,
		"SDG": actorOf(r).Can(auth.PermStatisticsNetwork),
	})
}

// statsTable is a table of the actor's choosing: up to MaxBy variables.
func (s *Server) statsTable(w http.ResponseWriter, r *http.Request) {
	req := statsRequest(r, statsDefaultScope(r))
	data := map[string]any{"Title": s.t(r, "statistics.table.title", nil), "Vars": s.statsVarChoices(r, req.By),
		"SDG": actorOf(r).Can(auth.PermStatisticsNetwork)}
	if len(req.By) == 0 {
		data["Form"] = s.statsScopeForm(r, req, nil)
		s.render(w, r, http.StatusOK, "statistics", data)
		return
	}
	st, err := s.db.CaseStatistics(r.Context(), req)
	if err != nil {
		if es, ok := asFieldErrors(err); ok {
			data["Form"] = s.statsScopeForm(r, req, es)
			s.render(w, r, http.StatusUnprocessableEntity, "statistics", data)
			return
		}
		s.fail(w, r, err)
		return
	}
	v := s.statsViewOf(r, st)
	if len(st.Release.Vars) == 1 {
		v.Chart = statsBars(v.Vars[0], v)
	}
	data["Form"] = s.statsScopeForm(r, st.Request, nil)
	data["View"] = v
	s.render(w, r, http.StatusOK, "statistics", data)
}

// statsVarChoice is one of the table form's selects.
type statsVarChoice struct {
	Index   int
	Options []choice
}

func (s *Server) statsVarChoices(r *http.Request, by []string) []statsVarChoice {
	lang := langOf(r)
	out := make([]statsVarChoice, casestats.MaxBy)
	for i := range out {
		out[i].Index = i + 1
		sel := ""
		if i < len(by) {
			sel = by[i]
		}
		out[i].Options = append(out[i].Options, choice{Value: "", Label: s.t(r, "statistics.table.none", nil), Checked: sel == ""})
		for _, name := range casestats.Names() {
			out[i].Options = append(out[i].Options, choice{Value: name, Label: statsVarLabel(lang, name), Checked: name == sel})
		}
	}
	return out
}

// statsBars draws a one-variable table (the first variable's values) as
// bars; with more variables it draws nothing (the table stands alone).
func statsBars(title string, v statsView) (out template.HTML) {
	if len(v.Names) != 1 {
		return ""
	}
	c := chart.BarChart{Title: title, Unit: v.Header}
	for _, row := range v.Rows {
		c.Bars = append(c.Bars, chart.Bar{Label: row.Values[0], Value: float64(row.N), Display: row.Count, Suppressed: row.Suppressed})
	}
	return chart.Bars(c)
}

// statsLines draws a table by year and another variable as one line per
// value of the other variable.
func statsLines(lang, title string, v statsView) template.HTML {
	var years []string
	yearAt := map[string]int{}
	series := map[string]*chart.Series{}
	var order []string
	for _, row := range v.Rows {
		if _, ok := yearAt[row.Raw[0]]; !ok {
			yearAt[row.Raw[0]] = len(years)
			years = append(years, row.Values[0])
		}
	}
	for _, row := range v.Rows {
		key := row.Values[1]
		sr, ok := series[key]
		if !ok {
			sr = &chart.Series{Label: key, Values: make([]float64, len(years)), Missing: make([]bool, len(years)),
				Display: make([]string, len(years))}
			for i := range sr.Missing {
				sr.Missing[i] = false
				sr.Display[i] = i18n.Number(lang, 0, 0)
			}
			series[key] = sr
			order = append(order, key)
		}
		i := yearAt[row.Raw[0]]
		sr.Values[i], sr.Missing[i], sr.Display[i] = float64(row.N), row.Suppressed, row.Count
	}
	c := chart.LineChart{Title: title, X: years, Unit: v.Header,
		YFormat: func(f float64) string { return i18n.Number(lang, f, 0) }}
	for _, k := range order {
		c.Series = append(c.Series, *series[k])
	}
	return chart.Lines(c)
}

// statsMap draws a table by country as a choropleth.
func (s *Server) statsMap(r *http.Request, title string, v statsView) template.HTML {
	lang := langOf(r)
	m := worldmap.ChoroplethMap{Title: title, Values: map[string]float64{}, Display: map[string]string{},
		Names: map[string]string{}, NoData: s.t(r, "statistics.map.no_data", nil),
		Suppressed: s.t(r, "statistics.map.suppressed", nil)}
	for _, row := range v.Rows {
		cc := row.Raw[0]
		if cc == casestats.NotRecorded {
			continue
		}
		m.Names[cc] = row.Values[0]
		m.Display[cc] = row.Count
		if !row.Suppressed {
			m.Values[cc] = float64(row.N)
		}
	}
	if len(m.Values) == 0 {
		return ""
	}
	classes := min(5, len(m.Values))
	m.Classes = classes
	breaks := worldmap.QuantileBreaks(m.Values, classes)
	m.Breaks = breaks
	for _, b := range worldmap.ClassBounds(m.Values, breaks) {
		if math.IsNaN(b[0]) {
			m.Legend = append(m.Legend, "–") // an empty class
			continue
		}
		m.Legend = append(m.Legend, s.t(r, "statistics.map.class", map[string]any{
			"From": i18n.Number(lang, b[0], 0), "To": i18n.Number(lang, b[1], 0)}))
	}
	return worldmap.Choropleth(m)
}

// statsSDG is SDG indicator 16.2.2 for a country and year.
func (s *Server) statsSDG(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	pops := s.populations
	q := r.URL.Query()
	cc := q.Get("country")
	if cc == "" && len(pops) > 0 {
		cc = pops.Countries()[0]
	}
	year, _ := strconv.Atoi(q.Get("year"))
	years := pops.Years(cc)
	if year == 0 && len(years) > 0 {
		year = years[0]
	}
	data := map[string]any{"Title": s.t(r, "statistics.sdg.title", nil), "Country": cc, "Year": year}
	var countries []option
	for _, c := range pops.Countries() {
		countries = append(countries, option{Value: c, Label: countryName(lang, c)})
	}
	var yearOpts []option
	for _, y := range years {
		yearOpts = append(yearOpts, option{Value: strconv.Itoa(y), Label: strconv.Itoa(y)})
	}
	data["Countries"], data["Years"] = countries, yearOpts
	pop, ok := pops.Of(cc, year)
	if !ok {
		data["NoPopulation"] = true
		s.render(w, r, http.StatusOK, "statistics_sdg", data)
		return
	}
	data["Population"] = i18n.Number(lang, float64(pop), 0)
	var tables []sdgTable
	for _, by := range casestats.SDGBy {
		st, err := s.db.CaseStatistics(r.Context(), casestats.Request{By: []string{casestats.Year, by},
			Scope: casestats.ScopeCountry, Country: cc})
		if err != nil {
			s.fail(w, r, err)
			return
		}
		t := sdgTable{Title: s.t(r, "statistics.sdg.by."+by, nil), Var: statsVarLabel(lang, by), Note: s.statsNoteOf(r, st)}
		for _, row := range s.statsViewOf(r, st).Rows {
			if row.Raw[0] != strconv.Itoa(year) {
				continue
			}
			sr := sdgRow{Value: row.Values[1], Count: row.Count, Rate: row.Count}
			if !row.Suppressed {
				sr.Rate = i18n.Number(lang, casestats.Rate(row.N, pop), 2)
			}
			t.Rows = append(t.Rows, sr)
		}
		tables = append(tables, t)
	}
	data["Tables"] = tables
	s.render(w, r, http.StatusOK, "statistics_sdg", data)
}

type sdgTable struct {
	Title, Var string
	Rows       []sdgRow
	Note       statsNote
}

type sdgRow struct{ Value, Count, Rate string }
