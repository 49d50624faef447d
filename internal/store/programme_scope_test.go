package store

import (
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
)

// TestPolicyDocumentsReadNetworkWide: a donor organisation's analyst reads
// another organisation's national action plan, its progress and its
// exports (each export audited in the keeping organisation's chain, with
// the donor's analyst as actor) and changes nothing; another
// organisation's coordinator reads an assessment and cannot add findings.
// A caseworker of another organisation (no programme.view) finds neither.
func TestPolicyDocumentsReadNetworkWide(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coordA := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		donor := account.Organisation{Name: "Fonds Corridor Solidaire", Type: account.Other, Country: "FRA", City: "Paris"}
		must(t, db.CreateOrganisation(w.sys, &donor))
		analyst := account.User{Email: "thomas.weber@fonds-corridor.example", DisplayName: "Thomas Weber", Lang: "en",
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}
		must(t, db.CreateUser(w.sys, &analyst, []account.Membership{{OrgID: donor.ID, Role: auth.Analyst}}))
		donorAnalyst := w.as(analyst, donor.ID, auth.Analyst)

		p := plan.Plan{Country: "NER", Title: "Plan d'action national 2025-2027", StartsOn: "2025-01-01", EndsOn: "2027-12-31"}
		must(t, db.CreateActionPlan(coordA, &p))
		late := plan.Activity{PlanID: p.ID, Title: "Former 200 agents", Responsible: "Ministère de la Justice",
			StartsOn: "2025-01-15", DueOn: "2025-06-30", Status: plan.InProgress}
		must(t, db.AddActivity(coordA, &late))
		ind := plan.Indicator{PlanID: p.ID, Name: "Victimes orientées", Baseline: 0, Target: 100}
		must(t, db.AddIndicator(coordA, &ind))

		// The donor's analyst reads the plan, whole and in clear, and its progress.
		d, err := db.ActionPlan(donorAnalyst, p.ID)
		must(t, err)
		if d.Plan.Title != p.Title || len(d.Activities) != 1 || d.Activities[0].Title != late.Title {
			t.Fatalf("donor's analyst reads: %+v", d)
		}
		if pr := plan.Assess(d, time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC)); pr.Counts[plan.StateLate] != 1 {
			t.Fatalf("progress read by the donor: %+v", pr.Counts)
		}
		// It finds the plan among the network's, named with its keeper;
		// the keeper's own list is apart.
		net, err := db.ListNetworkActionPlans(donorAnalyst)
		must(t, err)
		if len(net) != 1 || net[0].ID != p.ID || net[0].Title != p.Title || net[0].Organisation != w.orgA.Name {
			t.Fatalf("network plans for the donor: %+v", net)
		}
		if own, err := db.ListNetworkActionPlans(coordA); err != nil || len(own) != 0 {
			t.Fatalf("A's network list holds its own plan: %+v %v", own, err)
		}
		_, err = db.ListNetworkActionPlans(w.asCaseB())
		wantErr(t, err, ErrForbidden)
		if db.MayEditPolicy(donorAnalyst, p.OrgID) || !db.MayEditPolicy(coordA, p.OrgID) {
			t.Fatal("MayEditPolicy disagrees with the rule")
		}

		// Exports: read, and audited in A's chain with the donor's analyst.
		for _, f := range []string{"xlsx", "csv", "iati"} {
			if _, org, err := db.ExportActionPlan(donorAnalyst, p.ID, f); err != nil || org.ID != w.orgA.ID {
				t.Fatalf("export %s by the donor: %v (org %v)", f, err, org.ID)
			}
		}
		var exports int
		must(t, db.w.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE organisation_id = $1 AND actor_id = $2
			AND action = 'plan.export' AND record_id = $3`, w.orgA.ID, analyst.ID, p.ID.String()).Scan(&exports))
		if exports != 3 {
			t.Fatalf("exports by the donor audited in A's chain: %d, want 3", exports)
		}

		// Writes: another organisation's plan is not found, nothing changes.
		before := planTables(t, db)
		_, err = db.ActionPlanToEdit(donorAnalyst, p.ID)
		wantErr(t, err, ErrNotFound)
		q := p
		q.Title = "Renamed"
		wantErr(t, db.UpdateActionPlan(donorAnalyst, q), ErrNotFound)
		wantErr(t, db.AddActivity(donorAnalyst, &plan.Activity{PlanID: p.ID, Title: "x", Responsible: "x",
			StartsOn: "2025-01-01", DueOn: "2025-01-02"}), ErrNotFound)
		wantErr(t, db.AddObjective(donorAnalyst, &plan.Objective{PlanID: p.ID, Title: "x"}), ErrNotFound)
		wantErr(t, db.RecordIndicatorValue(donorAnalyst, p.ID, ind.ID, plan.Value{Period: "2025", Value: 1}), ErrNotFound)
		coordB := w.as(w.adminB, w.orgB.ID, auth.Coordinator)
		x := late
		x.Status = plan.Done
		wantErr(t, db.UpdateActivity(coordB, x), ErrNotFound)
		sameSnapshot(t, before, planTables(t, db))

		// A caseworker of another organisation has no programme.view: not found.
		_, err = db.ActionPlan(w.asCaseB(), p.ID)
		wantErr(t, err, ErrNotFound)

		// An assessment: B's coordinator reads it with its findings, cannot add one.
		as, err := db.CreateLegislationAssessment(coordA, legislation.Draft{Country: "NER", AssessedOn: "2025-03-01"})
		must(t, err)
		_, err = db.SetLegislationItem(coordA, as.ID, legislation.ItemInput{RequirementID: "coe-13-reflection",
			Status: "not_in_line", Provision: "Aucune disposition"})
		must(t, err)
		got, err := db.GetLegislationAssessment(coordB, as.ID)
		must(t, err)
		if len(got.Items) != 1 || got.Items[0].Status != legislation.NotInLine || legislation.GapCount(got.Gaps()) == 0 {
			t.Fatalf("B's coordinator reads: %+v", got)
		}
		netB, err := db.ListNetworkLegislationAssessments(coordB)
		must(t, err)
		if len(netB) != 1 || netB[0].ID != as.ID || len(netB[0].Items) != 1 || netB[0].Organisation != w.orgA.Name {
			t.Fatalf("network assessments for B: %+v", netB)
		}
		if own, err := db.ListNetworkLegislationAssessments(coordA); err != nil || len(own) != 0 {
			t.Fatalf("A's network list holds its own assessment: %+v %v", own, err)
		}
		items := count(t, db, "legislation_items")
		_, err = db.SetLegislationItem(coordB, as.ID, legislation.ItemInput{RequirementID: "coe-26-non-punishment", Status: "in_line"})
		wantErr(t, err, ErrNotFound)
		_, err = db.LegislationAssessmentToEdit(coordB, as.ID)
		wantErr(t, err, ErrNotFound)
		if count(t, db, "legislation_items") != items {
			t.Fatal("a refused finding was written")
		}
		_, err = db.GetLegislationAssessment(w.asCaseB(), as.ID)
		wantErr(t, err, ErrNotFound)
	})
}
