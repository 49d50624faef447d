package plan

import (
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Status is where an activity stands, as its owner records it.
type Status string

// The statuses.
const (
	Planned    Status = "planned"
	InProgress Status = "in_progress"
	Done       Status = "done"
	Cancelled  Status = "cancelled"
)

// Statuses lists the statuses in the order forms show them.
var Statuses = []string{string(Planned), string(InProgress), string(Done), string(Cancelled)}

// Currencies are the ISO 4217 codes a budget may be in: the CFA francs of
// West and Central Africa, the currencies of the corridor's countries and of
// the main donors.
var Currencies = []string{"XOF", "XAF", "EUR", "USD", "GBP", "CHF", "CAD", "SEK", "NOK", "DKK", "NGN", "GHS", "MAD"}

// Lengths, in characters.
const (
	MaxTitle       = 300 // a plan's, objective's, activity's, indicator's or project's title
	MaxAgency      = 200 // an activity's responsible agency, a project's donor
	MaxUnit        = 50  // an indicator's unit ("%", "people trained")
	MaxIATIRef     = 150 // an IATI activity or organisation identifier
	MaxValues      = 200 // values of one indicator
	DateLayout     = "2006-01-02"
	minYear        = 1990
	maxYear        = 2100
	currencyLength = 3
)

// Rule ids of this package (the field errors' Rule). Each has a text under
// "plan.error.<rule>" and "api.rule.<rule>" in both catalogues.
const (
	RuleDate           = "plan_date"             // not a calendar day YYYY-MM-DD between 1990 and 2100
	RuleEndBeforeStart = "plan_end_before_start" // the end is before the start
	RuleNegative       = "plan_negative"         // a budget below zero
	RuleNumber         = "plan_number"           // not a number
	RuleDecimals       = "plan_decimals"         // more than two decimals
	RuleTooLarge       = "plan_too_large"        // beyond MaxDecimal
	RuleCurrency       = "plan_currency"         // a budget without its currency
	RuleIATIRef        = "plan_iati_ref"         // not an IATI identifier (letters, digits, - . _)
	RulePeriod         = "plan_period"           // not a period: YYYY, YYYY-MM or YYYY-MM-DD
	RuleNotInPlan      = "plan_not_in_plan"      // an objective or project of another plan
)

// Rules lists the rule ids above.
var Rules = []string{RuleDate, RuleEndBeforeStart, RuleNegative, RuleNumber, RuleDecimals, RuleTooLarge,
	RuleCurrency, RuleIATIRef, RulePeriod, RuleNotInPlan}

// Plan is a national action plan of one country over a period.
type Plan struct {
	ID       uuid.UUID
	OrgID    uuid.UUID // the organisation that keeps it (the coordinating ministry or secretariat)
	Country  string    // ISO 3166-1 alpha-3
	Title    string
	StartsOn string // YYYY-MM-DD
	EndsOn   string // YYYY-MM-DD
	// IATIOrgRef is the keeping organisation's IATI organisation identifier
	// (reporting-org/@ref), optional; the IATI file derives one when empty.
	IATIOrgRef string
	CreatedAt  time.Time
}

// Objective is one aim of a plan; activities and indicators may belong to it.
type Objective struct {
	ID     uuid.UUID
	PlanID uuid.UUID
	Title  string
}

// Activity is one thing the plan commits an agency to do.
type Activity struct {
	ID          uuid.UUID
	PlanID      uuid.UUID
	ObjectiveID uuid.UUID // uuid.Nil: none
	ProjectID   uuid.UUID // uuid.Nil: not donor-funded
	Title       string
	Responsible string // the agency in charge
	Budget      Decimal
	Currency    string // required when Budget is not zero
	StartsOn    string
	DueOn       string
	Status      Status
	AtRisk      bool // flagged by a person following the plan
}

// Indicator measures an objective (or the plan when ObjectiveID is Nil).
type Indicator struct {
	ID          uuid.UUID
	PlanID      uuid.UUID
	ObjectiveID uuid.UUID
	Name        string
	Unit        string
	Baseline    Decimal
	Target      Decimal
	Values      []Value // by period, earliest first
}

// Value is an indicator's figure for one period.
type Value struct {
	Period string // YYYY, YYYY-MM or YYYY-MM-DD; it stands for its last day
	Value  Decimal
}

// Project is a donor-funded project that carries some of the plan's
// activities; it is what the IATI file publishes.
type Project struct {
	ID             uuid.UUID
	PlanID         uuid.UUID
	Donor          string // the funding organisation's name
	DonorRef       string // its IATI organisation identifier, optional
	Title          string
	Budget         Decimal
	Currency       string
	IATIIdentifier string // the activity's IATI identifier, optional; derived when empty
	StartsOn       string
	EndsOn         string
}

// Detail is a plan with everything it holds.
type Detail struct {
	Plan       Plan
	Objectives []Objective
	Activities []Activity
	Indicators []Indicator
	Projects   []Project
}

// Validate checks a plan as typed and trims its texts.
func (p *Plan) Validate() valid.Errors {
	p.Title, p.Country, p.IATIOrgRef = strings.TrimSpace(p.Title), strings.ToUpper(strings.TrimSpace(p.Country)), strings.TrimSpace(p.IATIOrgRef)
	var es valid.Errors
	if e := valid.Required("country", p.Country); e != nil {
		es.Add(e)
	} else {
		if !country.Offered(p.Country) {
			es.Add(valid.New("country", account.RuleCountry, nil))
		}
	}
	es.Add(text("title", p.Title, MaxTitle))
	es.Add(period("starts_on", p.StartsOn, "ends_on", p.EndsOn)...)
	es.Add(iatiRef("iati_org_ref", p.IATIOrgRef))
	return es
}

// Validate checks an objective and trims its title.
func (o *Objective) Validate() valid.Errors {
	o.Title = strings.TrimSpace(o.Title)
	var es valid.Errors
	es.Add(text("title", o.Title, MaxTitle))
	return es
}

// Validate checks an activity as typed, trims its texts and makes an empty
// status planned.
func (a *Activity) Validate() valid.Errors {
	a.Title, a.Responsible = strings.TrimSpace(a.Title), strings.TrimSpace(a.Responsible)
	a.Currency = strings.ToUpper(strings.TrimSpace(a.Currency))
	if a.Status == "" {
		a.Status = Planned
	}
	var es valid.Errors
	es.Add(text("title", a.Title, MaxTitle), text("responsible", a.Responsible, MaxAgency))
	es.Add(budget("budget", a.Budget, "currency", a.Currency, false)...)
	es.Add(period("starts_on", a.StartsOn, "due_on", a.DueOn)...)
	es.Add(oneOf("status", string(a.Status), Statuses))
	return es
}

// Validate checks an indicator's name, unit and figures.
func (i *Indicator) Validate() valid.Errors {
	i.Name, i.Unit = strings.TrimSpace(i.Name), strings.TrimSpace(i.Unit)
	var es valid.Errors
	es.Add(text("name", i.Name, MaxTitle), valid.MaxLen("unit", i.Unit, MaxUnit))
	es.Add(bounded("baseline", i.Baseline), bounded("target", i.Target))
	return es
}

// Validate checks a value of an indicator.
func (v *Value) Validate() valid.Errors {
	v.Period = strings.TrimSpace(v.Period)
	var es valid.Errors
	if e := valid.Required("period", v.Period); e != nil {
		es.Add(e)
	} else if _, ok := PeriodEnd(v.Period); !ok {
		es.Add(valid.New("period", RulePeriod, nil))
	}
	es.Add(bounded("value", v.Value))
	return es
}

// Validate checks a project as typed and trims its texts.
func (p *Project) Validate() valid.Errors {
	p.Donor, p.DonorRef, p.Title = strings.TrimSpace(p.Donor), strings.TrimSpace(p.DonorRef), strings.TrimSpace(p.Title)
	p.IATIIdentifier = strings.TrimSpace(p.IATIIdentifier)
	p.Currency = strings.ToUpper(strings.TrimSpace(p.Currency))
	var es valid.Errors
	es.Add(text("donor", p.Donor, MaxAgency), iatiRef("donor_ref", p.DonorRef), text("title", p.Title, MaxTitle))
	es.Add(budget("budget", p.Budget, "currency", p.Currency, true)...)
	es.Add(iatiRef("iati_identifier", p.IATIIdentifier))
	es.Add(period("starts_on", p.StartsOn, "ends_on", p.EndsOn)...)
	return es
}

func text(field, s string, max int) *valid.FieldError {
	if e := valid.Required(field, s); e != nil {
		return e
	}
	return valid.MaxLen(field, s, max)
}

func oneOf(field, v string, allowed []string) *valid.FieldError {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	return valid.New(field, valid.RuleOneOf, map[string]any{"allowed": append([]string(nil), allowed...)})
}

func bounded(field string, d Decimal) *valid.FieldError {
	if d > MaxDecimal || d < -MaxDecimal {
		return valid.New(field, RuleTooLarge, nil)
	}
	return nil
}

// budget checks an amount and its currency: never negative, a currency from
// the list whenever one is given, and one required when the amount is not
// zero (or always, when needCurrency).
func budget(field string, d Decimal, curField, cur string, needCurrency bool) []*valid.FieldError {
	var out []*valid.FieldError
	switch {
	case d < 0:
		out = append(out, valid.New(field, RuleNegative, nil))
	case d > MaxDecimal:
		out = append(out, valid.New(field, RuleTooLarge, nil))
	}
	switch {
	case cur != "":
		if e := oneOf(curField, cur, Currencies); e != nil {
			out = append(out, e)
		}
	case needCurrency:
		out = append(out, valid.New(curField, valid.RuleRequired, nil))
	case d != 0:
		out = append(out, valid.New(curField, RuleCurrency, nil))
	}
	return out
}

// period checks two required days and that the second is not before the first.
func period(startField, start, endField, end string) []*valid.FieldError {
	var out []*valid.FieldError
	s, okS := day(startField, start, &out)
	e, okE := day(endField, end, &out)
	if okS && okE && e.Before(s) {
		out = append(out, valid.New(endField, RuleEndBeforeStart, nil))
	}
	return out
}

func day(field, v string, out *[]*valid.FieldError) (time.Time, bool) {
	if e := valid.Required(field, v); e != nil {
		*out = append(*out, e)
		return time.Time{}, false
	}
	t, ok := ParseDay(v)
	if !ok {
		*out = append(*out, valid.New(field, RuleDate, nil))
	}
	return t, ok
}

// ParseDay reads a calendar day YYYY-MM-DD between 1990 and 2100.
func ParseDay(s string) (time.Time, bool) {
	t, err := time.Parse(DateLayout, s)
	if err != nil || t.Year() < minYear || t.Year() > maxYear {
		return time.Time{}, false
	}
	return t, true
}

// PeriodEnd is the last day of a period: 2025 gives 2025-12-31, 2025-06
// gives 2025-06-30, a day gives itself.
func PeriodEnd(p string) (time.Time, bool) {
	switch len(p) {
	case 4:
		if t, err := time.Parse("2006", p); err == nil && t.Year() >= minYear && t.Year() <= maxYear {
			return t.AddDate(1, 0, -1), true
		}
	case 7:
		if t, err := time.Parse("2006-01", p); err == nil && t.Year() >= minYear && t.Year() <= maxYear {
			return t.AddDate(0, 1, -1), true
		}
	case len(DateLayout):
		return ParseDay(p)
	}
	return time.Time{}, false
}

// iatiRef accepts "" or an identifier made of letters, digits and - . _ (no
// spaces nor the characters IATI forbids: / & | ?).
func iatiRef(field, s string) *valid.FieldError {
	if s == "" {
		return nil
	}
	if e := valid.MaxLen(field, s, MaxIATIRef); e != nil {
		return e
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '_') {
			return valid.New(field, RuleIATIRef, nil)
		}
	}
	return nil
}
