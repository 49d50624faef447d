package referral

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Status is where a referral stands.
type Status string

// The statuses: sent -> acknowledged -> accepted | declined; accepted ->
// in_service -> completed; the sender revokes at any point before completed
// (a completed referral is a record of help given: withdrawing the consent
// still removes the shared fields).
const (
	Sent         Status = "sent"
	Acknowledged Status = "acknowledged"
	Accepted     Status = "accepted"
	Declined     Status = "declined"
	InService    Status = "in_service"
	Completed    Status = "completed"
	Revoked      Status = "revoked"
)

// Statuses lists every status in workflow order.
var Statuses = []Status{Sent, Acknowledged, Accepted, Declined, InService, Completed, Revoked}

// StatusValues are Statuses as strings.
func StatusValues() []string { return strs(Statuses) }

// Action is a step of the workflow; the API path names it.
type Action string

// The actions.
const (
	Acknowledge Action = "acknowledge"
	Accept      Action = "accept"
	Decline     Action = "decline"
	Start       Action = "start"
	Complete    Action = "complete"
	Revoke      Action = "revoke"
)

// Actions lists every action.
var Actions = []Action{Acknowledge, Accept, Decline, Start, Complete, Revoke}

// ActionValues are Actions as strings.
func ActionValues() []string { return strs(Actions) }

// step is one allowed move: from these statuses to one, by which side.
type step struct {
	from     []Status
	to       Status
	receiver bool // the receiver acts; otherwise the sender
}

var steps = map[Action]step{
	Acknowledge: {[]Status{Sent}, Acknowledged, true},
	Accept:      {[]Status{Sent, Acknowledged}, Accepted, true},
	Decline:     {[]Status{Sent, Acknowledged}, Declined, true},
	Start:       {[]Status{Accepted}, InService, true},
	Complete:    {[]Status{InService}, Completed, true},
	Revoke:      {[]Status{Sent, Acknowledged, Accepted, InService}, Revoked, false},
}

// Next is the status action leads to from s, for the receiver side or not;
// a refusal names its rule (RuleTransition, RuleNotReceiver,
// RuleNotSender, valid.RuleOneOf for an unknown action).
func Next(s Status, a Action, byReceiver bool) (Status, string) {
	st, ok := steps[a]
	switch {
	case !ok:
		return s, valid.RuleOneOf
	case st.receiver && !byReceiver:
		return s, RuleNotReceiver
	case !st.receiver && byReceiver:
		return s, RuleNotSender
	case !slices.Contains(st.from, s):
		return s, RuleTransition
	}
	return st.to, ""
}

// Open reports whether the referral is still under way.
func (s Status) Open() bool { return s != Declined && s != Completed && s != Revoked }

// KeepsShared reports whether the receiver's linked case keeps the shared
// fields at this status: declined and revoked referrals leave a tombstone.
func (s Status) KeepsShared() bool { return s != Declined && s != Revoked }

// Urgency says how soon the receiver must acknowledge.
type Urgency string

// The urgencies.
const (
	Routine   Urgency = "routine"
	Urgent    Urgency = "urgent"
	Emergency Urgency = "emergency"
)

// Urgencies lists every urgency.
var Urgencies = []Urgency{Routine, Urgent, Emergency}

// UrgencyValues are Urgencies as strings.
func UrgencyValues() []string { return strs(Urgencies) }

// DefaultDeadlines are the acknowledgement deadlines an organisation has
// until it sets its own.
var DefaultDeadlines = map[Urgency]time.Duration{Routine: 5 * 24 * time.Hour, Urgent: 24 * time.Hour, Emergency: 2 * time.Hour}

// MaxDeadline bounds a configured deadline.
const MaxDeadline = 30 * 24 * time.Hour

// Field limits.
const (
	MaxPurpose  = 500
	MaxMessage  = 4000
	MaxReason   = 2000
	MaxOutcome  = casework.MaxNarrative
	MaxServices = 8
)

// Referral is one referral as either side sees it.
type Referral struct {
	ID           uuid.UUID
	FromOrgID    uuid.UUID
	CaseID       uuid.UUID // the sender's case; uuid.Nil for the receiver
	ToOrgID      uuid.UUID
	Peer         string    // the remote deployment holding the receiver; "" within this one
	LinkedCaseID uuid.UUID // the receiver's case; uuid.Nil for the sender
	Services     []directory.Service
	Urgency      Urgency
	Purpose      string
	Message      string
	Share        []Field // the fields shared
	Status       Status
	Reason       string // of a decline
	AckDue       time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
	CreatedBy    uuid.UUID

	// Shared holds the shared fields' values, for the receiver while the
	// referral keeps them (Status.KeepsShared); empty otherwise.
	Shared map[Field]string
}

// Overdue reports whether the receiver has not acknowledged by its deadline.
func (r Referral) Overdue(t time.Time) bool { return r.Status == Sent && t.After(r.AckDue) }

// Normalise trims the texts and drops repeated services and fields.
func (r *Referral) Normalise() {
	r.Purpose, r.Message = strings.TrimSpace(r.Purpose), strings.TrimSpace(r.Message)
	r.Urgency = Urgency(strings.TrimSpace(string(r.Urgency)))
	if r.Urgency == "" {
		r.Urgency = Routine
	}
	r.Services = uniq(r.Services)
	r.Share = uniq(r.Share)
}

