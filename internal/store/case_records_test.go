package store

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestCaseScreeningsVersioned(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		first, err := db.RecordScreening(ctx, c.ID, identify.Facts{AgeAtRecruitment: intp(17), Acts: []string{"recruitment"},
			Purposes: []string{"sexual_exploitation"}})
		must(t, err)
		second, err := db.RecordScreening(w.asSuperA(), c.ID, identify.Facts{AgeAtRecruitment: intp(17),
			Acts: []string{"recruitment", "transportation"}, Means: []string{"deception"}, Purposes: []string{"sexual_exploitation"},
			ExploitationOccurred: true, CrossedBorder: true,
			Indicators: &identify.IndicatorFacts{Catalogue: "child_sexual"}})
		must(t, err)
		if first.Version != 1 || second.Version != 2 || second.ScreenedBy != w.superA.ID || second.At.IsZero() {
			t.Fatalf("versions %d %d by %v", first.Version, second.Version, second.ScreenedBy)
		}
		want, err := identify.Assess(second.Facts)
		cat, _ := identify.Catalogues().Get("child_sexual")
		must(t, err)
		list, err := db.ListScreenings(ctx, c.ID)
		must(t, err)
		if len(list) != 2 || list[0].Version != 1 || list[1].Version != 2 || !list[1].Result.MeetsDefinition ||
			list[1].Result.MeetsDefinition != want.MeetsDefinition || len(list[1].Result.Reasons) != len(want.Reasons) ||
			!slices.Equal(list[1].Facts.Means, []string{"deception"}) || list[1].CatalogueVersion != "child_sexual@"+cat.Version || list[0].CatalogueVersion != "" ||
			list[0].ScreenedBy != w.caseA.ID {
			t.Fatalf("screenings %+v", list)
		}
		var fe *identify.FieldError
		if _, err := db.RecordScreening(ctx, c.ID, identify.Facts{Acts: []string{"kidnap"}}); !errors.As(err, &fe) ||
			fe.Field != "acts[0]" || fault.KindOf(err) != fault.Invalid {
			t.Fatalf("unknown act: %v", err)
		}
		if list, _ := db.ListScreenings(ctx, c.ID); len(list) != 2 {
			t.Fatal("a refused screening was stored")
		}
	})
}

func TestCaseConsentWithdrawal(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		ids := seedRecords(t, db, ctx, c.ID)
		stats := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "guardian", Method: "written"}
		must(t, db.AddConsent(ctx, &stats))
		list, err := db.ListConsents(ctx, c.ID)
		must(t, err)
		now := time.Now()
		if len(list) != 2 || !casework.Allows(list, "referral", "Shelter", now) || casework.Allows(list, "referral", "LawEnforcement", now) ||
			!casework.Allows(list, "statistics", "", now) || list[0].RecordedBy != w.caseA.ID {
			t.Fatalf("consents %+v", list)
		}
		must(t, db.WithdrawConsent(ctx, uuid.Nil, ids.consent))
		wantErr(t, db.WithdrawConsent(ctx, uuid.Nil, ids.consent), ErrConflict)
		list, err = db.ListConsents(ctx, c.ID)
		must(t, err)
		if casework.Allows(list, "referral", "Shelter", time.Now().Add(time.Second)) || list[0].WithdrawnAt == nil {
			t.Fatalf("withdrawn consent still allows referral: %+v", list)
		}
		var es valid.Errors
		bad := casework.Consent{CaseID: c.ID, Purpose: "referral", GivenBy: "person", Method: "oral"}
		if err := db.AddConsent(ctx, &bad); !errors.As(err, &es) || !es.Has("org_types", valid.RuleRequired) {
			t.Fatalf("referral without organisation types: %v", err)
		}
		acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n")
		if !strings.Contains(acts, "consent.give purpose=statistics") || !strings.Contains(acts, "consent.withdraw purpose=referral") {
			t.Fatalf("consent audit: %s", acts)
		}
	})
}

