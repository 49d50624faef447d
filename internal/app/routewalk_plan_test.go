package app

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/store"
)

// planRecords are one organisation's action plan with an activity and an
// indicator, for the walks.
type planRecords struct{ plan, activity, indicator uuid.UUID }

// addActionPlan records a plan with an activity and an indicator as the
// coordinator in ctx. Its texts are "walk", a word the text check knows as
// data.
func addActionPlan(t *testing.T, db *store.DB, ctx context.Context) planRecords {
	t.Helper()
	p := plan.Plan{Country: "NER", Title: "walk", StartsOn: "2025-01-01", EndsOn: "2027-12-31"}
	if err := db.CreateActionPlan(ctx, &p); err != nil {
		t.Fatal(err)
	}
	a := plan.Activity{PlanID: p.ID, Title: "walk", Responsible: "walk", StartsOn: "2025-01-01", DueOn: "2025-06-30",
		Budget: 100000, Currency: "XOF", Status: plan.InProgress}
	if err := db.AddActivity(ctx, &a); err != nil {
		t.Fatal(err)
	}
	ind := plan.Indicator{PlanID: p.ID, Name: "walk", Baseline: 0, Target: 10000, Values: []plan.Value{{Period: "2025", Value: 1000}}}
	if err := db.AddIndicator(ctx, &ind); err != nil {
		t.Fatal(err)
	}
	return planRecords{p.ID, a.ID, ind.ID}
}

// fillPlan puts the plan's identifiers into segment i of a path, after
// prev; false when the segment is not the plans'.
func (r planRecords) fillPlan(prev string) (string, bool) {
	switch prev {
	case "plans", "action-plans":
		return r.plan.String(), true
	case "activities":
		return r.activity.String(), true
	case "indicators":
		return r.indicator.String(), true
	}
	return "", false
}
