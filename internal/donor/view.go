package donor

import (
	"slices"
	"strconv"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/disclosure"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/training"
)

// Translator renders a message code with its parameters in the reader's
// language (the surfaces pass internal/i18n's T).
type Translator func(code string, params map[string]any) string

// View is the report in one language, ready for the page and the PDF.
type View struct {
	Title, Scope, Period, Made string
	MadeAt                     time.Time
	Lead                       string
	Sections                   []ViewSection
	Notes                      []string // who is counted, what is not in the report
}

// ViewSection is one table's title, its tables (margins first) and the
// method printed under it.
type ViewSection struct {
	ID, Title string
	Tables    []ViewTable
	Method    string
}

// ViewTable is a table as printed; Bars are its rows as chart bars (value
// label, count, withheld) for the page's chart.
type ViewTable struct {
	Caption string
	Head    []string
	Rows    [][]string
	Bars    []Bar
}

// Bar is one row of a one-variable table.
type Bar struct {
	Label      string
	Count      int64
	Display    string
	Suppressed bool
}

// order is the register's order of each variable's values.
var order = map[string][]string{
	"gender":         casework.Genders,
	"age_group":      {"0-8", "9-17", "18-29", "30-47", "48+", "minor_presumed", "unknown"},
	"exploitation":   casework.ExploitationTypes,
	"plan_type":      casework.PlanItemTypes,
	"profession":     training.Professions,
	"campaign_level": campaign.Levels,
}

// labels are the message id prefixes of each variable's values: the case
// register's and the programmes' own labels.
var labels = map[string]string{
	"gender": "case.gender.", "age_group": "case.age_group.", "exploitation": "case.exploitation.",
	"plan_type": "case.plan_type.", "profession": "training.profession.", "campaign_level": "campaign.level.",
}

func rank(v, value string) int {
	if i := slices.Index(order[v], value); i >= 0 {
		return i
	}
	return len(order[v])
}

// Label is the label of a value of variable kind.
func Label(tr Translator, kind, value string) string { return tr(labels[kind]+value, nil) }

// View renders r in one language through tr.
func (r Report) View(tr Translator) View {
	v := View{
		Title:  tr("report.donor.title", nil),
		Scope:  tr("report.scope."+string(r.Request.Scope), nil),
		Period: tr("report.period", map[string]any{"from": r.Request.From, "to": r.Request.To}),
		Made:   tr("report.made", map[string]any{"date": r.Made.UTC().Format("2006-01-02")}),
		Lead:   tr("report.donor.lead", nil),
		MadeAt: r.Made,
	}
	for _, s := range r.Sections {
		vs := ViewSection{ID: s.ID, Title: tr("report.section."+s.ID, nil)}
		code, params := s.Release.Message()
		vs.Method = tr(code, params)
		for _, name := range s.Release.Vars {
			vs.Tables = append(vs.Tables, margins(tr, s.Release, name))
		}
		if len(s.Release.Vars) > 1 {
			vs.Tables = append(vs.Tables, cells(tr, s.Release))
		}
		v.Sections = append(v.Sections, vs)
	}
	v.Notes = append(v.Notes, tr("report.note.counted", map[string]any{"excluded": r.Excluded}))
	for _, m := range r.Missing {
		v.Notes = append(v.Notes, tr("report.missing."+m, nil))
	}
	return v
}

// count is a released figure as printed.
func count(tr Translator, c *int64, suppressed bool) string {
	if suppressed || c == nil {
		return disclosure.Mark // the mark the note under the table explains
	}
	return strconv.FormatInt(*c, 10)
}

// margins is the one-variable table of name: each value's released margin,
// then the total.
func margins(tr Translator, rel disclosure.Release, name string) ViewTable {
	t := ViewTable{Caption: tr("report.by."+name, nil),
		Head: []string{tr("report.var."+name, nil), tr("report.count", nil)}}
	var ms []disclosure.Margin
	for _, m := range rel.Margins {
		if m.Var == name {
			ms = append(ms, m)
		}
	}
	slices.SortStableFunc(ms, func(a, b disclosure.Margin) int { return rank(name, a.Value) - rank(name, b.Value) })
	for _, m := range ms {
		label := Label(tr, name, m.Value)
		shown := count(tr, m.Count, m.Suppressed)
		t.Rows = append(t.Rows, []string{label, shown})
		b := Bar{Label: label, Display: shown, Suppressed: m.Suppressed || m.Count == nil}
		if m.Count != nil {
			b.Count = *m.Count
		}
		t.Bars = append(t.Bars, b)
	}
	t.Rows = append(t.Rows, []string{tr("report.total", nil), count(tr, rel.Total.Count, rel.Total.Suppressed)})
	return t
}

// cells is the cross-tabulation, one row per released cell.
func cells(tr Translator, rel disclosure.Release) ViewTable {
	t := ViewTable{Caption: tr("report.cross", nil)}
	for _, name := range rel.Vars {
		t.Head = append(t.Head, tr("report.var."+name, nil))
	}
	t.Head = append(t.Head, tr("report.count", nil))
	cs := slices.Clone(rel.Cells)
	slices.SortStableFunc(cs, func(a, b disclosure.Released) int {
		for i, name := range rel.Vars {
			if d := rank(name, a.Values[i]) - rank(name, b.Values[i]); d != 0 {
				return d
			}
		}
		return 0
	})
	for _, c := range cs {
		var row []string
		for i, name := range rel.Vars {
			row = append(row, Label(tr, name, c.Values[i]))
		}
		t.Rows = append(t.Rows, append(row, count(tr, c.Count, c.Suppressed)))
	}
	return t
}
