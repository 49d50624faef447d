package store

import (
	"bytes"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func planTables(t testing.TB, db *DB) map[string]int {
	t.Helper()
	return fixture.RowCounts(t, db.w, "action_plans", "plan_objectives", "plan_projects", "plan_activities",
		"plan_indicators", "plan_indicator_values", "audit_log")
}

// TestActionPlanOnePath records a plan with everything it holds as a
// coordinator, reads it back whole, and checks who may do what, the seals,
// the audit trail, and that bad input changes nothing.
func TestActionPlanOnePath(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coordA := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		analystA := w.as(w.superA, w.orgA.ID, auth.Analyst)
		coordB := w.as(w.adminB, w.orgB.ID, auth.Coordinator)

		p := plan.Plan{Country: "NER", Title: "Plan d'action national 2025-2027", StartsOn: "2025-01-01", EndsOn: "2027-12-31"}
		must(t, db.CreateActionPlan(coordA, &p))
		obj := plan.Objective{PlanID: p.ID, Title: "Protéger les victimes"}
		must(t, db.AddObjective(coordA, &obj))
		proj := plan.Project{PlanID: p.ID, Donor: "Union européenne", DonorRef: "XI-IATI-EC_INTPA", Title: "Appui au PAN",
			Budget: 150000000, Currency: "EUR", IATIIdentifier: "XI-IATI-EC_INTPA-2025-NER-01", StartsOn: "2025-01-01", EndsOn: "2026-12-31"}
		must(t, db.AddProject(coordA, &proj))
		late := plan.Activity{PlanID: p.ID, ObjectiveID: obj.ID, ProjectID: proj.ID, Title: "Former 200 agents",
			Responsible: "Ministère de la Justice", Budget: 1250050, Currency: "XOF", StartsOn: "2025-01-15", DueOn: "2025-06-30",
			Status: plan.InProgress}
		must(t, db.AddActivity(coordA, &late))
		done := plan.Activity{PlanID: p.ID, Title: "Adopter le décret", Responsible: "CNCLTP", StartsOn: "2025-01-01",
			DueOn: "2025-03-31", Status: plan.Done}
		must(t, db.AddActivity(coordA, &done))
		ind := plan.Indicator{PlanID: p.ID, ObjectiveID: obj.ID, Name: "Victimes orientées", Unit: "personnes",
			Baseline: 12000, Target: 60000, Values: []plan.Value{{Period: "2025", Value: 15000}}}
		must(t, db.AddIndicator(coordA, &ind))
		must(t, db.RecordIndicatorValue(coordA, p.ID, ind.ID, plan.Value{Period: "2025", Value: 31000}))
		must(t, db.RecordIndicatorValue(coordA, p.ID, ind.ID, plan.Value{Period: "2024", Value: 12000}))

		d, err := db.ActionPlan(analystA, p.ID)
		must(t, err)
		if d.Plan.Title != p.Title || d.Plan.Country != "NER" || len(d.Objectives) != 1 || d.Objectives[0].Title != obj.Title {
			t.Fatalf("plan read back: %+v", d)
		}
		if len(d.Activities) != 2 || d.Activities[0] != late || d.Activities[1] != done {
			t.Fatalf("activities read back:\n%+v\nwant\n%+v\n%+v", d.Activities, late, done)
		}
		if len(d.Projects) != 1 || d.Projects[0] != proj {
			t.Fatalf("project read back: %+v", d.Projects)
		}
		if len(d.Indicators) != 1 || d.Indicators[0].Name != ind.Name || len(d.Indicators[0].Values) != 2 ||
			d.Indicators[0].Values[0] != (plan.Value{Period: "2024", Value: 12000}) || d.Indicators[0].Values[1].Value != 31000 {
			t.Fatalf("indicator read back: %+v", d.Indicators)
		}
		list, err := db.ListActionPlans(analystA)
		must(t, err)
		if len(list) != 1 || list[0].Title != p.Title {
			t.Fatalf("list: %+v", list)
		}

		// Progress from what was stored: one done, one late.
		pr := plan.Assess(d, time.Date(2026, 1, 10, 0, 0, 0, 0, time.UTC))
		if pr.Counts[plan.StateDone] != 1 || pr.Counts[plan.StateLate] != 1 {
			t.Fatalf("progress: %+v", pr.Counts)
		}

		// Texts are sealed: the raw columns do not hold them.
		var raw []byte
		must(t, db.w.QueryRow(`SELECT title FROM plan_activities WHERE id = $1`, late.ID).Scan(&raw))
		if bytes.Contains(raw, []byte("Former")) {
			t.Fatal("activity title stored in clear")
		}

		// Who may do what.
		caseA := w.asCaseA()
		wantErr(t, db.AddActivity(analystA, &plan.Activity{PlanID: p.ID}), ErrForbidden)
		_, err = db.ActionPlan(caseA, p.ID)
		wantErr(t, err, ErrForbidden)
		_, err = db.ActionPlan(coordB, p.ID) // a plan is read network-wide (TestPolicyDocumentsReadNetworkWide)
		must(t, err)
		_, err = db.ActionPlanToEdit(coordB, p.ID)
		wantErr(t, err, ErrNotFound)
		wantErr(t, db.AddActivity(coordB, &plan.Activity{PlanID: p.ID, Title: "x", Responsible: "x", StartsOn: "2025-01-01",
			DueOn: "2025-01-02"}), ErrNotFound)
		wantErr(t, db.RecordIndicatorValue(coordB, p.ID, ind.ID, plan.Value{Period: "2025", Value: 1}), ErrNotFound)
		listB, err := db.ListActionPlans(coordB)
		must(t, err)
		if len(listB) != 0 {
			t.Fatalf("B sees A's plans: %d", len(listB))
		}

		// Bad input is refused naming the field, and changes nothing.
		before := planTables(t, db)
		for _, c := range []struct {
			field, rule string
			err         error
		}{
			{"ends_on", plan.RuleEndBeforeStart, db.CreateActionPlan(coordA, &plan.Plan{Country: "NER", Title: "x", StartsOn: "2027-01-01", EndsOn: "2025-01-01"})},
			{"budget", plan.RuleNegative, db.AddActivity(coordA, &plan.Activity{PlanID: p.ID, Title: "x", Responsible: "x", Budget: -100, Currency: "XOF", StartsOn: "2025-01-01", DueOn: "2025-02-01"})},
			{"status", valid.RuleOneOf, db.AddActivity(coordA, &plan.Activity{PlanID: p.ID, Title: "x", Responsible: "x", StartsOn: "2025-01-01", DueOn: "2025-02-01", Status: "finished"})},
			{"currency", valid.RuleOneOf, db.AddProject(coordA, &plan.Project{PlanID: p.ID, Donor: "x", Title: "x", Budget: 1, Currency: "FCF", StartsOn: "2025-01-01", EndsOn: "2025-02-01"})},
			{"objective_id", plan.RuleNotInPlan, db.AddActivity(coordA, &plan.Activity{PlanID: p.ID, ObjectiveID: uuid.New(), Title: "x", Responsible: "x", StartsOn: "2025-01-01", DueOn: "2025-02-01"})},
			{"period", plan.RulePeriod, db.RecordIndicatorValue(coordA, p.ID, ind.ID, plan.Value{Period: "T1 2025", Value: 1})},
		} {
			es, ok := c.err.(valid.Errors)
			if !ok || !es.Has(c.field, c.rule) {
				t.Errorf("%s/%s: got %v", c.field, c.rule, c.err)
			}
		}
		fixture.SameRowCounts(t, before, planTables(t, db))

		// The plan's IATI organisation identifier is recorded later.
		p.IATIOrgRef = "XI-DEMO-CNCLT"
		must(t, db.UpdateActionPlan(coordA, p))
		wantErr(t, db.UpdateActionPlan(coordB, p), ErrNotFound)
		bad := p
		bad.EndsOn = "2024-01-01"
		if es, ok := db.UpdateActionPlan(coordA, bad).(valid.Errors); !ok || !es.Has("ends_on", plan.RuleEndBeforeStart) {
			t.Errorf("update with the end before the start: %v", es)
		}
		if d, err := db.ActionPlan(analystA, p.ID); err != nil || d.Plan.IATIOrgRef != "XI-DEMO-CNCLT" || d.Plan.Title != p.Title {
			t.Errorf("updated plan: %+v %v", d.Plan, err)
		}

		// A status change is audited with the fields that changed.
		late.Status, late.AtRisk = plan.Done, true
		must(t, db.UpdateActivity(coordA, late))
		entries, err := db.ListAudit(w.asAdminA(), w.orgA.ID, AuditFilter{ActionPrefix: "plan."})
		must(t, err)
		actions := map[string]string{}
		for _, e := range entries {
			actions[e.Action] = e.Detail
		}
		if actions["plan.update"] != "fields=iati_org_ref" {
			t.Errorf("plan update detail %q", actions["plan.update"])
		}
		for _, a := range []string{"plan.create", "plan.objective", "plan.project.create", "plan.activity.create",
			"plan.indicator.create", "plan.indicator.value", "plan.activity.update"} {
			if _, ok := actions[a]; !ok {
				t.Errorf("no audit entry %s in %v", a, actions)
			}
		}
		if actions["plan.activity.update"] != "fields=status,at_risk" {
			t.Errorf("update detail %q", actions["plan.activity.update"])
		}
		_, _, err = db.ExportActionPlan(analystA, p.ID, "xlsx")
		must(t, err)
		entries, err = db.ListAudit(w.asAdminA(), w.orgA.ID, AuditFilter{ActionPrefix: "plan.export"})
		must(t, err)
		if len(entries) != 1 || entries[0].Detail != "format=xlsx" {
			t.Errorf("export audit: %+v", entries)
		}
	})
}
