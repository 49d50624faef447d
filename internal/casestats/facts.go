package casestats

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// Facts are what one case contributes to the tables: for each variable the
// value, or for a Multi variable the sorted set of values joined by commas
// ("" when none is recorded). Nothing in them names or locates a person.
type Facts map[string]string

// ServiceDelivered says whether a plan item in this state counts as a
// service delivered: started or done, not only planned nor cancelled.
func ServiceDelivered(status string) bool { return status == "in_progress" || status == "done" }

// PlanEntry is the part of a plan item the facts read.
type PlanEntry struct{ Type, Status string }

// FactsOf are the facts of c with its plan.
func FactsOf(c casework.Case, plan []PlanEntry) Facts {
	r := c.Route()
	var routes []string
	if r.Scope != casework.RouteUnknown {
		for _, o := range r.Origin {
			for _, d := range r.Destination {
				routes = append(routes, o+RouteSeparator+d)
			}
		}
	}
	var services []string
	for _, p := range plan {
		if ServiceDelivered(p.Status) {
			services = append(services, p.Type)
		}
	}
	f := Facts{
		Year:                strconv.Itoa(c.CreatedAt.UTC().Year()),
		Sex:                 c.Gender,
		AgeGroup:            c.AgeGroup(),
		Citizenship:         c.Citizenship,
		ExploitationCountry: JoinSet(r.Destination),
		Route:               JoinSet(routes),
		RouteScope:          string(r.Scope),
		Exploitation:        JoinSet(c.Exploitation),
		LabourIndustry:      c.LabourIndustry,
		MeansOfControl:      JoinSet(c.MethodsOfControl),
		Status:              string(c.Status),
		TraffickingStatus:   c.TraffickingStatus,
		Services:            JoinSet(services),
		Investigation:       c.Justice.Investigation,
		Prosecution:         c.Justice.Prosecution,
	}
	return f
}

// JoinSet is the one written form of a set of values: sorted, without
// repeats, joined by commas.
func JoinSet(vs []string) string {
	s := slices.Clone(vs)
	slices.Sort(s)
	return strings.Join(slices.Compact(s), ",")
}

// Values are the values a fact counts under: the members of a set, the
// value itself, or NotRecorded when there is none.
func (v Variable) ValuesOf(fact string) []string {
	if fact == "" {
		return []string{NotRecorded}
	}
	if v.Multi {
		return strings.Split(fact, ",")
	}
	return []string{fact}
}

// Counted is the rule that lets a case into the tables: a consent to
// statistics not withdrawn at t. It is the one place the rule is written.
// The store applies it whenever a case or its consents change, so a consent
// dated a few hours ahead (a time zone away) counts from when it is recorded.
func Counted(consents []casework.Consent, t time.Time) bool {
	for _, c := range consents {
		if c.Purpose == casework.PurposeStatistics && (c.WithdrawnAt == nil || c.WithdrawnAt.After(t)) {
			return true
		}
	}
	return false
}

// CountedRule names the rule for the note printed under every table
// (message "statistics.rule.<CountedRule>").
const CountedRule = "consent_statistics"
