// Package training holds the rules of the training of criminal-justice and
// front-line staff: courses and sessions with a topic from a fixed
// vocabulary, their participants by profession, sex and attendance, scores
// before and after, and the reports (people trained by profession, country,
// year or topic, and the mean gain in score). It is pure: no SQL, no HTTP.
// The store seals a participant's name and organisation with the
// organisation's key; everything here that is reported is counts.
package training

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Limits of what is typed.
const (
	MaxPlace        = 200 // a town, a venue
	MaxTrainers     = 500 // the trainers' names, as one line
	MaxName         = 200 // a participant's name
	MaxOrganisation = 200 // a participant's employer
	MaxParticipants = 500 // participants entered at once
	MaxScore        = 100
)

// Topics are the subjects of a session (labels in the catalogues,
// "training.topic.<code>").
var Topics = []string{
	"victim_identification", "investigation", "victim_centred_interviewing", "labour_exploitation",
	"child_trafficking", "online_recruitment", "non_punishment", "referral_mechanisms",
	"financial_investigation", "victim_assistance", "border_screening", "legal_framework",
}

// Professions of participants ("training.profession.<code>").
var Professions = []string{
	"police", "border_guard", "labour_inspector", "prosecutor", "judge", "lawyer",
	"social_worker", "health_worker", "teacher", "ngo_staff", "consular_staff",
}

// Sexes of participants ("training.sex.<code>").
var Sexes = []string{"female", "male", "other"}

// ReportBy are the dimensions a report groups by.
var ReportBy = []string{"profession", "country", "year", "topic"}

// Training is one session of a course.
type Training struct {
	ID        uuid.UUID
	OrgID     uuid.UUID
	Topic     string
	Country   string // ISO 3166-1 alpha-3
	Place     string
	StartsOn  string // YYYY-MM-DD
	EndsOn    string // YYYY-MM-DD
	Trainers  string // sealed by the store: names of people
	CreatedAt time.Time
	// Participants is filled by reads that ask for them.
	Participants []Participant
	// Count is the number of participants (lists).
	Count int
}

// Participant is one person trained. Name and Organisation are sealed.
type Participant struct {
	ID           uuid.UUID
	TrainingID   uuid.UUID
	Name         string
	Profession   string
	Sex          string
	Organisation string
	Attended     bool
	PreScore     *int // 0-100, nil when not taken
	PostScore    *int
}

// Normalise trims the typed texts.
func (t *Training) Normalise() {
	t.Topic, t.Country = strings.TrimSpace(t.Topic), strings.ToUpper(strings.TrimSpace(t.Country))
	t.Place, t.Trainers = strings.TrimSpace(t.Place), strings.TrimSpace(t.Trainers)
	t.StartsOn, t.EndsOn = strings.TrimSpace(t.StartsOn), strings.TrimSpace(t.EndsOn)
}

// Validate checks a session: a known topic and country, a full start date
// and an end on or after it.
func (t Training) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.OneOf("topic", t.Topic, Topics...))
	es.Add(Country("country", t.Country))
	es.Add(valid.MaxLen("place", t.Place, MaxPlace), valid.MaxLen("trainers", t.Trainers, MaxTrainers))
	es.Add(Period("starts_on", "ends_on", t.StartsOn, t.EndsOn)...)
	return es
}

// Normalise trims the typed texts.
func (p *Participant) Normalise() {
	p.Name, p.Organisation = strings.TrimSpace(p.Name), strings.TrimSpace(p.Organisation)
	p.Profession, p.Sex = strings.TrimSpace(p.Profession), strings.TrimSpace(p.Sex)
}

// Validate checks a participant; prefix names the row in a bulk entry
// ("participants[3]."), "" for one.
func (p Participant) Validate(prefix string) valid.Errors {
	var es valid.Errors
	es.Add(valid.Required(prefix+"name", p.Name), valid.MaxLen(prefix+"name", p.Name, MaxName))
	es.Add(valid.OneOf(prefix+"profession", p.Profession, Professions...))
	if p.Sex != "" {
		es.Add(valid.OneOf(prefix+"sex", p.Sex, Sexes...))
	}
	es.Add(valid.MaxLen(prefix+"organisation", p.Organisation, MaxOrganisation))
	es.Add(Score(prefix+"pre_score", p.PreScore), Score(prefix+"post_score", p.PostScore))
	return es
}

// ValidateAll checks a bulk entry: rows are named participants[i].field.
func ValidateAll(ps []Participant) valid.Errors {
	var es valid.Errors
	if len(ps) == 0 {
		es.Add(valid.New("participants", valid.RuleRequired, nil))
	}
	if len(ps) > MaxParticipants {
		es.Add(valid.New("participants", valid.RuleTooLong, map[string]any{"max": MaxParticipants}))
		return es
	}
	for i, p := range ps {
		es = append(es, p.Validate("participants["+strconv.Itoa(i)+"].")...)
	}
	return es
}

// Score refuses a score outside 0-100 (nil passes: not taken).
func Score(field string, s *int) *valid.FieldError {
	if s != nil && (*s < 0 || *s > MaxScore) {
		return valid.New(field, account.RuleRange, map[string]any{"min": 0, "max": MaxScore})
	}
	return nil
}

// Country refuses what is not an ISO 3166-1 alpha-3 code.
func Country(field, code string) *valid.FieldError {
	if code == "" {
		return valid.New(field, valid.RuleRequired, nil)
	}
	if !country.Accepted(code) {
		return valid.New(field, account.RuleCountry, nil)
	}
	return nil
}

// Period checks a required start and end date (YYYY-MM-DD), the end not
// before the start.
func Period(startField, endField, start, end string) []*valid.FieldError {
	var es valid.Errors
	s, okS := FullDate(start)
	e, okE := FullDate(end)
	switch {
	case start == "":
		es.Add(valid.New(startField, valid.RuleRequired, nil))
	case !okS:
		es.Add(valid.New(startField, casework.RuleDate, nil))
	}
	switch {
	case end == "":
		es.Add(valid.New(endField, valid.RuleRequired, nil))
	case !okE:
		es.Add(valid.New(endField, casework.RuleDate, nil))
	case okS && e.Before(s):
		es.Add(valid.New(endField, casework.RuleDateOrder, nil))
	}
	return es
}

// FullDate reads YYYY-MM-DD (a year from 1900).
func FullDate(s string) (time.Time, bool) {
	if len(s) != len("2006-01-02") {
		return time.Time{}, false
	}
	return casework.ParseDate(s)
}

// Gain is post minus pre when both were taken.
func (p Participant) Gain() (int, bool) {
	if p.PreScore == nil || p.PostScore == nil {
		return 0, false
	}
	return *p.PostScore - *p.PreScore, true
}
