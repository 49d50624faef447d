package donor

import (
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Scope is whose work the report covers.
type Scope string

// The scopes: the actor's organisation, or every organisation.
const (
	ScopeOrganisation Scope = "organisation"
	ScopeNetwork      Scope = "network"
)

// Scopes lists the scopes, for forms and the API.
var Scopes = []string{string(ScopeOrganisation), string(ScopeNetwork)}

// MaxYears bounds a period: a longer one is a different report.
const MaxYears = 10

// Rule ids of this package ("error.<rule>" in report.<lang>.toml).
const RulePeriod = "report_period" // Params["years"]: the period is longer than MaxYears

// Request is what the reader asks for: a period (dates as YYYY-MM-DD,
// both days included) and a scope.
type Request struct {
	From, To string
	Scope    Scope
}

// Normalise fills the defaults: the scope is the organisation, the period
// the current year up to today.
func (r *Request) Normalise(today time.Time) {
	if r.Scope == "" {
		r.Scope = ScopeOrganisation
	}
	if r.To == "" {
		r.To = today.Format(time.DateOnly)
	}
	if r.From == "" {
		r.From = time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
	}
}

// Validate checks the request (after Normalise): full dates, not in the
// future, From before To, at most MaxYears, a known scope.
func (r Request) Validate(today time.Time) error {
	var es valid.Errors
	es.Add(valid.OneOf("scope", string(r.Scope), Scopes...))
	for _, d := range []struct{ field, v string }{{"from", r.From}, {"to", r.To}} {
		if _, err := time.Parse(time.DateOnly, d.v); err != nil {
			es.Add(valid.New(d.field, casework.RuleDate, nil))
			continue
		}
		es.Add(casework.Date(d.field, d.v, today))
	}
	if len(es) == 0 {
		from, to := r.Period()
		switch {
		case to.Before(from):
			es.Add(valid.New("to", casework.RuleDateOrder, nil))
		case from.AddDate(MaxYears, 0, 0).Before(to):
			es.Add(valid.New("from", RulePeriod, map[string]any{"years": MaxYears}))
		}
	}
	return es.OrNil()
}

// Period is the first instant of From and the first instant after To (UTC).
func (r Request) Period() (from, until time.Time) {
	from, _ = time.Parse(time.DateOnly, r.From)
	to, _ := time.Parse(time.DateOnly, r.To)
	return from, to.AddDate(0, 0, 1)
}

// Within reports whether a plan date (YYYY-MM-DD, YYYY-MM or YYYY) falls in
// the period: a partial date counts at its first day.
func (r Request) Within(date string) bool {
	t, ok := casework.ParseDate(date)
	if !ok {
		return false
	}
	from, until := r.Period()
	return !t.Before(from) && t.Before(until)
}
