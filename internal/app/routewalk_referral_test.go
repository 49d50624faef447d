package app

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/store"
)

// addReferral refers case caseID of the organisation acting in ctx to
// organisation to (made a shelter accepting referrals), with the person's
// consent, and returns the referral's id: a record neither side of which is A.
func addReferral(t *testing.T, db *store.DB, ctx context.Context, caseID, to uuid.UUID) uuid.UUID {
	t.Helper()
	p := directory.Profile{OrgID: to, Services: []directory.Offer{{Service: directory.Shelter}}, AcceptsReferrals: true}
	if err := db.UpdateDirectoryProfile(seed.System(), p); err != nil {
		t.Fatal(err)
	}
	k := casework.Consent{CaseID: caseID, Purpose: casework.PurposeReferral, OrgTypes: []string{string(account.NGO)},
		GivenBy: "person", Method: "oral"}
	if err := db.AddConsent(ctx, &k); err != nil {
		t.Fatal(err)
	}
	r := referral.Referral{CaseID: caseID, ToOrgID: to, Services: []directory.Service{directory.Shelter},
		Purpose: "Shelter in Paris", Share: []referral.Field{referral.GivenName}}
	if err := db.CreateReferral(ctx, &r); err != nil {
		t.Fatal(err)
	}
	return r.ID
}

// addPathway has a coordinator (ctx) keep a pathway naming organisation org.
func addPathway(t *testing.T, db *store.DB, ctx context.Context, org uuid.UUID) uuid.UUID {
	t.Helper()
	p := referral.Pathway{Name: "Edo - Paris", Countries: []string{"NGA", "FRA"},
		Steps: []referral.Step{{Service: directory.Shelter, OrgIDs: []uuid.UUID{org}}}}
	if err := db.SavePathway(ctx, &p); err != nil {
		t.Fatal(err)
	}
	return p.ID
}
