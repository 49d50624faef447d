package referral

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Pathway is a referral pathway: for a country or a corridor (countries in
// the order of the journey, e.g. NGA, NER, FRA), which organisations to
// call for which need, in order. Coordinators keep them; caseworkers print
// them and see them as suggestions when a referral starts.
type Pathway struct {
	ID        uuid.UUID
	OrgID     uuid.UUID // the coordinating organisation that keeps it
	Name      string
	Countries []string // ISO 3166-1 alpha-3, in journey order
	Steps     []Step
	UpdatedAt time.Time
}

// Step is one need and the organisations to call for it, in order.
type Step struct {
	Service directory.Service
	OrgIDs  []uuid.UUID
}

// Pathway limits.
const (
	MaxPathwayName    = 200
	MaxPathwayCountry = 8
	MaxSteps          = 20
	MaxStepOrgs       = 5
)

// Normalise trims and upper-cases the codes and drops empty steps.
func (p *Pathway) Normalise() {
	p.Name = strings.TrimSpace(p.Name)
	var cs []string
	for _, c := range p.Countries {
		if c = strings.ToUpper(strings.TrimSpace(c)); c != "" {
			cs = append(cs, c)
		}
	}
	p.Countries = cs
	var steps []Step
	for _, s := range p.Steps {
		s.Service = directory.Service(strings.TrimSpace(string(s.Service)))
		var ids []uuid.UUID
		for _, id := range s.OrgIDs {
			if id != uuid.Nil && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
		s.OrgIDs = ids
		if s.Service != "" || len(s.OrgIDs) > 0 {
			steps = append(steps, s)
		}
	}
	p.Steps = steps
}

// Validate checks a pathway; that its organisations exist is the store's.
func (p Pathway) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("name", p.Name), valid.MaxLen("name", p.Name, MaxPathwayName))
	if len(p.Countries) == 0 {
		es.Add(valid.New("countries", valid.RuleRequired, nil))
	}
	if len(p.Countries) > MaxPathwayCountry {
		es.Add(valid.New("countries", valid.RuleTooLong, map[string]any{"max": MaxPathwayCountry}))
	}
	for i, c := range p.Countries {
		es.Add(account.Country("countries["+strconv.Itoa(i)+"]", c))
	}
	if len(p.Steps) == 0 {
		es.Add(valid.New("steps", valid.RuleRequired, nil))
	}
	if len(p.Steps) > MaxSteps {
		es.Add(valid.New("steps", valid.RuleTooLong, map[string]any{"max": MaxSteps}))
	}
	for i, s := range p.Steps {
		f := "steps[" + strconv.Itoa(i) + "]"
		if !s.Service.Known() {
			es.Add(valid.New(f+".service", directory.RuleUnknownService, nil))
		}
		if len(s.OrgIDs) == 0 {
			es.Add(valid.New(f+".organisations", valid.RuleRequired, nil))
		}
		if len(s.OrgIDs) > MaxStepOrgs {
			es.Add(valid.New(f+".organisations", valid.RuleTooLong, map[string]any{"max": MaxStepOrgs}))
		}
	}
	return es
}

// Covers reports whether the pathway concerns country ("" : any).
func (p Pathway) Covers(country string) bool {
	return country == "" || slices.Contains(p.Countries, strings.ToUpper(country))
}

// Suggest lists the organisations the pathways name for service (any when
// empty) in countries covering country, in pathway and step order, once
// each: the recipients a referral suggests first.
func Suggest(ps []Pathway, service directory.Service, country string) []uuid.UUID {
	var out []uuid.UUID
	for _, p := range ps {
		if !p.Covers(country) {
			continue
		}
		for _, s := range p.Steps {
			if service != "" && s.Service != service {
				continue
			}
			for _, id := range s.OrgIDs {
				if !slices.Contains(out, id) {
					out = append(out, id)
				}
			}
		}
	}
	return out
}
