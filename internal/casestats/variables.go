package casestats

import (
	"slices"
	"strings"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The variables, by name (the API's "by" values and the tables' column names).
const (
	Year                = "year"                 // year of identification: the year the case was opened
	Sex                 = "sex"                  // casework.Genders
	AgeGroup            = "age_group"            // casework.Case.AgeGroup
	Citizenship         = "citizenship"          // ISO alpha-3
	ExploitationCountry = "exploitation_country" // countries of exploitation (several)
	Route               = "route"                // origin>destination pairs (several); none when either end is unknown
	RouteScope          = "route_scope"          // casework.RouteScope: domestic, international, unknown
	Exploitation        = "exploitation"         // forms of exploitation (several)
	LabourIndustry      = "labour_industry"      // ISIC section
	MeansOfControl      = "means_of_control"     // (several)
	Status              = "status"               // the case's status
	TraffickingStatus   = "trafficking_status"   // possible, actual, not a victim
	Services            = "services"             // plan items delivered: in progress or done (several)
	Investigation       = "investigation"        // casework.ProceedingStatuses
	Prosecution         = "prosecution"          // casework.ProceedingStatuses
)

// NotRecorded is the value of a case that has none for a variable.
const NotRecorded = "not_recorded"

// RouteSeparator joins a route's origin and destination ("NGA>FRA").
const RouteSeparator = ">"

// MaxBy bounds the variables of one table.
const MaxBy = 3

// Variable is one thing cases are counted by.
type Variable struct {
	Name string
	// Multi: a case may hold several values (each counts it once), so a
	// table's cells may add up to more than its cases.
	Multi bool
	// Values are the known values in the order tables show them; nil for an
	// open list (years), sorted as text. NotRecorded comes last in any case.
	Values func() []string
	// Countries: the values are ISO alpha-3 codes (a map can show them).
	Countries bool
}

// Variables is the one list, in the order forms offer them.
var Variables = []Variable{
	{Name: Year},
	{Name: Sex, Values: fixed(casework.Genders)},
	{Name: AgeGroup, Values: fixed(casework.AgeGroups)},
	{Name: Citizenship, Values: countries, Countries: true},
	{Name: ExploitationCountry, Multi: true, Values: countries, Countries: true},
	{Name: Route, Multi: true},
	{Name: RouteScope, Values: fixed(casework.RouteScopes)},
	{Name: Exploitation, Multi: true, Values: fixed(casework.ExploitationTypes)},
	{Name: LabourIndustry, Values: fixed(casework.LabourIndustries)},
	{Name: MeansOfControl, Multi: true, Values: fixed(casework.MethodsOfControl)},
	{Name: Status, Values: fixed(casework.Statuses)},
	{Name: TraffickingStatus, Values: fixed(casework.TraffickingStatuses)},
	{Name: Services, Multi: true, Values: fixed(casework.PlanItemTypes)},
	{Name: Investigation, Values: fixed(casework.ProceedingStatuses)},
	{Name: Prosecution, Values: fixed(casework.ProceedingStatuses)},
}

func fixed(vs []string) func() []string { return func() []string { return vs } }

func countries() []string { return country.All() }

// Names lists the variables' names, in order.
func Names() []string {
	out := make([]string, len(Variables))
	for i, v := range Variables {
		out[i] = v.Name
	}
	return out
}

// Lookup returns the variable called name.
func Lookup(name string) (Variable, bool) {
	for _, v := range Variables {
		if v.Name == name {
			return v, true
		}
	}
	return Variable{}, false
}

// ParseBy reads the variables of a table: one to MaxBy known names, each
// once, given as a list or as one comma-separated value. Errors name field.
func ParseBy(field string, list []string) ([]string, valid.Errors) {
	var names []string
	for _, s := range list {
		for _, n := range strings.Split(s, ",") {
			if n = strings.TrimSpace(n); n != "" {
				names = append(names, n)
			}
		}
	}
	var es valid.Errors
	switch {
	case len(names) == 0:
		es.Add(valid.New(field, valid.RuleRequired, nil))
	case len(names) > MaxBy:
		es.Add(valid.New(field, RuleTooMany, map[string]any{"max": MaxBy}))
	}
	for i, n := range names {
		if _, ok := Lookup(n); !ok {
			es.Add(valid.OneOf(field, n, Names()...))
			break
		}
		if slices.Contains(names[:i], n) {
			es.Add(valid.New(field, valid.RuleDuplicateKey, nil))
			break
		}
	}
	if len(es) > 0 {
		return nil, es
	}
	return names, nil
}

// RuleTooMany: more variables than a table may have (Params["max"]).
const RuleTooMany = "too_many"

// Rules lists the rule ids this package adds.
var Rules = []string{RuleTooMany}

// Order sorts values the way the variable lists them: known values in
// their order, others as text, NotRecorded last.
func (v Variable) Order(values []string) {
	rank := map[string]int{}
	if v.Values != nil {
		for i, x := range v.Values() {
			rank[x] = i + 1
		}
	}
	key := func(x string) (int, string) {
		if x == NotRecorded {
			return 1 << 30, x
		}
		if r, ok := rank[x]; ok {
			return r, ""
		}
		return len(rank) + 1, x
	}
	slices.SortStableFunc(values, func(a, b string) int {
		ra, sa := key(a)
		rb, sb := key(b)
		if ra != rb {
			return ra - rb
		}
		return strings.Compare(sa, sb)
	})
}
