package store

import (
	"context"
	"errors"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// fullCase is a case with every kind of record: a screening, two consents
// (one withdrawn), a plan item with two follow-ups, a note and an attachment.
func fullCase(t *testing.T, db *DB, ctx context.Context) (casework.Case, recordIDs) {
	t.Helper()
	c := createCase(t, db, ctx, blessing())
	ids := seedRecords(t, db, ctx, c.ID)
	stats := casework.Consent{CaseID: c.ID, Purpose: casework.PurposeStatistics, GivenBy: "person", Method: "written"}
	must(t, db.AddConsent(ctx, &stats))
	must(t, db.WithdrawConsent(ctx, c.ID, stats.ID))
	must(t, db.AddFollowUp(ctx, ids.item, casework.PlanFollowUp{Note: "Enrolled; first week attended."}))
	must(t, db.AddFollowUp(ctx, ids.item, casework.PlanFollowUp{Note: "Missed two days: clinic visit in Villeurbanne."}))
	second := casework.PlanItem{CaseID: c.ID, Objective: "Housing in Lyon", Type: "shelter"}
	must(t, db.AddPlanItem(ctx, &second))
	if _, err := db.RecordScreening(ctx, c.ID, identify.Facts{AgeAtRecruitment: intp(24), Acts: []string{"recruitment"}}); err != nil {
		t.Fatal(err)
	}
	return c, ids
}

// caseReads lists the "case.read" entries of org's chain (their details).
func caseReads(t *testing.T, db *DB, org uuid.UUID) []string {
	t.Helper()
	var out []string
	for _, a := range auditActions(t, db, org) {
		if d, ok := strings.CutPrefix(a, "case.read "); ok {
			out = append(out, d)
		}
	}
	return out
}

// TestCaseFileReadsAudited: every read of a case's records writes one
// "case.read" entry naming the parts read, and the whole file read in one
// call equals the parts read one by one.
func TestCaseFileReadsAudited(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c, _ := fullCase(t, db, ctx)
		before := len(caseReads(t, db, w.orgA.ID))

		got, err := db.GetCase(ctx, c.ID)
		must(t, err)
		screenings, err := db.ListScreenings(ctx, c.ID)
		must(t, err)
		consents, err := db.ListConsents(ctx, c.ID)
		must(t, err)
		notes, err := db.ListNotes(ctx, c.ID)
		must(t, err)
		plan, err := db.ListPlan(ctx, c.ID)
		must(t, err)
		atts, err := db.ListAttachments(ctx, c.ID)
		must(t, err)
		file, err := db.GetCaseFile(ctx, c.ID)
		must(t, err)

		reads := caseReads(t, db, w.orgA.ID)[before:]
		want := []string{"parts=case", "parts=screenings", "parts=consents", "parts=notes", "parts=plan",
			"parts=attachments", "parts=case,screenings,consents,notes,plan,attachments"}
		if !slices.Equal(reads, want) {
			t.Fatalf("audited reads %q, want %q", reads, want)
		}
		for name, pair := range map[string][2]any{
			"case": {file.Case, got}, "screenings": {file.Screenings, screenings}, "consents": {file.Consents, consents},
			"notes": {file.Notes, notes}, "plan": {file.Plan, plan}, "attachments": {file.Attachments, atts},
		} {
			if !reflect.DeepEqual(pair[0], pair[1]) {
				t.Errorf("%s: the file has %+v, the part read alone %+v", name, pair[0], pair[1])
			}
		}
		if file.Case.Person.GivenName != "Blessing" || len(file.Screenings) != 1 || len(file.Consents) != 2 ||
			len(file.Notes) != 1 || len(file.Attachments) != 1 || len(file.Plan) != 2 || len(file.Plan[0].FollowUps) != 2 {
			t.Fatalf("case file: %+v", file)
		}
		if file.Plan[0].FollowUps[1].Note != "Missed two days: clinic visit in Villeurbanne." ||
			file.Notes[0].Body != "Blessing called from +234 803 555 0147; she is safe." ||
			file.Attachments[0].Name != "statement-osagie.txt" || file.Consents[1].WithdrawnAt == nil {
			t.Fatalf("opened records: %+v", file)
		}
		for _, r := range reads {
			if strings.Contains(r, "Blessing") || strings.Contains(r, "0147") {
				t.Fatalf("personal data in the audit detail: %q", r)
			}
		}

		// Refused reads leave no read in the trail and say nothing across
		// organisations.
		n := len(caseReads(t, db, w.orgA.ID))
		if _, err := db.GetCaseFile(w.asCaseB(), c.ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another organisation read the file: %v", err)
		}
		if _, err := db.GetCaseFile(w.as(w.adminA, w.orgA.ID, auth.Analyst), c.ID); !errors.Is(err, ErrForbidden) {
			t.Errorf("an analyst read the file: %v", err)
		}
		if _, err := db.GetCaseFile(ctx, uuid.New()); !errors.Is(err, ErrNotFound) {
			t.Errorf("no such case: %v", err)
		}
		if got := len(caseReads(t, db, w.orgA.ID)); got != n {
			t.Errorf("refused reads were audited: %d entries, want %d", got, n)
		}

		// After erasure the file opens to nothing personal.
		must(t, db.EraseCase(w.asAdminA(), c.ID))
		erased, err := db.GetCaseFile(ctx, c.ID)
		must(t, err)
		if erased.Case.Person.GivenName != "" || erased.Notes[0].Body != "" || erased.Attachments[0].Name != "" ||
			erased.Plan[0].Objective != "" || erased.Plan[0].FollowUps[0].Note != "" || erased.Case.ErasedAt == nil {
			t.Fatalf("erased file: %+v", erased)
		}
		verifyAudit(t, db)
	})
}

