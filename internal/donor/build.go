package donor

import (
	"slices"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/disclosure"
)

// CaseFact is what the report needs of one counted case: codes only.
type CaseFact struct {
	Gender       string // casework.Genders, "" when not recorded
	AgeGroup     string // casework.Case.AgeGroup
	Exploitation []string
}

// Input is what the store reads for a request: the counted cases
// registered in the period, how many the consent rule left out, and the
// types of the plan items of counted cases done in the period.
type Input struct {
	Cases    []CaseFact
	Excluded int
	Services []string
	// Participants are the professions of the people who attended the
	// trainings that started in the period; Campaigns the levels of the
	// campaigns that started in it.
	Participants []string
	Campaigns    []string
}

// Section ids, in the order of the report.
const (
	SectionGenderAge    = "cases_gender_age"
	SectionExploitation = "cases_exploitation"
	SectionServices     = "services"
	SectionTrainings    = "trainings"
	SectionCampaigns    = "campaigns"
)

// Missing are the parts of a donor's usual report with no records in the
// program yet, named in the report rather than printed as zeros.
var Missing = []string{"referrals"}

// Section is one protected table: its variables are label kinds of the case
// register ("case.<kind>.<value>").
type Section struct {
	ID      string
	Release disclosure.Release
}

// Report is the donor report, every figure released through disclosure
// control.
type Report struct {
	Request  Request
	Made     time.Time
	Counted  int // cases counted (the released total of the first table may be withheld)
	Excluded int
	Sections []Section
	Missing  []string
}

// Build tabulates in and protects each table with p.
func Build(req Request, in Input, p disclosure.Policy, made time.Time) (Report, error) {
	rep := Report{Request: req, Made: made, Counted: len(in.Cases), Excluded: in.Excluded, Missing: Missing}
	ga := tally{}
	ex := tally{}
	for _, c := range in.Cases {
		g := c.Gender
		if g == "" {
			g = "NonSpecifiedUnknown"
		}
		ga.add(g, c.AgeGroup)
		for _, x := range c.Exploitation {
			ex.add(x)
		}
	}
	sv, tp, cp := tally{}, tally{}, tally{}
	for _, s := range in.Services {
		sv.add(s)
	}
	for _, p := range in.Participants {
		tp.add(p)
	}
	for _, c := range in.Campaigns {
		cp.add(c)
	}
	multi := p
	// A case counts in as many forms of exploitation as it has; a person
	// in as many services as they received.
	multi.MaxContributions = len(casework.ExploitationTypes)
	services := p
	services.MaxContributions = len(casework.PlanItemTypes)
	for _, t := range []struct {
		id   string
		vars []string
		t    tally
		p    disclosure.Policy
	}{
		{SectionGenderAge, []string{"gender", "age_group"}, ga, p},
		{SectionExploitation, []string{"exploitation"}, ex, multi},
		{SectionServices, []string{"plan_type"}, sv, services},
		{SectionTrainings, []string{"profession"}, tp, p},
		{SectionCampaigns, []string{"campaign_level"}, cp, p},
	} {
		rel, err := disclosure.Protect(t.t.table(t.vars), t.p)
		if err != nil {
			return rep, err
		}
		rep.Sections = append(rep.Sections, Section{ID: t.id, Release: rel})
	}
	return rep, nil
}

// tally counts combinations of values.
type tally map[string]*disclosure.Cell

func (t tally) add(values ...string) {
	k := ""
	for _, v := range values {
		k += v + "\x00"
	}
	c, ok := t[k]
	if !ok {
		c = &disclosure.Cell{Values: slices.Clone(values)}
		t[k] = c
	}
	c.Count++
}

// table lists the cells in a stable order (by values).
func (t tally) table(vars []string) disclosure.Table {
	out := disclosure.Table{Vars: vars}
	for _, c := range t {
		out.Cells = append(out.Cells, *c)
	}
	slices.SortFunc(out.Cells, func(a, b disclosure.Cell) int { return slices.Compare(a.Values, b.Values) })
	return out
}