// Validate checks what the sender typed and chose; the receiver's offers and
// the consent are the store's to check (they need the database).
func (r Referral) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.OneOf("urgency", string(r.Urgency), UrgencyValues()...))
	es.Add(valid.Required("purpose", r.Purpose), valid.MaxLen("purpose", r.Purpose, MaxPurpose))
	es.Add(valid.MaxLen("message", r.Message, MaxMessage))
	if len(r.Services) == 0 {
		es.Add(valid.New("services", valid.RuleRequired, nil))
	}
	if len(r.Services) > MaxServices {
		es.Add(valid.New("services", valid.RuleTooLong, map[string]any{"max": MaxServices}))
	}
	for i, f := range r.Share {
		if !f.Known() {
			es.Add(valid.New("share["+itoa(i)+"]", RuleUnknownField, nil))
		}
	}
	if len(r.Share) == 0 {
		es.Add(valid.New("share", valid.RuleRequired, nil))
	}
	return es
}

// Project copies into a new case only the shared fields of c: the receiver's
// linked case. Everything else stays empty.
func Project(c casework.Case, share []Field) casework.Case {
	var n casework.Case
	for _, f := range share {
		switch f {
		case GivenName:
			n.Person.GivenName = c.Person.GivenName
		case FamilyName:
			n.Person.FamilyName = c.Person.FamilyName
		case OtherNames:
			n.Person.OtherNames = c.Person.OtherNames
		case Sex:
			n.Gender = c.Gender
		case BirthDate:
			n.Person.BirthDate = c.Person.BirthDate
		case Age:
			n.AgeWhenTrafficked, n.PresumedMinor = c.AgeWhenTrafficked, c.PresumedMinor
		case Nationality:
			n.Citizenship = c.Citizenship
		case ContactPhone:
			n.Person.Phone = c.Person.Phone
		case Email:
			n.Person.Email = c.Person.Email
		case Address:
			n.Person.Address = c.Person.Address
		case IdentityNumber:
			n.Person.IdentityNumber = c.Person.IdentityNumber
		case Exploitation:
			n.Exploitation, n.SexExploitation = slices.Clone(c.Exploitation), slices.Clone(c.SexExploitation)
			n.LabourIndustry = c.LabourIndustry
		case Journey:
			n.Events = slices.Clone(c.Events)
		case Narrative:
			n.Person.Narrative = c.Person.Narrative
		}
	}
	if n.Person.GivenName == "" && n.Person.FamilyName == "" && n.Person.OtherNames == "" {
		// A case needs a name to be found; the linked case without a shared
		// name carries none of the person's.
		n.Person.OtherNames = "-"
	}
	return n
}

// Values are the shared fields of a linked case as text, for display and
// the API's "shared" object.
func Values(c casework.Case, share []Field) map[Field]string {
	out := map[Field]string{}
	for _, f := range share {
		var v string
		switch f {
		case GivenName:
			v = c.Person.GivenName
		case FamilyName:
			v = c.Person.FamilyName
		case OtherNames:
			v = c.Person.OtherNames
		case Sex:
			v = c.Gender
		case BirthDate:
			v = c.Person.BirthDate
		case Age:
			if c.AgeWhenTrafficked != nil {
				v = itoa(*c.AgeWhenTrafficked)
			} else if c.PresumedMinor {
				v = "minor_presumed"
			}
		case Nationality:
			v = c.Citizenship
		case ContactPhone:
			v = c.Person.Phone
		case Email:
			v = c.Person.Email
		case Address:
			v = c.Person.Address
		case IdentityNumber:
			v = c.Person.IdentityNumber
		case Exploitation:
			v = strings.Join(append(slices.Clone(c.Exploitation), c.SexExploitation...), ",")
		case Journey:
			var parts []string
			for _, e := range c.Events {
				parts = append(parts, strings.TrimSpace(e.Kind+" "+e.Country+" "+e.Place+" "+e.Date))
			}
			v = strings.Join(parts, "; ")
		case Narrative:
			v = c.Person.Narrative
		}
		out[f] = v
	}
	return out
}

func uniq[T comparable](vs []T) []T {
	var out []T
	for _, v := range vs {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// planTypes maps a service to the kind of plan item (casework.PlanItemTypes)
// its outcome becomes in the sender's reintegration plan.
var planTypes = map[directory.Service]string{
	directory.LegalAssistance: "legal_assistance", directory.Shelter: "shelter", directory.Health: "health",
	directory.Psychosocial: "psychosocial", directory.Education: "education",
	directory.VocationalTraining: "vocational_training", directory.Livelihood: "livelihood",
	directory.FamilyTracing: "family_tracing", directory.ReturnReintegration: "return_repatriation",
	directory.ResidenceAsylumAdvice: "residence_permit",
}

// PlanType is the plan item type of a service's outcome; ok false when the
// service has none (an interpretation is help, not a reintegration step).
func PlanType(s directory.Service) (string, bool) {
	t, ok := planTypes[s]
	return t, ok
}

// OutcomeStatuses are what an outcome says of the service: under way or done.
var OutcomeStatuses = []string{"in_progress", "done"}

// Outcome is a service outcome the receiver records; it becomes an item of
// the sender's reintegration plan.
type Outcome struct {
	Service directory.Service
	Status  string // OutcomeStatuses
	Outcome string
}

// Validate checks an outcome against the referral's services.
func (o Outcome) Validate(r Referral) valid.Errors {
	var es valid.Errors
	if !slices.Contains(r.Services, o.Service) {
		es.Add(valid.New("service", RuleNoService, nil))
	} else if _, ok := PlanType(o.Service); !ok {
		es.Add(valid.New("service", RuleNoPlanType, nil))
	}
	es.Add(valid.OneOf("status", o.Status, OutcomeStatuses...))
	es.Add(valid.Required("outcome", o.Outcome), valid.MaxLen("outcome", o.Outcome, MaxOutcome))
	return es
}
