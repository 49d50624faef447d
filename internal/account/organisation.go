package account

import (
	"net/url"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// OrgType is the kind of organisation: the HTCDS 2.0 org_Type list, plus a
// few kinds practitioners name that HTCDS folds into a broader one (each
// says which, for exports in the standard).
type OrgType string

// The HTCDS 2.0 org_Type values.
const (
	NGO                           OrgType = "NGO"
	LawEnforcement                OrgType = "LawEnforcement"
	HealthServiceOrganisation     OrgType = "HealthServiceOrganisation"
	CentralGovernmentOrganisation OrgType = "CentralGovernmentOrganisation"
	LocalGovernmentOrganisation   OrgType = "LocalGovernmentOrganisation"
	ImmigrationService            OrgType = "ImmigrationService"
	LegalService                  OrgType = "LegalService"
	CorporateBusiness             OrgType = "CorporateBusiness"
	SchoolOrCollege               OrgType = "SchoolOrCollege"
)

// Passerelle's additions, not in HTCDS 2.0.
const (
	Shelter                   OrgType = "Shelter"
	LabourInspectorate        OrgType = "LabourInspectorate"
	Judiciary                 OrgType = "Judiciary"
	InternationalOrganisation OrgType = "InternationalOrganisation"
	FaithBased                OrgType = "FaithBased"
	Other                     OrgType = "Other"
)

// OrgTypes lists every organisation type, in the order forms show them:
// HTCDS's first.
var OrgTypes = []OrgType{
	NGO, LawEnforcement, HealthServiceOrganisation, CentralGovernmentOrganisation, LocalGovernmentOrganisation,
	ImmigrationService, LegalService, CorporateBusiness, SchoolOrCollege,
	Shelter, LabourInspectorate, Judiciary, InternationalOrganisation, FaithBased, Other,
}

// htcdsParent is the HTCDS value an addition is exported as.
var htcdsParent = map[OrgType]OrgType{
	Shelter: NGO, FaithBased: NGO, InternationalOrganisation: NGO, Other: NGO,
	LabourInspectorate: CentralGovernmentOrganisation, Judiciary: CentralGovernmentOrganisation,
}

// HTCDS returns the type as HTCDS 2.0 names it.
func (t OrgType) HTCDS() OrgType {
	if p, ok := htcdsParent[t]; ok {
		return p
	}
	return t
}

// Limits on organisation fields.
const (
	MaxOrgName       = 200
	MaxCity          = 100
	MaxPhone         = 40
	MaxWebsite       = 300
	MaxAddress       = 500
	MaxRetentionDays = 36500 // a hundred years
)

// Organisation is a member of the network: an NGO, a police unit, a ministry.
type Organisation struct {
	ID      uuid.UUID
	Name    string
	Type    OrgType
	Country string // ISO 3166-1 alpha-3, e.g. NGA, NER, FRA
	City    string
	Phone   string
	Email   string
	Website string
	Address string
	// RequireTOTP makes two-factor sign-in mandatory for the organisation's users.
	RequireTOTP bool
	// RetentionDays is how long closed cases are kept; 0 keeps them.
	RetentionDays int
	CreatedAt     time.Time
}

// Normalise trims spaces and puts codes in their canonical case, so that
// validation and storage see one form.
func (o *Organisation) Normalise() {
	o.Name = strings.TrimSpace(o.Name)
	o.Country = strings.ToUpper(strings.TrimSpace(o.Country))
	o.City = strings.TrimSpace(o.City)
	o.Phone = strings.TrimSpace(o.Phone)
	o.Email = strings.ToLower(strings.TrimSpace(o.Email))
	o.Website = strings.TrimSpace(o.Website)
	o.Address = strings.TrimSpace(o.Address)
}

// Validate checks every field and returns all the problems found.
func (o Organisation) Validate() valid.Errors {
	var es valid.Errors
	es.Add(valid.Required("name", o.Name), valid.MaxLen("name", o.Name, MaxOrgName))
	types := make([]string, len(OrgTypes))
	for i, t := range OrgTypes {
		types[i] = string(t)
	}
	es.Add(valid.OneOf("type", string(o.Type), types...))
	if err := valid.Required("country", o.Country); err != nil {
		es.Add(err)
	} else {
		es.Add(Country("country", o.Country))
	}
	es.Add(valid.MaxLen("city", o.City, MaxCity))
	es.Add(Phone("phone", o.Phone))
	es.Add(valid.Email("email", o.Email))
	es.Add(URL("website", o.Website))
	es.Add(valid.MaxLen("address", o.Address, MaxAddress))
	es.Add(Range("retention_days", o.RetentionDays, 0, MaxRetentionDays))
	return es
}

// Country accepts an ISO 3166-1 alpha-3 code of a country, as the one
// country list accepts them (country.Accepted); "" passes.
func Country(field, code string) *valid.FieldError {
	if code == "" {
		return nil
	}
	if !country.Accepted(code) {
		return valid.New(field, RuleCountry, nil)
	}
	return nil
}

// Phone accepts digits, spaces and + - . ( ) /, with at least 6 digits ("" passes).
func Phone(field, phone string) *valid.FieldError {
	if phone == "" {
		return nil
	}
	if e := valid.MaxLen(field, phone, MaxPhone); e != nil {
		return e
	}
	digits := 0
	for _, r := range phone {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case strings.ContainsRune(" +-.()/", r):
		default:
			return valid.New(field, RulePhone, nil)
		}
	}
	if digits < 6 {
		return valid.New(field, RulePhone, nil)
	}
	return nil
}

// URL accepts an absolute http or https address with a host ("" passes).
func URL(field, s string) *valid.FieldError {
	if s == "" {
		return nil
	}
	if e := valid.MaxLen(field, s, MaxWebsite); e != nil {
		return e
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(s, " \t\r\n") {
		return valid.New(field, RuleURL, nil)
	}
	return nil
}

// Range refuses n outside min..max.
func Range(field string, n, min, max int) *valid.FieldError {
	if n < min || n > max {
		return valid.New(field, RuleRange, map[string]any{"min": min, "max": max})
	}
	return nil
}
