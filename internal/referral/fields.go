package referral

import (
	"slices"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
)

// Field is one shareable part of a case, from a fixed list. Its message id
// is "referral.field.<field>" in the catalogues.
type Field string

// The shareable fields, each mapped to the case fields it carries
// (casework.Case): nothing else of a case ever travels.
const (
	GivenName      Field = "given_name"         // Person.GivenName
	FamilyName     Field = "family_name"        // Person.FamilyName
	OtherNames     Field = "other_names"        // Person.OtherNames
	Sex            Field = "sex"                // Gender
	BirthDate      Field = "birth_date"         // Person.BirthDate
	Age            Field = "age"                // AgeWhenTrafficked, PresumedMinor
	Nationality    Field = "nationality"        // Citizenship
	ContactPhone   Field = "contact_phone"      // Person.Phone
	Email          Field = "email"              // Person.Email
	Address        Field = "address"            // Person.Address (current location)
	IdentityNumber Field = "identity_number"    // Person.IdentityNumber
	Exploitation   Field = "exploitation_forms" // Exploitation, SexExploitation, LabourIndustry
	Journey        Field = "journey"            // Events (countries, places, dates)
	Narrative      Field = "narrative"          // Person.Narrative (the person's account)
)

// Fields lists every shareable field, in the order forms show them.
var Fields = []Field{GivenName, FamilyName, OtherNames, Sex, BirthDate, Age, Nationality, ContactPhone, Email,
	Address, IdentityNumber, Exploitation, Journey, Narrative}

// FieldValues are Fields as strings (API enumerations).
func FieldValues() []string { return strs(Fields) }

// Known reports whether f is on the list.
func (f Field) Known() bool { return slices.Contains(Fields, f) }

// Minimum is what every referral pre-selects: enough to greet the person.
var Minimum = []Field{GivenName, Sex, Age}

// byService adds, for each service, what it needs beyond the minimum. No
// address unless shelter or return; no narrative unless legal assistance.
var byService = map[directory.Service][]Field{
	directory.Shelter:               {Address, ContactPhone, Nationality},
	directory.ReturnReintegration:   {FamilyName, BirthDate, Nationality, Address, IdentityNumber, Journey},
	directory.LegalAssistance:       {FamilyName, BirthDate, Nationality, Exploitation, Journey, Narrative},
	directory.ResidenceAsylumAdvice: {FamilyName, BirthDate, Nationality},
	directory.Health:                {BirthDate},
	directory.FamilyTracing:         {FamilyName, OtherNames, Nationality, Journey},
	directory.Interpretation:        {Nationality},
}

// Defaults are the fields pre-selected for the services, in list order.
func Defaults(services []directory.Service) []Field {
	want := slices.Clone(Minimum)
	for _, s := range services {
		want = append(want, byService[s]...)
	}
	var out []Field
	for _, f := range Fields {
		if slices.Contains(want, f) {
			out = append(out, f)
		}
	}
	return out
}

// Rule ids of refusals ("error.<rule>" in the referral catalogues).
const (
	RuleUnknownField    = "not_shareable"        // not a shareable field
	RuleNoConsent       = "consent_not_covering" // no referral consent in force covers the receiver's type
	RuleSelf            = "referral_to_self"     // the receiver is the sender
	RuleUnknownReceiver = "unknown_organisation" // no such organisation
	RuleNoPlanType      = "no_plan_type"         // the service has no kind of plan item to record its outcome
	RuleReasonNeeded    = "reason_required"      // a decline names its reason
	RuleNotReceiver     = "not_receiver"         // only the receiver may do this
	RuleNotSender       = "not_sender"           // only the sender may do this
	RuleTransition      = "referral_transition"  // a step the workflow does not allow from the status
	RuleNoService       = "service_not_referred" // an outcome for a service the referral did not ask
)

// Rules lists the rule ids of this package.
var Rules = []string{RuleUnknownField, RuleNoConsent, RuleSelf, RuleReasonNeeded, RuleNotReceiver, RuleNotSender,
	RuleNoService, RuleUnknownReceiver, RuleNoPlanType, RuleTransition}

// Shareable is the consent rule for one field: a referral consent in force
// at t must cover the receiver's organisation type. When not, the rule.
func Shareable(consents []casework.Consent, receiverType string, f Field, t time.Time) (bool, string) {
	switch {
	case !f.Known():
		return false, RuleUnknownField
	case !casework.Allows(consents, casework.PurposeReferral, receiverType, t):
		return false, RuleNoConsent
	}
	return true, ""
}

func strs[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}