func TestCasePlan(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		ids := seedRecords(t, db, ctx, c.ID)
		health := casework.PlanItem{CaseID: c.ID, Objective: "Trauma counselling", Type: "psychosocial", Provider: "CHU Lyon"}
		must(t, db.AddPlanItem(ctx, &health))
		if health.Domain != "personal" || health.Status != "planned" {
			t.Fatalf("defaults %+v", health)
		}
		plan, err := db.ListPlan(ctx, c.ID)
		must(t, err)
		item := plan[0]
		item.Status, item.ActualStart, item.Outcome = "in_progress", "2026-01-12", "Attends every day"
		must(t, db.UpdatePlanItem(ctx, item))
		must(t, db.AddFollowUp(ctx, ids.item, casework.PlanFollowUp{Note: "Visited the school with Blessing"}))
		must(t, db.AddFollowUp(w.asSuperA(), ids.item, casework.PlanFollowUp{Note: "Second month going well"}))
		var es valid.Errors
		if err := db.AddFollowUp(ctx, ids.item, casework.PlanFollowUp{}); !errors.As(err, &es) || !es.Has("note", valid.RuleRequired) {
			t.Fatalf("empty follow-up: %v", err)
		}
		item.ActualEnd = "2025-01-01"
		if err := db.UpdatePlanItem(ctx, item); !errors.As(err, &es) || !es.Has("actual_end", casework.RuleDateOrder) {
			t.Fatalf("end before start: %v", err)
		}
		plan, err = db.ListPlan(ctx, c.ID)
		must(t, err)
		if len(plan) != 2 || plan[0].Status != "in_progress" || plan[0].Outcome != "Attends every day" ||
			plan[0].Objective != "Hairdressing course in Lyon for Blessing" || plan[0].ActualEnd != "" ||
			len(plan[0].FollowUps) != 2 || plan[0].FollowUps[1].By != w.superA.ID ||
			plan[0].FollowUps[0].Note != "Visited the school with Blessing" || plan[1].Provider != "CHU Lyon" {
			t.Fatalf("plan %+v", plan)
		}
		out := casework.Outcomes(plan)
		if out["professional"]["in_progress"] != 1 || out["personal"]["planned"] != 1 {
			t.Fatalf("outcomes %v", out)
		}
		if acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n"); !strings.Contains(acts, "plan.update fields=actual_start,status,outcome") {
			t.Fatalf("plan audit: %s", acts)
		}
	})
}

func TestCaseNotesAndAttachments(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		ids := seedRecords(t, db, ctx, c.ID)
		must(t, db.AddNote(w.asSuperA(), &casework.Note{CaseID: c.ID, Body: "Supervision: risk assessment done."}))
		notes, err := db.ListNotes(ctx, c.ID)
		must(t, err)
		if len(notes) != 2 || notes[0].Body != "Blessing called from +234 803 555 0147; she is safe." || notes[1].By != w.superA.ID {
			t.Fatalf("notes %+v", notes)
		}
		var es valid.Errors
		if err := db.AddNote(ctx, &casework.Note{CaseID: c.ID}); !errors.As(err, &es) || !es.Has("body", valid.RuleRequired) {
			t.Fatalf("empty note: %v", err)
		}
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
		img := casework.Attachment{CaseID: c.ID, Name: "passport-page.png"}
		must(t, db.AddAttachment(ctx, &img, png))
		if img.ContentType != "image/png" || img.Size != int64(len(png)) || img.By != w.caseA.ID {
			t.Fatalf("attachment %+v", img)
		}
		for name, tc := range map[string]struct {
			data        []byte
			field, rule string
		}{
			"executable": {[]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), "content_type", valid.RuleOneOf},
			"html":       {[]byte("<html><script>alert(1)</script></html>"), "content_type", valid.RuleOneOf},
			"too large":  {bytes.Repeat([]byte("a"), casework.MaxAttachmentBytes+1), "data", RuleTooLarge},
			"empty":      {nil, "data", valid.RuleRequired},
		} {
			err := db.AddAttachment(ctx, &casework.Attachment{CaseID: c.ID, Name: "x"}, tc.data)
			if !errors.As(err, &es) || !es.Has(tc.field, tc.rule) {
				t.Errorf("%s: %v", name, err)
			}
		}
		if err := db.AddAttachment(ctx, &casework.Attachment{CaseID: c.ID}, png); !errors.As(err, &es) || !es.Has("name", valid.RuleRequired) {
			t.Errorf("no name: %v", err)
		}
		list, err := db.ListAttachments(ctx, c.ID)
		must(t, err)
		if len(list) != 2 || list[0].Name != "statement-osagie.txt" || list[0].ContentType != "text/plain; charset=utf-8" {
			t.Fatalf("attachments %+v", list)
		}
		a, data, err := db.GetAttachment(ctx, ids.attachment)
		must(t, err)
		if a.Name != "statement-osagie.txt" || string(data) != "Statement of Blessing Osagie, taken in Lyon.\n" {
			t.Fatalf("attachment read back %+v %q", a, data)
		}
		if acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n"); !strings.Contains(acts, "attachment.read") ||
			!strings.Contains(acts, "note.create") || strings.Contains(acts, "osagie") {
			t.Fatalf("audit: %s", acts)
		}
		verifyAudit(t, db)
	})
}

// TestAttachmentNameIsABaseName: a name sent as a path is kept as its base
// name only, whatever surface sent it.
func TestAttachmentNameIsABaseName(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := casework.Case{Person: casework.Person{GivenName: "Joy", FamilyName: "Ehigie"}}
		must(t, db.CreateCase(ctx, &c))
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 64)...)
		at := casework.Attachment{CaseID: c.ID, Name: "../../etc/passwd.png"}
		must(t, db.AddAttachment(ctx, &at, png))
		got, _, err := db.GetAttachment(ctx, at.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "passwd.png" {
			t.Fatalf("attachment name stored as %q, want passwd.png", got.Name)
		}
	})
}
