package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoLinkedCases counts, per organisation, the linked cases the demo
// referrals add to its own.
var demoLinkedCases = map[string]int{"agadez": 1}

// seedDemoReferrals gives the corridor a pathway kept by the national
// coordination (Nigeria - Niger - France) and one referral, by the real
// path: Benin City refers its first case to the Agadez shelter with the
// person's consent for shelters, sharing what a shelter needs. Nothing is
// added when pathways exist already.
func seedDemoReferrals(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	coord, err := db.UserForLogin(ctx, demoLegislationCoordinator)
	if err != nil {
		return fmt.Errorf("demo coordinator: %w", err)
	}
	cas := auth.WithActor(ctx, auth.Actor{UserID: coord.ID, OrgID: orgs["niamey"].ID, Role: auth.Coordinator, Lang: coord.Lang})
	ps, err := db.ListPathways(cas, "")
	if err != nil || len(ps) > 0 {
		return err
	}
	p := referral.Pathway{Name: "Nigeria – Niger – France", Countries: []string{"NGA", "NER", "FRA"},
		Steps: []referral.Step{
			{Service: directory.Shelter, OrgIDs: []uuid.UUID{orgs["agadez"].ID}},
			{Service: directory.LegalAssistance, OrgIDs: []uuid.UUID{orgs["lyon"].ID}},
			{Service: directory.ReturnReintegration, OrgIDs: []uuid.UUID{orgs["edo"].ID}},
		}}
	if err := db.SavePathway(cas, &p); err != nil {
		return fmt.Errorf("demo pathway: %w", err)
	}
	u, err := db.UserForLogin(ctx, "caseworker@lumiere-edo.example.org")
	if err != nil {
		return fmt.Errorf("demo caseworker: %w", err)
	}
	as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs["edo"].ID, Role: auth.Caseworker, Lang: u.Lang})
	page, err := db.ListCases(as, store.CaseFilter{Limit: 1})
	if err != nil || len(page.Items) == 0 {
		return err
	}
	c := page.Items[0]
	if err := db.AddConsent(as, &casework.Consent{CaseID: c.ID, Purpose: casework.PurposeReferral,
		OrgTypes: []string{string(account.Shelter), string(account.NGO)}, GivenBy: "person", Method: "oral", Language: "en"}); err != nil {
		return fmt.Errorf("demo referral consent: %w", err)
	}
	services := []directory.Service{directory.Shelter}
	r := referral.Referral{CaseID: c.ID, ToOrgID: orgs["agadez"].ID, Services: services, Urgency: referral.Urgent,
		Purpose: demo.ReferralPurpose, Message: demo.ReferralMessage,
		Share: referral.Defaults(services)}
	if err := db.CreateReferral(as, &r); err != nil {
		return fmt.Errorf("demo referral: %w", err)
	}
	return nil
}
