package casework

import (
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Purpose is one use of a person's data they may agree to, one by one.
type Purpose string

// The purposes of consent.
const (
	PurposeAssistance Purpose = "assistance"
	PurposeReferral   Purpose = "referral" // to organisations of the types agreed
	PurposeStatistics Purpose = "statistics"
	PurposeResearch   Purpose = "research"
)

// Purposes lists every purpose, in the order forms show them.
var Purposes = []Purpose{PurposeAssistance, PurposeReferral, PurposeStatistics, PurposeResearch}

// PurposeValues are Purposes as strings (forms, enumerations of the API).
func PurposeValues() []string {
	out := make([]string, len(Purposes))
	for i, p := range Purposes {
		out[i] = string(p)
	}
	return out
}

// MaxConsentLanguage bounds the language code of a consent.
const MaxConsentLanguage = 8

// Consent is one purpose the person (or their guardian) agreed to. Every use
// of the data checks it: referral, statistics, research.
type Consent struct {
	ID      uuid.UUID
	CaseID  uuid.UUID
	Purpose Purpose
	// OrgTypes limits a referral consent to these kinds of organisation
	// (account.OrgType values); other purposes carry none.
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

// Normalise puts a consent about to be given in its one stored form: trimmed
// codes, organisation types only for a referral (without repeats),
// and the time in UTC at the precision the database keeps. Every surface
// gets the same record whatever it sent.
func (c *Consent) Normalise() {
	c.Purpose = Purpose(strings.TrimSpace(string(c.Purpose)))
	c.GivenBy, c.Method = strings.TrimSpace(c.GivenBy), strings.TrimSpace(c.Method)
	c.Language = strings.ToLower(strings.TrimSpace(c.Language))
	if c.Purpose != PurposeReferral {
		c.OrgTypes = nil
	} else {
		var types []string
		for _, t := range c.OrgTypes {
			if t = strings.TrimSpace(t); !slices.Contains(types, t) {
				types = append(types, t)
			}
		}
		c.OrgTypes = types
	}
	c.GivenAt = c.GivenAt.UTC().Truncate(time.Microsecond)
}

// Validate checks a consent before it is recorded.
func (c Consent) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	es.Add(valid.OneOf("purpose", string(c.Purpose), PurposeValues()...))
	es.Add(valid.OneOf("given_by", c.GivenBy, ConsentGivers...))
	es.Add(valid.OneOf("method", c.Method, ConsentMethods...))
	es.Add(valid.MaxLen("language", c.Language, MaxConsentLanguage))
	types := make([]string, len(account.OrgTypes))
	for i, t := range account.OrgTypes {
		types[i] = string(t)
	}
	es.Add(Set("org_types", c.OrgTypes, types)...)
	if c.Purpose == PurposeReferral && len(c.OrgTypes) == 0 {
		es.Add(valid.New("org_types", valid.RuleRequired, nil))
	}
	if c.GivenAt.After(today.Add(24 * time.Hour)) {
		es.Add(valid.New("given_at", RuleFutureDate, nil))
	}
	return es
}

// Allows reports whether the consents in force at t allow purpose, and for a
// referral, to an organisation of type orgType.
func Allows(consents []Consent, purpose Purpose, orgType string, t time.Time) bool {
	for _, c := range consents {
		if c.Purpose != purpose || !c.Active(t) {
			continue
		}
		if purpose != PurposeReferral || slices.Contains(c.OrgTypes, orgType) {
			return true
		}
	}
	return false
}

// AnyActive reports whether a consent for purpose holds at t, whatever its
// organisation types.
func AnyActive(consents []Consent, purpose Purpose, t time.Time) bool {
	for _, c := range consents {
		if c.Purpose == purpose && c.Active(t) {
			return true
		}
	}
	return false
}
