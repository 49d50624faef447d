package main

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/store"
)

// demoPlanCoordinator records the demo's national action plan.
const demoPlanCoordinator = "coordinator@cnt-demo.example.org"

// seedDemoPlans records Niger's demo action plan in the national
// coordination, as its coordinator, unless it keeps a plan already.
func seedDemoPlans(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	u, err := db.UserForLogin(ctx, demoPlanCoordinator)
	if err != nil {
		return fmt.Errorf("demo coordinator: %w", err)
	}
	as := auth.WithActor(ctx, auth.Actor{UserID: u.ID, OrgID: orgs["niamey"].ID, Role: auth.Coordinator, Lang: u.Lang})
	existing, err := db.ListActionPlans(as)
	if err != nil || len(existing) > 0 {
		return err
	}
	sample := demo.NigerActionPlan()
	p := sample.Plan
	if err := db.CreateActionPlan(as, &p); err != nil {
		return fmt.Errorf("demo plan: %w", err)
	}
	objectives := make([]uuid.UUID, len(sample.Objectives))
	for i, title := range sample.Objectives {
		o := plan.Objective{PlanID: p.ID, Title: title}
		if err := db.AddObjective(as, &o); err != nil {
			return fmt.Errorf("demo objective: %w", err)
		}
		objectives[i] = o.ID
	}
	projects := make([]uuid.UUID, len(sample.Projects))
	for i, pr := range sample.Projects {
		pr.PlanID = p.ID
		if err := db.AddProject(as, &pr); err != nil {
			return fmt.Errorf("demo project: %w", err)
		}
		projects[i] = pr.ID
	}
	pick := func(ids []uuid.UUID, i int) uuid.UUID {
		if i < 0 {
			return uuid.Nil
		}
		return ids[i]
	}
	for _, a := range sample.Activities {
		x := a.Activity
		x.PlanID, x.ObjectiveID, x.ProjectID = p.ID, pick(objectives, a.Objective), pick(projects, a.Project)
		if err := db.AddActivity(as, &x); err != nil {
			return fmt.Errorf("demo activity: %w", err)
		}
	}
	for _, ind := range sample.Indicators {
		x := ind.Indicator
		x.PlanID, x.ObjectiveID = p.ID, pick(objectives, ind.Objective)
		if err := db.AddIndicator(as, &x); err != nil {
			return fmt.Errorf("demo indicator: %w", err)
		}
	}
	return nil
}
