package main

import (
	"context"
	"fmt"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoServices are the services the demo organisations delivered, by plan
// item type, each with a short objective as a caseworker writes it.
var demoServices = []struct{ typ, objective string }{
	{"shelter", "Hébergement sécurisé"},
	{"health", "Bilan médical"},
	{"psychosocial", "Soutien psychologique"},
	{"legal_assistance", "Conseil juridique"},
	{"vocational_training", "Formation couture"},
	{"residence_permit", "Titre séjour"},
}

// seedDemoServices gives each demo case one to three services done over the
// last months, so that the donor report has services to count; an
// organisation whose first case already has a plan is left as it is.
func seedDemoServices(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	today := time.Now().UTC()
	n := 0
	for _, d := range demoCaseOrgs {
		u, err := db.UserForLogin(ctx, d.caseworker)
		if err != nil {
			return fmt.Errorf("demo caseworker %s: %w", d.caseworker, err)
		}
		as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs[d.org].ID, Role: auth.Caseworker, Lang: u.Lang})
		page, err := db.ListCases(as, store.CaseFilter{Limit: 200})
		if err != nil {
			return err
		}
		if len(page.Items) == 0 {
			continue
		}
		if plan, err := db.ListPlan(as, page.Items[0].ID); err != nil || len(plan) > 0 {
			continue
		}
		for i, c := range page.Items {
			for j := range 1 + i%3 {
				n++
				s := demoServices[(i+2*j)%len(demoServices)]
				end := today.AddDate(0, 0, -(n*11)%150)
				item := casework.PlanItem{CaseID: c.ID, Objective: s.objective, Type: s.typ, Status: "done",
					ActualStart: end.AddDate(0, 0, -30).Format(time.DateOnly), ActualEnd: end.Format(time.DateOnly)}
				if err := db.AddPlanItem(as, &item); err != nil {
					return fmt.Errorf("demo service for %s: %w", orgs[d.org].Name, err)
				}
			}
		}
	}
	return nil
}
