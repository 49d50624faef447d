package main

import (
	"context"
	"fmt"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoLegislationCoordinator records the demonstration's assessments of
// Niger's and France's law, for the national coordination in Niamey.
const demoLegislationCoordinator = "coordinator@cnt-demo.example.org"

// seedDemoLegislation records demo.Legislation's assessments unless the
// coordination has assessments already.
func seedDemoLegislation(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	u, err := db.UserForLogin(ctx, demoLegislationCoordinator)
	if err != nil {
		return fmt.Errorf("demo coordinator: %w", err)
	}
	as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs["niamey"].ID, Role: auth.Coordinator, Lang: u.Lang})
	existing, err := db.ListLegislationAssessments(as)
	if err != nil || len(existing) > 0 {
		return err
	}
	for _, d := range demo.Legislation() {
		a, err := db.CreateLegislationAssessment(as, d.Draft)
		if err != nil {
			return fmt.Errorf("demo assessment of %s: %w", d.Draft.Country, err)
		}
		for _, it := range d.Items {
			if _, err := db.SetLegislationItem(as, a.ID, it); err != nil {
				return fmt.Errorf("demo finding %s of %s: %w", it.RequirementID, d.Draft.Country, err)
			}
		}
	}
	return nil
}
