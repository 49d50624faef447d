package account

import (
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

func goodOrg() Organisation {
	return Organisation{Name: "Fondation Lumière Cotonou", Type: Shelter, Country: "BEN", City: "Cotonou",
		Phone: "+229 21 30 45 67", Email: "contact@lumiere.example", Website: "https://lumiere.example/fr",
		Address: "Quartier Haie Vive", RetentionDays: 3650}
}

func TestOrganisationValidate(t *testing.T) {
	if es := goodOrg().Validate(); len(es) != 0 {
		t.Fatalf("valid organisation refused: %v", es)
	}
	cases := []struct {
		field, rule string
		edit        func(*Organisation)
	}{
		{"name", valid.RuleRequired, func(o *Organisation) { o.Name = "  " }},
		{"name", valid.RuleTooLong, func(o *Organisation) { o.Name = strings.Repeat("é", MaxOrgName+1) }},
		{"type", valid.RuleOneOf, func(o *Organisation) { o.Type = "ngo" }},
		{"country", valid.RuleRequired, func(o *Organisation) { o.Country = "" }},
		{"country", RuleCountry, func(o *Organisation) { o.Country = "BJ" }},
		{"country", RuleCountry, func(o *Organisation) { o.Country = "ben" }},
		{"country", RuleCountry, func(o *Organisation) { o.Country = "XYZ" }},
		{"country", RuleCountry, func(o *Organisation) { o.Country = "EUR" }},
		{"city", valid.RuleTooLong, func(o *Organisation) { o.City = strings.Repeat("a", MaxCity+1) }},
		{"phone", RulePhone, func(o *Organisation) { o.Phone = "appelez-nous" }},
		{"phone", RulePhone, func(o *Organisation) { o.Phone = "+33 1" }},
		{"phone", valid.RuleTooLong, func(o *Organisation) { o.Phone = strings.Repeat("1", MaxPhone+1) }},
		{"email", valid.RuleEmail, func(o *Organisation) { o.Email = "contact@" }},
		{"website", RuleURL, func(o *Organisation) { o.Website = "lumiere.example" }},
		{"website", RuleURL, func(o *Organisation) { o.Website = "javascript:alert(1)" }},
		{"website", RuleURL, func(o *Organisation) { o.Website = "https://" }},
		{"address", valid.RuleTooLong, func(o *Organisation) { o.Address = strings.Repeat("a", MaxAddress+1) }},
		{"retention_days", RuleRange, func(o *Organisation) { o.RetentionDays = -1 }},
		{"retention_days", RuleRange, func(o *Organisation) { o.RetentionDays = MaxRetentionDays + 1 }},
	}
	for _, c := range cases {
		o := goodOrg()
		c.edit(&o)
		es := o.Validate()
		if len(es) != 1 || !es.Has(c.field, c.rule) {
			t.Errorf("%s/%s: got %v", c.field, c.rule, es)
		}
	}
	for _, code := range []string{"NGA", "NER", "FRA", "MLI", "ROU", "BGR", "DEU", "CIV"} {
		if e := Country("country", code); e != nil {
			t.Errorf("%s refused", code)
		}
	}
	// Optional fields may be empty.
	o := Organisation{Name: "X", Type: Other, Country: "FRA"}
	if es := o.Validate(); len(es) != 0 {
		t.Fatalf("minimal organisation refused: %v", es)
	}
}

func TestOrganisationNormalise(t *testing.T) {
	o := Organisation{Name: "  Espoir ", Country: " ner ", Email: " Contact@Espoir.EXAMPLE "}
	o.Normalise()
	if o.Name != "Espoir" || o.Country != "NER" || o.Email != "contact@espoir.example" {
		t.Fatalf("%+v", o)
	}
}

func TestUserValidate(t *testing.T) {
	u := User{Email: " Chidi.Okeke@Example.ORG", DisplayName: " Chidi Okeke ", Lang: ""}
	u.Normalise()
	if u.Email != "chidi.okeke@example.org" || u.DisplayName != "Chidi Okeke" || u.Lang != "en" {
		t.Fatalf("%+v", u)
	}
	if es := u.Validate(); len(es) != 0 {
		t.Fatalf("valid user refused: %v", es)
	}
	bad := User{Email: "chidi", DisplayName: strings.Repeat("x", MaxDisplayName+1), Lang: "ha"}
	es := bad.Validate()
	if len(es) != 3 || !es.Has("email", valid.RuleEmail) || !es.Has("display_name", valid.RuleTooLong) ||
		!es.Has("lang", valid.RuleOneOf) {
		t.Fatalf("got %v", es)
	}
	if es := (User{DisplayName: "x", Lang: "fr"}).Validate(); !es.Has("email", valid.RuleRequired) {
		t.Fatalf("empty e-mail: %v", es)
	}
	// Messages never carry the submitted value.
	if strings.Contains(es.Error(), "chidi") {
		t.Fatal("value echoed")
	}
}

func TestMembershipValidate(t *testing.T) {
	org := uuid.Must(uuid.NewV7())
	for _, r := range OrgRoles {
		if es := (Membership{OrgID: org, Role: r}).Validate(); len(es) != 0 {
			t.Errorf("%s refused: %v", r, es)
		}
	}
	if es := (Membership{OrgID: org, Role: Admin}).Validate(); !es.Has("role", valid.RuleRole) {
		t.Fatalf("admin accepted as a membership: %v", es)
	}
	if es := (Membership{Role: Caseworker}).Validate(); !es.Has("organisation_id", valid.RuleRequired) {
		t.Fatalf("no organisation: %v", es)
	}
}

func TestOrgTypesAreDistinct(t *testing.T) {
	seen := map[OrgType]bool{}
	for _, ty := range OrgTypes {
		if seen[ty] {
			t.Fatalf("duplicate %s", ty)
		}
		seen[ty] = true
	}
	if len(OrgTypes) != 15 {
		t.Fatalf("%d types", len(OrgTypes))
	}
	// Every type exports as one of the nine HTCDS 2.0 values.
	htcds := []OrgType{NGO, LawEnforcement, HealthServiceOrganisation, CentralGovernmentOrganisation,
		LocalGovernmentOrganisation, ImmigrationService, LegalService, CorporateBusiness, SchoolOrCollege}
	for _, ty := range OrgTypes {
		if !slices.Contains(htcds, ty.HTCDS()) {
			t.Errorf("%s exports as %s, not an HTCDS value", ty, ty.HTCDS())
		}
	}
	if Shelter.HTCDS() != NGO || LegalService.HTCDS() != LegalService {
		t.Fatal("HTCDS mapping")
	}
}
