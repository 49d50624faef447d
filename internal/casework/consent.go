package casework

import (
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Consent is one purpose the person (or their guardian) agreed to. Every use
// of the data checks it: referral, statistics, research.
type Consent struct {
	ID      uuid.UUID
	CaseID  uuid.UUID
	Purpose string // assistance, referral, statistics, research
	// OrgTypes limits a referral consent to these kinds of organisation
	// (account.OrgType values); empty means none.
	OrgTypes    []string
	GivenBy     string // person or guardian
	Method      string // how the person was informed
	Language    string // language the information was given in (ISO 639-1)
	GivenAt     time.Time
	WithdrawnAt *time.Time
	RecordedBy  uuid.UUID
}

// Active reports whether the consent holds at t.
func (c Consent) Active(t time.Time) bool {
	return !c.GivenAt.After(t) && (c.WithdrawnAt == nil || c.WithdrawnAt.After(t))
}

// Validate checks a consent before it is recorded.
func (c Consent) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	es.Add(valid.OneOf("purpose", c.Purpose, ConsentPurposes...))
	es.Add(valid.OneOf("given_by", c.GivenBy, ConsentGivers...))
	es.Add(valid.OneOf("method", c.Method, ConsentMethods...))
	es.Add(valid.MaxLen("language", c.Language, 8))
	types := make([]string, len(account.OrgTypes))
	for i, t := range account.OrgTypes {
		types[i] = string(t)
	}
	es.Add(Set("org_types", c.OrgTypes, types)...)
	if c.Purpose == "referral" && len(c.OrgTypes) == 0 {
		es.Add(valid.New("org_types", valid.RuleRequired, nil))
	}
	if c.GivenAt.After(today.Add(24 * time.Hour)) {
		es.Add(valid.New("given_at", RuleFutureDate, nil))
	}
	return es
}

// Allows reports whether the consents in force at t allow purpose, and for a
// referral, to an organisation of type orgType.
func Allows(consents []Consent, purpose, orgType string, t time.Time) bool {
	for _, c := range consents {
		if c.Purpose != purpose || !c.Active(t) {
			continue
		}
		if purpose != "referral" || slices.Contains(c.OrgTypes, orgType) {
			return true
		}
	}
	return false
}
