package casework

import (
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// PlanItem is one line of the reintegration plan (HTCDS support plan).
type PlanItem struct {
	ID           uuid.UUID
	CaseID       uuid.UUID
	Objective    string
	Type         string // PlanItemTypes
	Domain       string // professional, social, personal
	Provider     string // organisation or service giving it
	PlannedStart string // dates as YYYY-MM-DD
	PlannedEnd   string
	ActualStart  string
	ActualEnd    string
	Status       string // planned, in_progress, done, cancelled
	Outcome      string
	FollowUps    []PlanFollowUp
}

// PlanFollowUp is a dated check on a plan item.
type PlanFollowUp struct {
	At   time.Time
	By   uuid.UUID
	Note string
}

// Validate checks a plan item; an empty Domain takes the type's default.
func (p *PlanItem) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("objective", p.Objective))
	es.Add(valid.MaxLen("objective", p.Objective, MaxShort))
	es.Add(valid.OneOf("type", p.Type, PlanItemTypes...))
	if p.Domain == "" {
		p.Domain = DefaultDomain(p.Type)
	}
	es.Add(valid.OneOf("domain", p.Domain, Domains...))
	es.Add(valid.MaxLen("provider", p.Provider, MaxShort))
	if p.Status == "" {
		p.Status = "planned"
	}
	es.Add(valid.OneOf("status", p.Status, PlanItemStatuses...))
	es.Add(valid.MaxLen("outcome", p.Outcome, MaxNarrative))
	far := today.AddDate(10, 0, 0) // planned dates may lie ahead
	es.Add(Date("planned_start", p.PlannedStart, far))
	es.Add(Date("planned_end", p.PlannedEnd, far))
	es.Add(Date("actual_start", p.ActualStart, today))
	es.Add(Date("actual_end", p.ActualEnd, today))
	es.Add(order("planned_end", p.PlannedStart, p.PlannedEnd))
	es.Add(order("actual_end", p.ActualStart, p.ActualEnd))
	return es
}

func order(field, start, end string) *valid.FieldError {
	s, ok1 := ParseDate(start)
	e, ok2 := ParseDate(end)
	if ok1 && ok2 && e.Before(s) {
		return valid.New(field, RuleDateOrder, nil)
	}
	return nil
}

// Outcomes counts the plan's items by domain and status, the view a
// supervisor and a donor report need.
func Outcomes(items []PlanItem) map[string]map[string]int {
	out := map[string]map[string]int{}
	for _, d := range Domains {
		out[d] = map[string]int{}
	}
	for _, it := range items {
		if out[it.Domain] != nil {
			out[it.Domain][it.Status]++
		}
	}
	return out
}
