package planexport

import (
	"encoding/csv"
	"io"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// CSVHeader is the first row of the activities CSV: stable names for
// programs, the same in every language; values are codes, ISO dates and
// amounts with a "." ("12500.50").
var CSVHeader = []string{"plan_id", "country", "activity_id", "title", "objective", "responsible", "budget", "currency",
	"starts_on", "due_on", "status", "progress", "at_risk", "project", "project_iati_identifier"}

// CSV writes the plan's activities, one a line, with their progress state on
// the day today.
func CSV(w io.Writer, d plan.Detail, today time.Time) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	states := statesOf(d, today)
	objectives := map[uuid.UUID]string{}
	for _, o := range d.Objectives {
		objectives[o.ID] = o.Title
	}
	projects := map[uuid.UUID]plan.Project{}
	for _, p := range d.Projects {
		projects[p.ID] = p
	}
	for _, a := range d.Activities {
		budget := ""
		if a.Budget != 0 || a.Currency != "" {
			budget = a.Budget.Fixed()
		}
		pr := projects[a.ProjectID]
		if err := cw.Write([]string{d.Plan.ID.String(), d.Plan.Country, a.ID.String(), guardFormula(a.Title),
			guardFormula(objectives[a.ObjectiveID]), guardFormula(a.Responsible), budget, a.Currency, a.StartsOn, a.DueOn, string(a.Status), string(states[a.ID]),
			boolText(a.AtRisk), guardFormula(pr.Title), pr.IATIIdentifier}); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// guardFormula stops a spreadsheet opening the CSV from running a typed text
// as a formula ("=HYPERLINK(...)"): such a text starts with a quote.
func guardFormula(v string) string {
	if v != "" && strings.ContainsRune("=+-@\t\r", rune(v[0])) {
		return "'" + v
	}
	return v
}

func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}

// statesOf is each activity's progress state on the day today.
func statesOf(d plan.Detail, today time.Time) map[uuid.UUID]plan.State {
	out := map[uuid.UUID]plan.State{}
	p := plan.Assess(d, today)
	for s, list := range p.Activities {
		for _, a := range list {
			out[a.ID] = s
		}
	}
	return out
}
