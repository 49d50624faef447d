package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casestats"
	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// Case statistics: a table of counts released through disclosure control by
// store.CaseStatistics, the one path a table of cases leaves by. The
// variables, their values and the scopes are the domain's lists
// (internal/casestats), so the document states exactly what the store
// accepts.

// StatsVariable is one variable a table counts by.
type StatsVariable string

// Schema lists the variables.
func (StatsVariable) Schema(huma.Registry) *huma.Schema {
	return enumSchema("A variable cases are counted by.", casestats.Names())
}

// StatsScope is whose cases a table counts.
type StatsScope string

// Schema lists the scopes.
func (StatsScope) Schema(huma.Registry) *huma.Schema {
	return enumSchema("organisation: your organisation's cases; country: every organisation of one country's "+
		"(coordinators and analysts); network: every organisation's (coordinators and analysts).", casestats.Scopes)
}

// StatsCell is one cell: a member per variable of the table, then count
// (null when withheld) and suppressed.
type StatsCell map[string]any

// Schema describes a cell with every variable as an optional member.
func (StatsCell) Schema(huma.Registry) *huma.Schema {
	props := map[string]*huma.Schema{
		"count":      {Type: "integer", Nullable: true, Description: "Cases; null when withheld by disclosure control."},
		"suppressed": {Type: "boolean", Description: "The count is withheld."},
	}
	for _, v := range casestats.Variables {
		s := &huma.Schema{Type: "string", Description: "Present when the table counts by " + v.Name +
			". " + casestats.NotRecorded + " when the case has no value; a case with several values counts under each."}
		if v.Values != nil && !v.Countries {
			for _, x := range append(append([]string(nil), v.Values()...), casestats.NotRecorded) {
				s.Enum = append(s.Enum, x)
			}
		}
		props[v.Name] = s
	}
	return &huma.Schema{Type: "object", Properties: props, Required: []string{"count", "suppressed"}}
}

type statsInput struct {
	By      []StatsVariable `query:"by" required:"true" doc:"One to three variables, separated by commas."`
	Scope   StatsScope      `query:"scope" doc:"Whose cases (default organisation)."`
	Country string          `query:"country" doc:"ISO 3166-1 alpha-3 code, for the country scope."`
}

// StatsTable is a released table.
type StatsTable struct {
	Method   string      `json:"method" doc:"How the table was protected: suppression, differential_privacy or none."`
	K        *int        `json:"k,omitempty" doc:"Suppression: counts below k are withheld, with complementary cells."`
	Epsilon  *float64    `json:"epsilon,omitempty" doc:"Differential privacy: the privacy-loss parameter."`
	Delta    *float64    `json:"delta,omitempty" doc:"Differential privacy: the probability bound of the private selection of cells."`
	Excluded int64       `json:"excluded" doc:"Cases of the scope left out by the rule (no consent to statistics)."`
	Rule     string      `json:"rule" doc:"The rule that chose the cases counted."`
	Scope    string      `json:"scope"`
	Country  string      `json:"country,omitempty"`
	By       []string    `json:"by"`
	Cells    []StatsCell `json:"cells"`
}

type statsOutput struct{ Body StatsTable }

func (s *server) registerStatistics(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "case-statistics", Method: http.MethodGet, Path: "/statistics/cases",
		Tags: []string{"statistics"}, Security: secured,
		Summary:     "Counts of cases by up to three variables, through disclosure control",
		Description: "Only cases whose person consented to statistics are counted; excluded says how many were left out.",
		Errors:      []int{401, 403, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermCaseStatistics)},
	}, s.caseStatistics)
}

func (s *server) caseStatistics(ctx context.Context, in *statsInput) (*statsOutput, error) {
	req := casestats.Request{Scope: string(in.Scope), Country: in.Country}
	for _, b := range in.By {
		req.By = append(req.By, string(b))
	}
	st, err := s.db.CaseStatistics(ctx, req)
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	p := st.Release.Policy
	out := StatsTable{Method: string(p.Method), Excluded: st.Excluded, Rule: st.Rule, Scope: st.Request.Scope,
		Country: st.Request.Country, By: st.Release.Vars, Cells: []StatsCell{}}
	switch p.Method {
	case disclosure.Suppression:
		out.K = &p.K
	case disclosure.Differential:
		out.Epsilon, out.Delta = &p.Epsilon, &p.Delta
	}
	for _, c := range st.Release.Cells {
		cell := StatsCell{"suppressed": c.Suppressed || c.Count == nil, "count": nil}
		if c.Count != nil && !c.Suppressed {
			cell["count"] = *c.Count
		}
		for i, v := range st.Release.Vars {
			cell[v] = c.Values[i]
		}
		out.Cells = append(out.Cells, cell)
	}
	return &statsOutput{Body: out}, nil
}
