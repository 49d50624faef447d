package casework

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Rule ids this package adds to valid's; each has "error.<rule>" in the
// casework catalogues of both languages.
const (
	RuleDate       = "date"        // not a date in the form YYYY-MM-DD (or YYYY-MM, YYYY for partial dates)
	RuleFutureDate = "future_date" // a date after today
	RuleDateOrder  = "date_order"  // an end before its start
	RuleDuplicate  = "duplicate"   // the same value twice in a list
	RuleTransition = "transition"  // a status change the workflow does not allow
)

// Rules lists the rule ids of this package.
var Rules = []string{RuleDate, RuleFutureDate, RuleDateOrder, RuleDuplicate, RuleTransition}

// Field limits.
const (
	MaxName      = 200
	MaxShort     = 200
	MaxNarrative = 20000
	MaxNote      = 20000
	MaxEvents    = 50
)

// Person is the personal data of a case: everything here is encrypted at
// rest under the person's own key, so erasing the key erases the person.
type Person struct {
	GivenName      string
	FamilyName     string
	OtherNames     string // aliases and other spellings, for search
	BirthDate      string // YYYY-MM-DD, or YYYY-MM / YYYY when only that is known
	Phone          string
	Email          string
	Address        string
	IdentityNumber string
	Narrative      string // the person's account, in their words
}

// Case is one person's case with the HTCDS victim fields. The fields outside
// Person are de-identified facts that survive erasure for statistics.
type Case struct {
	ID         uuid.UUID
	OrgID      uuid.UUID
	Code       string // pseudonymous, shown everywhere instead of the name
	Status     Status
	AssignedTo uuid.UUID // the caseworker (cas_CaseOwner)

	Person Person

	Gender            string // prs_Gender
	Citizenship       string // ISO 3166-1 alpha-3
	AgeWhenTrafficked *int   // vic_AgeWhenTrafficked
	PresumedMinor     bool   // age uncertain, reasons to believe a child (CoE Art. 10(3))

	TraffickingStatus  string // vic_TraffickingStatus
	StatusDecidedBy    string // vic_TraffickingStatusDecisionMakingOrg
	Relationship       string // vic_RelationshipToTrafficker
	RecruitmentMethods []string
	RecruitmentPlace   string // place name (vic_LocationOfRecruitment)
	MethodsOfControl   []string
	Exploitation       []string
	LabourIndustry     string // ISIC section
	SexExploitation    []string

	Events  []Event
	Justice Justice

	// Closure workflow: a caseworker asks, a supervisor approves.
	ClosureRequested   bool
	ClosureStatus      Status // Closed or ClosedReferred, as asked
	ClosureReason      string
	ClosureRequestedBy uuid.UUID

	CreatedAt time.Time
	UpdatedAt time.Time
	ClosedAt  *time.Time
	ErasedAt  *time.Time // personal data crypto-shredded
}

// Event is one stage of the journey (HTCDS trafficking events).
type Event struct {
	Kind    string // recruitment, transit, exploitation
	Country string // ISO 3166-1 alpha-3
	Place   string
	Date    string // YYYY-MM-DD, YYYY-MM or YYYY; may be empty
}

// AgeGroups lists the values of Case.AgeGroup, in the order tables show them.
var AgeGroups = []string{"0-8", "9-17", "18-29", "30-47", "48+", "minor_presumed", "unknown"}

// AgeGroup is the statistics band of the age when trafficked.
func (c Case) AgeGroup() string {
	switch {
	case c.AgeWhenTrafficked == nil && c.PresumedMinor:
		return "minor_presumed"
	case c.AgeWhenTrafficked == nil:
		return "unknown"
	case *c.AgeWhenTrafficked < 9:
		return "0-8"
	case *c.AgeWhenTrafficked < identify.AdultAge:
		return "9-17"
	case *c.AgeWhenTrafficked < 30:
		return "18-29"
	case *c.AgeWhenTrafficked < 48:
		return "30-47"
	}
	return "48+"
}

// Child is the child rule (identify.IsChild) on the case's recorded age and
// presumption of minority.
func (c Case) Child() bool { return identify.IsChild(c.AgeWhenTrafficked, c.PresumedMinor) }

