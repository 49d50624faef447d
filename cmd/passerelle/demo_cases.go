package main

import (
	"context"
	"fmt"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoCaseOrgs are the organisations that receive the sample network's
// invented cases, in demo.Network's order, with the caseworker who
// records them: the same people appear in several, spelt differently, so
// that the case register, the statistics and a linkage run (proposed by the
// demo coordinator, approved by each organisation's administrator) can be
// tried at once.
var demoCaseOrgs = [3]struct{ org, caseworker string }{
	{"edo", "caseworker@lumiere-edo.example.org"},
	{"agadez", "caseworker@refuge-sahel.example.org"},
	{"lyon", "caseworker@passage-lyon.example.org"},
}

// seedDemoCases records the sample cases, with the person's consent to
// statistics where the sample has it, in each organisation that has no case
// yet.
func seedDemoCases(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	sample := demo.Network()
	for i, d := range demoCaseOrgs {
		u, err := db.UserForLogin(ctx, d.caseworker)
		if err != nil {
			return fmt.Errorf("demo caseworker %s: %w", d.caseworker, err)
		}
		as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs[d.org].ID, Role: auth.Caseworker, Lang: u.Lang})
		page, err := db.ListCases(as, store.CaseFilter{})
		if err != nil {
			return err
		}
		if len(page.Items) > 0 {
			continue
		}
		for _, sc := range sample[i] {
			c := sc.Case
			if err := db.CreateCase(as, &c); err != nil {
				return fmt.Errorf("demo case for %s: %w", orgs[d.org].Name, err)
			}
			if !sc.Consent {
				continue
			}
			if err := db.AddConsent(as, &casework.Consent{CaseID: c.ID, Purpose: casework.PurposeStatistics, GivenBy: "person",
				Method: "oral", Language: u.Lang}); err != nil {
				return fmt.Errorf("demo consent for %s: %w", orgs[d.org].Name, err)
			}
		}
	}
	return nil
}
