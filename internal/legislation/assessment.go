package legislation

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Status is how far a country's law meets one requirement.
type Status string

// The statuses. A requirement an assessment has not looked at yet is Unknown.
const (
	InLine    Status = "in_line"
	Partly    Status = "partly"
	NotInLine Status = "not_in_line"
	Unknown   Status = "unknown"
)

// Statuses lists the statuses, from the best to not known.
var Statuses = []Status{InLine, Partly, NotInLine, Unknown}

// StatusMessage is the message id of a status's name.
func StatusMessage(s Status) string { return "legislation.status." + string(s) }

// Limits of what an assessment holds. The provision cites a law ("Loi
// n° 2010-86 du 16 décembre 2010, art. 10"); the evidence says why the
// status was given, in a few paragraphs, not a memorandum.
const (
	MaxTitle     = 200
	MaxProvision = 500
	MaxEvidence  = 4000
	DateLayout   = "2006-01-02"
	DateLen      = len(DateLayout)
)

// Rule ids of this package beyond valid's; each has its messages
// ("legislation.error.<rule>", "api.rule.<rule>") in the catalogues.
const (
	RuleCountry     = "country"      // not an ISO 3166-1 alpha-3 code of a current country
	RuleDate        = "full_date"    // not a whole date written YYYY-MM-DD
	RuleFutureDate  = "future_date"  // an assessment of the law as it will be
	RuleRequirement = "requirement"  // not an id of the catalogue
	RuleSameCountry = "same_country" // comparing assessments of two countries
)

// Rules lists the rule ids above.
var Rules = []string{RuleCountry, RuleDate, RuleFutureDate, RuleRequirement, RuleSameCountry}

// Draft is a new assessment as asked for: whose law and when it was read.
type Draft struct {
	Country    string // ISO 3166-1 alpha-3
	AssessedOn string // YYYY-MM-DD
	Title      string // optional: "Review before the GRETA visit"
}

// Normalise trims the draft's fields and upper-cases the country code.
func (d *Draft) Normalise() {
	d.Country = strings.ToUpper(strings.TrimSpace(d.Country))
	d.AssessedOn = strings.TrimSpace(d.AssessedOn)
	d.Title = strings.TrimSpace(d.Title)
}

// Validate refuses an unknown country, a date that is not one or lies after
// today (an assessment records what the law says, not what it will say: a
// bill is assessed when passed), and an over-long title.
func (d Draft) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	switch {
	case d.Country == "":
		es.Add(valid.Required("country", d.Country))
	case !country.Offered(d.Country):
		es.Add(valid.New("country", RuleCountry, nil))
	}
	es.Add(checkDate("assessed_on", d.AssessedOn, today))
	es.Add(valid.MaxLen("title", d.Title, MaxTitle))
	return es
}

// checkDate requires a date written YYYY-MM-DD, not after today.
func checkDate(field, s string, today time.Time) *valid.FieldError {
	if s == "" {
		return valid.Required(field, s)
	}
	t, err := time.Parse(DateLayout, s)
	if err != nil || len(s) != DateLen {
		return valid.New(field, RuleDate, nil)
	}
	y, m, d := today.Date()
	if t.After(time.Date(y, m, d, 0, 0, 0, 0, time.UTC)) {
		return valid.New(field, RuleFutureDate, nil)
	}
	return nil
}

// Assessment is a country's law read against the catalogue on a date, by an
// assessor of the organisation that holds it.
type Assessment struct {
	ID           uuid.UUID
	OrgID        uuid.UUID
	Country      string
	AssessedOn   string
	Title        string
	AssessorID   uuid.UUID
	AssessorName string // the assessor's display name, when read
	CreatedAt    time.Time
	UpdatedAt    time.Time
	Items        []Item // those recorded, in catalogue order; the rest are Unknown
}

// Item is the finding on one requirement.
type Item struct {
	RequirementID string
	Status        Status
	Provision     string // the national provision cited
	Evidence      string // why this status: what the provision says or lacks
	UpdatedBy     uuid.UUID
	UpdatedAt     time.Time
}

// ItemInput is a finding as sent.
type ItemInput struct {
	RequirementID, Status, Provision, Evidence string
}

// Normalise trims the input's fields.
func (in *ItemInput) Normalise() {
	in.RequirementID = strings.TrimSpace(in.RequirementID)
	in.Status = strings.TrimSpace(in.Status)
	in.Provision = strings.TrimSpace(in.Provision)
	in.Evidence = strings.TrimSpace(in.Evidence)
}

// Validate refuses an unknown requirement or status and over-long texts.
func (in ItemInput) Validate() valid.Errors {
	var es valid.Errors
	if _, ok := Lookup(in.RequirementID); !ok {
		es.Add(valid.New("requirement_id", RuleRequirement, nil))
	}
	if in.Status == "" {
		es.Add(valid.Required("status", in.Status))
	} else {
		es.Add(valid.OneOf("status", in.Status, StatusStrings()...))
	}
	es.Add(valid.MaxLen("provision", in.Provision, MaxProvision))
	es.Add(valid.MaxLen("evidence", in.Evidence, MaxEvidence))
	return es
}

// StatusStrings lists the statuses as strings (for enumerations).
func StatusStrings() []string {
	out := make([]string, len(Statuses))
	for i, s := range Statuses {
		out[i] = string(s)
	}
	return out
}

// InstrumentStrings lists the instruments as strings (for enumerations).
func InstrumentStrings() []string {
	out := make([]string, len(Instruments))
	for i, s := range Instruments {
		out[i] = string(s)
	}
	return out
}

// Finding is a requirement with the assessment's item on it (Status Unknown
// and empty texts when none is recorded).
type Finding struct {
	Requirement Requirement
	Item        Item
	Recorded    bool
}

// Findings returns one finding per requirement of the catalogue, in its
// order. Items naming a requirement the catalogue no longer has are left out.
func (a Assessment) Findings() []Finding {
	byID := make(map[string]Item, len(a.Items))
	for _, it := range a.Items {
		byID[it.RequirementID] = it
	}
	out := make([]Finding, 0, len(catalogue))
	for _, r := range catalogue {
		it, ok := byID[r.ID]
		if !ok {
			it = Item{RequirementID: r.ID, Status: Unknown}
		}
		out = append(out, Finding{Requirement: r, Item: it, Recorded: ok})
	}
	return out
}

// Item returns the assessment's item on requirement id, if recorded.
func (a Assessment) Item(id string) (Item, bool) {
	i := slices.IndexFunc(a.Items, func(it Item) bool { return it.RequirementID == id })
	if i < 0 {
		return Item{}, false
	}
	return a.Items[i], true
}

// Tally counts the findings by status, every requirement counted once.
func (a Assessment) Tally() map[Status]int {
	out := make(map[Status]int, len(Statuses))
	for _, s := range Statuses {
		out[s] = 0
	}
	for _, f := range a.Findings() {
		out[f.Item.Status]++
	}
	return out
}
