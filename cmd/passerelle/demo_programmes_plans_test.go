package main

import (
	"context"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// TestDemoActionPlan: the demo's national coordination keeps Niger's plan
// once (a second seed adds none), with activities in every state of the
// progress view on a day of 2026, and the donor-funded project.
func TestDemoActionPlan(t *testing.T) {
	dir := seeded(t)
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("second seed: %s", errs)
	}
	db, sys := openData(t, dir)
	u, err := db.UserForLogin(sys, demoPlanCoordinator)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := db.Memberships(sys, u.ID)
	if err != nil || len(ms) != 1 {
		t.Fatalf("coordinator memberships: %v %v", ms, err)
	}
	as := auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: ms[0].OrgID, Role: auth.Coordinator})
	list, err := db.ListActionPlans(as)
	if err != nil || len(list) != 1 {
		t.Fatalf("plans after two seeds: %d (%v)", len(list), err)
	}
	d, err := db.ActionPlan(as, list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	sample := demo.NigerActionPlan()
	if d.Plan.Country != "NER" || len(d.Activities) != len(sample.Activities) || len(d.Projects) != 1 ||
		len(d.Indicators) != len(sample.Indicators) || len(d.Objectives) != len(sample.Objectives) {
		t.Fatalf("demo plan: %+v", d)
	}
	p := plan.Assess(d, time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC))
	for _, st := range append(append([]string(nil), plan.States...), string(plan.StateCancelled)) {
		if len(p.Activities[plan.State(st)]) == 0 {
			t.Errorf("no demo activity is %s on 2026-09-01", st)
		}
	}
}
