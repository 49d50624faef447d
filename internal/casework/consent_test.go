package casework

import (
	"slices"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestConsentNormalise: one stored form whatever the surface sent.
func TestConsentNormalise(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 30, 0, 123456789, time.FixedZone("WAT", 3600))
	for _, tc := range []struct {
		in    Consent
		types []string
	}{
		{Consent{Purpose: PurposeStatistics, OrgTypes: []string{"Shelter"}}, nil},
		{Consent{Purpose: " research ", OrgTypes: []string{"NGO"}}, nil},
		{Consent{Purpose: PurposeAssistance}, nil},
		{Consent{Purpose: PurposeReferral, OrgTypes: []string{"Shelter", " LegalService", "Shelter"}}, []string{"Shelter", "LegalService"}},
	} {
		c := tc.in
		c.GivenBy, c.Method, c.Language, c.GivenAt = " person", "oral ", " HA ", at
		c.Normalise()
		if !slices.Equal(c.OrgTypes, tc.types) || c.GivenBy != "person" || c.Method != "oral" || c.Language != "ha" ||
			c.GivenAt.Location() != time.UTC || c.GivenAt.Nanosecond() != 123456000 {
			t.Errorf("%+v normalised to %+v", tc.in, c)
		}
		if es := c.Validate(at); len(es) > 0 {
			t.Errorf("%+v: %v", c, es)
		}
	}
	c := Consent{Purpose: PurposeReferral, GivenBy: "person", Method: "oral", GivenAt: at}
	c.Normalise()
	if es := c.Validate(at); !es.Has("org_types", valid.RuleRequired) {
		t.Errorf("a referral without organisation types: %v", es)
	}
	if got := PurposeValues(); len(got) != len(Purposes) || got[2] != string(PurposeStatistics) {
		t.Errorf("PurposeValues: %q", got)
	}
}
