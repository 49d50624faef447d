package referral

import (
	"slices"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
)

func TestDefaults(t *testing.T) {
	for _, tc := range []struct {
		services []directory.Service
		has      []Field
		hasNot   []Field
	}{
		{nil, Minimum, []Field{Address, Narrative}},
		{[]directory.Service{directory.Health}, []Field{GivenName, Sex, Age}, []Field{Address, Narrative}},
		{[]directory.Service{directory.Shelter}, []Field{Address}, []Field{Narrative}},
		{[]directory.Service{directory.ReturnReintegration}, []Field{Address}, []Field{Narrative}},
		{[]directory.Service{directory.LegalAssistance}, []Field{Narrative}, []Field{Address}},
	} {
		got := Defaults(tc.services)
		for _, f := range tc.has {
			if !slices.Contains(got, f) {
				t.Errorf("%v: %s not pre-selected", tc.services, f)
			}
		}
		for _, f := range tc.hasNot {
			if slices.Contains(got, f) {
				t.Errorf("%v: %s pre-selected", tc.services, f)
			}
		}
	}
}

func TestShareable(t *testing.T) {
	now := time.Now()
	past := now.Add(-time.Hour)
	consents := []casework.Consent{{Purpose: casework.PurposeReferral, OrgTypes: []string{"Shelter"}, GivenAt: past}}
	if ok, rule := Shareable(consents, "Shelter", Narrative, now); !ok || rule != "" {
		t.Fatalf("covered: %v %s", ok, rule)
	}
	if ok, rule := Shareable(consents, "LawEnforcement", GivenName, now); ok || rule != RuleNoConsent {
		t.Fatalf("other type: %v %s", ok, rule)
	}
	if ok, rule := Shareable(consents, "Shelter", "religion", now); ok || rule != RuleUnknownField {
		t.Fatalf("unknown field: %v %s", ok, rule)
	}
	consents[0].WithdrawnAt = &past
	if ok, _ := Shareable(consents, "Shelter", GivenName, now); ok {
		t.Fatal("withdrawn consent still allows")
	}
}

func TestNext(t *testing.T) {
	for _, tc := range []struct {
		from     Status
		a        Action
		receiver bool
		to       Status
		rule     string
	}{
		{Sent, Acknowledge, true, Acknowledged, ""},
		{Sent, Accept, true, Accepted, ""},
		{Acknowledged, Decline, true, Declined, ""},
		{Accepted, Start, true, InService, ""},
		{InService, Complete, true, Completed, ""},
		{InService, Revoke, false, Revoked, ""},
		{Completed, Revoke, false, Completed, RuleTransition},
		{Sent, Accept, false, Sent, RuleNotReceiver},
		{Sent, Revoke, true, Sent, RuleNotSender},
		{Sent, Complete, true, Sent, RuleTransition},
		{Declined, Accept, true, Declined, RuleTransition},
	} {
		to, rule := Next(tc.from, tc.a, tc.receiver)
		if to != tc.to || rule != tc.rule {
			t.Errorf("%s %s receiver=%v: %s %q, want %s %q", tc.from, tc.a, tc.receiver, to, rule, tc.to, tc.rule)
		}
	}
}

func TestProjectCarriesOnlyTheShare(t *testing.T) {
	age := 30
	c := casework.Case{Person: casework.Person{GivenName: "Efosa", FamilyName: "Osagie", Address: "Agadez", Narrative: "x"},
		Gender: "Feminine", Citizenship: "NGA", AgeWhenTrafficked: &age, Exploitation: []string{"ForcedLabour"}}
	n := Project(c, []Field{GivenName, Age})
	if n.Person.GivenName != "Efosa" || n.Person.FamilyName != "" || n.Person.Address != "" || n.Person.Narrative != "" ||
		n.Gender != "" || n.Citizenship != "" || n.Exploitation != nil || n.AgeWhenTrafficked == nil {
		t.Fatalf("projection: %+v", n)
	}
}