// Validate checks everything a person can type or choose. It never looks at
// the store: uniqueness and access are the store's.
func (c Case) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	p := c.Person
	for _, f := range []struct {
		name, v string
		max     int
	}{
		{"given_name", p.GivenName, MaxName}, {"family_name", p.FamilyName, MaxName}, {"other_names", p.OtherNames, MaxName},
		{"phone", p.Phone, account.MaxPhone}, {"address", p.Address, account.MaxAddress},
		{"identity_number", p.IdentityNumber, MaxShort}, {"narrative", p.Narrative, MaxNarrative},
		{"recruitment_place", c.RecruitmentPlace, MaxShort}, {"closure_reason", c.ClosureReason, MaxNarrative},
	} {
		es.Add(valid.MaxLen(f.name, f.v, f.max))
	}
	if strings.TrimSpace(p.GivenName) == "" && strings.TrimSpace(p.FamilyName) == "" && strings.TrimSpace(p.OtherNames) == "" {
		es.Add(valid.New("given_name", valid.RuleRequired, nil))
	}
	es.Add(valid.Email("email", p.Email))
	es.Add(Date("birth_date", p.BirthDate, today))
	es.Add(oneOfOrEmpty("gender", c.Gender, Genders))
	es.Add(account.Country("citizenship", c.Citizenship))
	if c.AgeWhenTrafficked != nil {
		es.Add(account.Range("age_when_trafficked", *c.AgeWhenTrafficked, 0, 120))
	}
	es.Add(oneOfOrEmpty("trafficking_status", c.TraffickingStatus, TraffickingStatuses))
	es.Add(oneOfOrEmpty("status_decided_by", c.StatusDecidedBy, DecisionMakingOrgs))
	es.Add(oneOfOrEmpty("relationship", c.Relationship, Relationships))
	es.Add(oneOfOrEmpty("labour_industry", c.LabourIndustry, LabourIndustries))
	es.Add(Set("recruitment_methods", c.RecruitmentMethods, RecruitmentMethods)...)
	es.Add(Set("methods_of_control", c.MethodsOfControl, MethodsOfControl)...)
	es.Add(Set("exploitation", c.Exploitation, ExploitationTypes)...)
	es.Add(Set("sex_exploitation", c.SexExploitation, SexExploitationTypes)...)
	if c.Status != "" {
		es.Add(valid.OneOf("status", string(c.Status), Statuses...))
	}
	if len(c.Events) > MaxEvents {
		es.Add(valid.New("events", valid.RuleTooLong, map[string]any{"max": MaxEvents}))
	}
	for i, e := range c.Events {
		es.Add(e.validate(fieldIndex("events", i), today)...)
	}
	es.Add(c.Justice.Validate(today)...)
	return es
}

func (e Event) validate(prefix string, today time.Time) []*valid.FieldError {
	var es valid.Errors
	es.Add(valid.OneOf(prefix+".kind", e.Kind, EventKinds...))
	if e.Country == "" {
		es.Add(valid.New(prefix+".country", valid.RuleRequired, nil))
	}
	es.Add(account.Country(prefix+".country", e.Country))
	es.Add(valid.MaxLen(prefix+".place", e.Place, MaxShort))
	es.Add(Date(prefix+".date", e.Date, today))
	return es
}

func fieldIndex(name string, i int) string {
	return name + "[" + strconv.Itoa(i) + "]"
}

func oneOfOrEmpty(field, v string, allowed []string) *valid.FieldError {
	if v == "" {
		return nil
	}
	return valid.OneOf(field, v, allowed...)
}

// Set checks a multi-select: every value known, none twice.
func Set(field string, vs, allowed []string) []*valid.FieldError {
	var es []*valid.FieldError
	seen := map[string]bool{}
	for _, v := range vs {
		if !slices.Contains(allowed, v) {
			es = append(es, valid.New(field, valid.RuleOneOf, map[string]any{"allowed": append([]string(nil), allowed...)}))
			return es
		}
		if seen[v] {
			return append(es, valid.New(field, RuleDuplicate, nil))
		}
		seen[v] = true
	}
	return es
}

// ParseDate reads a full or partial date: YYYY-MM-DD, YYYY-MM or YYYY. It
// returns the first day the value can mean.
func ParseDate(s string) (time.Time, bool) {
	for _, layout := range []string{"2006-01-02", "2006-01", "2006"} {
		if len(s) == len(layout) {
			if t, err := time.Parse(layout, s); err == nil && t.Year() >= 1900 {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// Date checks a full or partial date that cannot lie in the future ("" passes).
func Date(field, s string, today time.Time) *valid.FieldError {
	if s == "" {
		return nil
	}
	t, ok := ParseDate(s)
	if !ok {
		return valid.New(field, RuleDate, nil)
	}
	if t.After(today) {
		return valid.New(field, RuleFutureDate, nil)
	}
	return nil
}