// caseTable matches a statement on a case's data.
var caseTable = regexp.MustCompile(`\b(cases|case_[a-z_]+|subject_keys)\b`)

// TestCaseFileQueries: the whole file costs at most four queries, one audit
// entry, and each query is scoped by organisation.
func TestCaseFileQueries(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c, _ := fullCase(t, db, w.asCaseA())
		ctx, log := WithStatementLog(w.asCaseA())
		if _, err := db.GetCaseFile(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		var reads, inserts int
		for _, s := range log.Statements() {
			switch {
			case !s.Write:
				reads++
				if !strings.Contains(s.SQL, "organisation_id = $") {
					t.Errorf("a case file query is not scoped by organisation: %s", s.SQL)
				}
			case strings.HasPrefix(s.SQL, "INSERT INTO audit_log"):
				inserts++
			}
		}
		if reads > 4 || inserts != 1 {
			t.Fatalf("case file: %d queries and %d audit entries, want at most 4 and 1: %+v", reads, inserts, log.Statements())
		}
		t.Logf("case file: %d queries, %d statements in all", reads, len(log.Statements()))
	})
}

// TestCaseRecordQueriesScoped: through a case's whole life, every statement
// on a case's records names the organisation as well as the case.
func TestCaseRecordQueriesScoped(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx, log := WithStatementLog(w.asCaseA())
		c, ids := fullCase(t, db, ctx)
		upd, err := db.GetCase(ctx, c.ID)
		must(t, err)
		upd.Person.FamilyName = "Osagie-Eze"
		must(t, db.UpdateCase(ctx, upd))
		must(t, db.SetCaseStatus(ctx, c.ID, casework.FollowUp))
		item := casework.PlanItem{ID: ids.item, CaseID: c.ID, Objective: "Hairdressing course", Type: "vocational_training",
			Status: "in_progress", ActualStart: "2026-01-12"}
		must(t, db.UpdatePlanItem(ctx, item))
		if _, _, err := db.GetAttachment(ctx, ids.attachment); err != nil {
			t.Fatal(err)
		}
		must(t, db.WithdrawConsent(ctx, uuid.Nil, ids.consent))
		if _, err := db.GetCaseFile(ctx, c.ID); err != nil {
			t.Fatal(err)
		}
		actx, alog := WithStatementLog(w.asAdminA())
		must(t, db.EraseCase(actx, c.ID))
		checked := 0
		for _, s := range append(log.Statements(), alog.Statements()...) {
			if !caseTable.MatchString(s.SQL) || strings.HasPrefix(s.SQL, "INSERT") {
				continue
			}
			checked++
			if !strings.Contains(s.SQL, "organisation_id") {
				t.Errorf("not scoped by organisation: %s", s.SQL)
			}
		}
		if checked < 20 {
			t.Fatalf("only %d statements on case data were seen", checked)
		}
	})
}

// TestMayAccess: the rule and its reasons, as the store applies them.
func TestMayAccess(t *testing.T) {
	org, other := uuid.New(), uuid.New()
	for _, tc := range []struct {
		a      casework.Accessor
		ok     bool
		reason casework.AccessReason
		err    error
	}{
		{casework.Accessor{OrgID: org, Permitted: true}, true, casework.AccessOwnOrganisation, nil},
		{casework.Accessor{OrgID: other, Permitted: true}, false, casework.DeniedOtherOrganisation, ErrNotFound},
		{casework.Accessor{Permitted: true}, false, casework.DeniedOtherOrganisation, ErrNotFound},
		{casework.Accessor{OrgID: org}, false, casework.DeniedNoPermission, ErrForbidden},
		{casework.Accessor{System: true, Permitted: true}, true, casework.AccessSystem, nil},
	} {
		ok, reason := casework.MayAccess(tc.a, org)
		if ok != tc.ok || reason != tc.reason {
			t.Errorf("%+v: %v %q, want %v %q", tc.a, ok, reason, tc.ok, tc.reason)
		}
		a := auth.Actor{OrgID: tc.a.OrgID, System: tc.a.System, Role: auth.Caseworker}
		if !tc.a.Permitted {
			a.Role = auth.Analyst
		}
		if err := caseAccess(a, auth.PermCaseRead, org); !errors.Is(err, tc.err) && !(err == nil && tc.err == nil) {
			t.Errorf("%+v: store error %v, want %v", tc.a, err, tc.err)
		}
	}
}
