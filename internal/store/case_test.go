package store

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func intp(i int) *int { return &i }

// blessing is an invented person on the Benin City - Agadez - Lyon route.
func blessing() casework.Case {
	return casework.Case{
		Person: casework.Person{GivenName: "Blessing", FamilyName: "Osagie", OtherNames: "Mama Blessy",
			BirthDate: "2004-03-11", Phone: "+234 803 555 0147", Email: "b.osagie@example.org",
			Address: "14 Ekenwan Road, Benin City", IdentityNumber: "A07781234",
			Narrative: "Recruited by a neighbour with a promise of hairdressing work in Italy."},
		Gender: "Feminine", Citizenship: "NGA", AgeWhenTrafficked: intp(17),
		TraffickingStatus: "PossibleVictimOfTrafficking", StatusDecidedBy: "NGO", Relationship: "Acquainted",
		RecruitmentMethods: []string{"ThroughFriendsOrSocialEvents"}, RecruitmentPlace: "Uselu market",
		MethodsOfControl: []string{"DebtBondage", "WithholdsDocuments"},
		Exploitation:     []string{"SexualExploitation"}, SexExploitation: []string{"Prostitution"},
		Events: []casework.Event{
			{Kind: "recruitment", Country: "NGA", Place: "Benin City", Date: "2021-06"},
			{Kind: "transit", Country: "NER", Place: "Agadez", Date: "2021-07-02"},
			{Kind: "exploitation", Country: "FRA", Place: "Lyon", Date: "2022"},
		},
		Justice: casework.Justice{ComplaintFiled: true, ComplaintDate: "2023-01-15", Role: "witness",
			ProtectionMeasures: []string{"anonymity"}},
	}
}

// moussa is an invented boy in forced begging, domestic to Niger.
func moussa() casework.Case {
	return casework.Case{
		Person: casework.Person{GivenName: "Moussa", FamilyName: "Hamani", BirthDate: "2012",
			Narrative: "Sent to a Koranic teacher in Zinder and made to beg."},
		Gender: "Masculine", Citizenship: "NER", AgeWhenTrafficked: intp(8),
		Exploitation: []string{"ForcedBegging"},
		Events:       []casework.Event{{Kind: "recruitment", Country: "NER", Place: "Tahoua"}, {Kind: "exploitation", Country: "NER", Place: "Zinder"}},
	}
}

func createCase(t testing.TB, db *DB, ctx context.Context, c casework.Case) casework.Case {
	t.Helper()
	if err := db.CreateCase(ctx, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func verifyAudit(t testing.TB, db *DB) {
	t.Helper()
	if _, err := db.VerifyAudit(sysCtx()); err != nil {
		t.Fatalf("audit chain: %v", err)
	}
}

// auditActions lists the actions of org's chain, oldest first.
func auditActions(t testing.TB, db *DB, org uuid.UUID) []string {
	t.Helper()
	rows, err := db.r.Query(`SELECT action, detail FROM audit_log WHERE organisation_id = $1 ORDER BY seq`, org)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var a, d string
		if err := rows.Scan(&a, &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, a+" "+d)
	}
	return out
}

func TestCaseCreateGetUpdate(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		if c.ID == uuid.Nil || c.OrgID != w.orgA.ID || c.Status != casework.Active || c.AssignedTo != w.caseA.ID ||
			!strings.HasPrefix(c.Code, "NER-") || c.CreatedAt.IsZero() {
			t.Fatalf("create set %+v", c)
		}
		got, err := db.GetCase(ctx, c.ID)
		must(t, err)
		want := blessing()
		if got.Person != want.Person || got.RecruitmentPlace != "Uselu market" || !slices.Equal(got.Events, want.Events) ||
			got.Code != c.Code || *got.AgeWhenTrafficked != 17 || !slices.Equal(got.MethodsOfControl, want.MethodsOfControl) ||
			got.Justice.ComplaintDate != "2023-01-15" || !slices.Equal(got.Justice.ProtectionMeasures, []string{"anonymity"}) ||
			!got.UpdatedAt.Equal(c.UpdatedAt) {
			t.Fatalf("read back %+v", got)
		}
		// Update: new family name, new exploitation; stale UpdatedAt refused.
		got.Person.FamilyName = "Osagie-Ehigie"
		got.Exploitation = []string{"SexualExploitation", "ForcedLabour"}
		must(t, db.UpdateCase(ctx, got))
		wantErr(t, db.UpdateCase(ctx, got), ErrConflict)
		again, err := db.GetCase(ctx, c.ID)
		must(t, err)
		if again.Person.FamilyName != "Osagie-Ehigie" || len(again.Exploitation) != 2 || again.Code != c.Code {
			t.Fatalf("update not saved: %+v", again)
		}
		page, err := db.ListCases(ctx, CaseFilter{Name: "ehigie"})
		must(t, err)
		if len(page.Items) != 1 || page.Items[0].DisplayName != "Blessing Osagie-Ehigie" {
			t.Fatalf("search after update: %+v", page)
		}
		page, err = db.ListCases(ctx, CaseFilter{Exploitation: "ForcedLabour", Country: "FRA"})
		must(t, err)
		if len(page.Items) != 1 {
			t.Fatalf("facets after update: %+v", page)
		}
		// Bad input changes nothing and names the field.
		bad := again
		bad.Person.BirthDate = "11/03/2004"
		err = db.UpdateCase(ctx, bad)
		var es valid.Errors
		if !errors.As(err, &es) || !es.Has("birth_date", casework.RuleDate) {
			t.Fatalf("bad update: %v", err)
		}
		bad = blessing()
		bad.Gender = "F"
		before := count(t, db, "cases")
		if err := db.CreateCase(ctx, &bad); !errors.As(err, &es) || !es.Has("gender", valid.RuleOneOf) {
			t.Fatalf("bad create: %v", err)
		}
		if count(t, db, "cases") != before {
			t.Fatal("a refused case was written")
		}
		// Reassigning to someone outside the organisation is refused.
		again.AssignedTo = w.caseB.ID
		if err := db.UpdateCase(ctx, again); !errors.As(err, &es) || !es.Has("assigned_to", valid.RuleOneOf) {
			t.Fatalf("foreign assignee: %v", err)
		}
		acts := auditActions(t, db, w.orgA.ID)
		if !slices.Contains(acts, "case.create ") || !slices.Contains(acts, "case.read parts=case") ||
			!slices.Contains(acts, "case.update fields=family_name,exploitation") {
			t.Fatalf("audit: %q", acts)
		}
		for _, a := range acts {
			if strings.Contains(strings.ToLower(a), "osagie") {
				t.Fatalf("audit detail holds personal data: %q", a)
			}
		}
		verifyAudit(t, db)
	})
}

func TestCaseList(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		b := createCase(t, db, ctx, blessing())
		m := createCase(t, db, ctx, moussa())
		other := blessing()
		other.Person = casework.Person{GivenName: "Adébáyọ̀", FamilyName: "Okon", BirthDate: "1999-01-02"}
		other.Exploitation, other.SexExploitation = []string{"ForcedLabour"}, nil
		other.AgeWhenTrafficked = intp(24)
		other.AssignedTo = w.superA.ID
		o := createCase(t, db, ctx, other)
		must(t, db.SetCaseStatus(ctx, m.ID, casework.FollowUp))

		ids := func(f CaseFilter) []uuid.UUID {
			t.Helper()
			p, err := db.ListCases(ctx, f)
			must(t, err)
			var out []uuid.UUID
			for _, it := range p.Items {
				out = append(out, it.ID)
			}
			if p.Total != len(out) && p.Next == "" {
				t.Fatalf("%+v: total %d for %d items", f, p.Total, len(out))
			}
			return out
		}
		for _, tc := range []struct {
			name string
			f    CaseFilter
			want []uuid.UUID
		}{
			{"all, newest first", CaseFilter{}, []uuid.UUID{o.ID, m.ID, b.ID}},
			{"status", CaseFilter{Status: []casework.Status{casework.FollowUp}}, []uuid.UUID{m.ID}},
			{"two statuses", CaseFilter{Status: []casework.Status{casework.FollowUp, casework.Active}}, []uuid.UUID{o.ID, m.ID, b.ID}},
			{"exploitation", CaseFilter{Exploitation: "SexualExploitation"}, []uuid.UUID{b.ID}},
			{"transit country", CaseFilter{Country: "ner"}, []uuid.UUID{o.ID, m.ID, b.ID}},
			{"citizenship or event", CaseFilter{Country: "FRA"}, []uuid.UUID{o.ID, b.ID}},
			{"pair", CaseFilter{Exploitation: "ForcedBegging", Country: "NER", Status: []casework.Status{casework.FollowUp}}, []uuid.UUID{m.ID}},
			{"pair, wrong status", CaseFilter{Exploitation: "ForcedBegging", Country: "NER", Status: []casework.Status{casework.Active}}, nil},
			{"age group", CaseFilter{AgeGroup: "0-8"}, []uuid.UUID{m.ID}},
			{"assigned", CaseFilter{AssignedTo: w.superA.ID}, []uuid.UUID{o.ID}},
			{"assigned and age", CaseFilter{AssignedTo: w.caseA.ID, AgeGroup: "9-17", Country: "NGA"}, []uuid.UUID{b.ID}},
			{"code", CaseFilter{Code: b.Code}, []uuid.UUID{b.ID}},
			{"code prefix", CaseFilter{Code: strings.ToLower(b.Code[:4])}, []uuid.UUID{o.ID, m.ID, b.ID}},
			{"code and status", CaseFilter{Code: m.Code, Status: []casework.Status{casework.Active}}, nil},
			{"name token", CaseFilter{Name: "osagie"}, []uuid.UUID{b.ID}},
			{"other names", CaseFilter{Name: "Blessy"}, []uuid.UUID{b.ID}},
			{"every token", CaseFilter{Name: "Blessing Hamani"}, nil},
			{"accents and case", CaseFilter{Name: "ADEBAYO okon"}, []uuid.UUID{o.ID}},
			{"name and facet", CaseFilter{Name: "okon", Exploitation: "ForcedLabour", Status: []casework.Status{casework.Active}}, []uuid.UUID{o.ID}},
			{"name, wrong facet", CaseFilter{Name: "okon", Exploitation: "SexualExploitation"}, nil},
			{"unknown name", CaseFilter{Name: "Zainab"}, nil},
		} {
			if got := ids(tc.f); !slices.Equal(got, tc.want) {
				t.Errorf("%s: got %v want %v", tc.name, got, tc.want)
			}
		}
		// Pages of one chain together to the whole list.
		var seen []uuid.UUID
		f := CaseFilter{Limit: 2}
		for range 5 {
			p, err := db.ListCases(ctx, f)
			must(t, err)
			if p.Total != 3 {
				t.Fatalf("total %d", p.Total)
			}
			for _, it := range p.Items {
				seen = append(seen, it.ID)
			}
			if p.Next == "" {
				break
			}
			f.Cursor = p.Next
		}
		if !slices.Equal(seen, []uuid.UUID{o.ID, m.ID, b.ID}) {
			t.Fatalf("pages: %v", seen)
		}
		p, err := db.ListCases(ctx, CaseFilter{Code: b.Code})
		must(t, err)
		s := p.Items[0]
		if s.DisplayName != "Blessing Osagie" || s.Gender != "Feminine" || s.AgeGroup != "9-17" || s.Citizenship != "NGA" ||
			!slices.Equal(s.Route.Transit, []string{"NER"}) || !slices.Equal(s.Exploitation, []string{"SexualExploitation"}) {
			t.Fatalf("summary %+v", s)
		}
		var es valid.Errors
		for _, bad := range []CaseFilter{{Exploitation: "Smuggling"}, {Country: "XXX"}, {Status: []casework.Status{"Open"}},
			{AgeGroup: "old"}, {Cursor: "%%%"}} {
			if _, err := db.ListCases(ctx, bad); !errors.As(err, &es) {
				t.Errorf("filter %+v accepted: %v", bad, err)
			}
		}
		if acts := auditActions(t, db, w.orgA.ID); !slices.Contains(acts, "case.search results=1") {
			t.Fatalf("name search not audited: %q", acts)
		}
	})
}

func TestSimilarCases(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		b := createCase(t, db, ctx, blessing())
		createCase(t, db, ctx, moussa())
		// Same full name, other spelling of accents and case.
		probe := casework.Case{Person: casework.Person{GivenName: "BLESSING", FamilyName: "osagie"}}
		sim, err := db.SimilarCases(ctx, probe)
		must(t, err)
		if len(sim) != 1 || sim[0].ID != b.ID {
			t.Fatalf("full name: %+v", sim)
		}
		// Same birth date and one shared token.
		probe = casework.Case{Person: casework.Person{GivenName: "Blessy", FamilyName: "Igbinedion", BirthDate: "2004-03-11"}}
		if sim, err = db.SimilarCases(ctx, probe); err != nil || len(sim) != 1 {
			t.Fatalf("birth date and token: %+v %v", sim, err)
		}
		// Same birth date, no shared token; shared token, other birth date.
		for _, p := range []casework.Person{{GivenName: "Grace", FamilyName: "Eze", BirthDate: "2004-03-11"},
			{GivenName: "Blessing", FamilyName: "Eze", BirthDate: "2001-01-01"}} {
			if sim, err = db.SimilarCases(ctx, casework.Case{Person: p}); err != nil || len(sim) != 0 {
				t.Fatalf("%+v: %+v %v", p, sim, err)
			}
		}
		// The case itself is left out; another organisation sees nothing.
		if sim, err = db.SimilarCases(ctx, b); err != nil || len(sim) != 0 {
			t.Fatalf("self: %+v %v", sim, err)
		}
		if sim, err = db.SimilarCases(w.asCaseB(), blessing()); err != nil || len(sim) != 0 {
			t.Fatalf("other organisation: %+v %v", sim, err)
		}
	})
}

func TestCaseWorkflow(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		cw, sup := w.asCaseA(), w.asSuperA()
		c := createCase(t, db, cw, blessing())
		var es valid.Errors
		must(t, db.SetCaseStatus(cw, c.ID, casework.FollowUp))
		if err := db.SetCaseStatus(cw, c.ID, casework.Closed); !errors.As(err, &es) || !es.Has("status", casework.RuleTransition) {
			t.Fatalf("closed without approval: %v", err)
		}
		must(t, db.RequestClosure(cw, c.ID, casework.ClosedReferred, "Referred to the Lyon shelter run by Amina Diallo"))
		wantErr(t, db.ApproveClosure(cw, c.ID), ErrForbidden) // caseworker
		must(t, db.RejectClosure(sup, c.ID))
		got, err := db.GetCase(cw, c.ID)
		must(t, err)
		if got.ClosureRequested || got.ClosureReason != "" || got.Status != casework.FollowUp {
			t.Fatalf("after reject: %+v", got)
		}
		// A supervisor cannot approve their own request.
		must(t, db.RequestClosure(sup, c.ID, casework.Closed, "Returned home to Benin City"))
		wantErr(t, db.ApproveClosure(sup, c.ID), ErrForbidden)
		must(t, db.RejectClosure(sup, c.ID))
		must(t, db.RequestClosure(cw, c.ID, casework.ClosedReferred, "Referred to the Lyon shelter"))
		if err := db.RequestClosure(cw, c.ID, casework.Closed, "again"); !errors.As(err, &es) {
			t.Fatalf("second request: %v", err)
		}
		must(t, db.ApproveClosure(sup, c.ID))
		got, err = db.GetCase(cw, c.ID)
		must(t, err)
		if got.Status != casework.ClosedReferred || got.ClosedAt == nil || got.ClosureReason != "Referred to the Lyon shelter" ||
			got.ClosureRequestedBy != w.caseA.ID {
			t.Fatalf("after approval: %+v", got)
		}
		p, err := db.ListCases(cw, CaseFilter{Status: []casework.Status{casework.ClosedReferred}, Exploitation: "SexualExploitation"})
		must(t, err)
		if len(p.Items) != 1 {
			t.Fatalf("closed case not in the closed list: %+v", p)
		}
		wantErr(t, db.ReopenCase(cw, c.ID), ErrForbidden)
		must(t, db.ReopenCase(sup, c.ID))
		got, err = db.GetCase(cw, c.ID)
		must(t, err)
		if got.Status != casework.Active || got.ClosedAt != nil {
			t.Fatalf("after reopen: %+v", got)
		}
		if p, _ := db.ListCases(cw, CaseFilter{Status: []casework.Status{casework.Active}}); len(p.Items) != 1 {
			t.Fatalf("reopened case not active in lists: %+v", p)
		}
		acts := strings.Join(auditActions(t, db, w.orgA.ID), "\n")
		for _, a := range []string{"case.status from=Active to=FollowUp", "case.closure_request to=ClosedReferred",
			"case.closure_reject", "case.close status=ClosedReferred", "case.reopen"} {
			if !strings.Contains(acts, a) {
				t.Errorf("audit lacks %q", a)
			}
		}
		if strings.Contains(acts, "Lyon shelter") {
			t.Fatal("closure reason in the audit trail")
		}
		verifyAudit(t, db)
	})
}

func TestCaseCreateCasesAllOrNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asSuperA()
		bad := moussa()
		bad.Events[1].Country = "ZZZ"
		cs := []*casework.Case{ptr(blessing()), ptr(moussa()), &bad}
		before := snapshot(t, db)
		err := db.CreateCases(ctx, cs)
		var es valid.Errors
		if !errors.As(err, &es) || !es.Has("cases[2].events[1].country", "country") || len(es) != 1 {
			t.Fatalf("want cases[2].events[1].country: %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))
		if n := count(t, db, "cases"); n != 0 {
			t.Fatalf("%d cases written", n)
		}
		stranger := blessing()
		stranger.AssignedTo = w.caseB.ID // not a member of organisation A
		if err := db.CreateCases(ctx, []*casework.Case{ptr(moussa()), &stranger}); !errors.As(err, &es) ||
			!es.Has("cases[1].assigned_to", valid.RuleOneOf) {
			t.Fatalf("want cases[1].assigned_to: %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))
		closed := moussa()
		closed.Status = casework.Closed
		cs = []*casework.Case{ptr(blessing()), ptr(moussa()), &closed}
		must(t, db.CreateCases(ctx, cs))
		if cs[0].Code == cs[1].Code || cs[2].ClosedAt == nil || cs[2].Status != casework.Closed || cs[0].AssignedTo != w.superA.ID {
			t.Fatalf("imported %+v", cs)
		}
		p, err := db.ListCases(ctx, CaseFilter{Name: "Moussa Hamani"})
		must(t, err)
		if p.Total != 2 {
			t.Fatalf("imported cases not searchable: %+v", p)
		}
		verifyAudit(t, db)
	})
}

func ptr[T any](v T) *T { return &v }

// TestCaseScoping: another organisation's case ids are ErrNotFound on every
// method taking an id, for actors who have the permission at home.
func TestCaseScoping(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := createCase(t, db, w.asCaseA(), blessing())
		ids := seedRecords(t, db, w.asCaseA(), c.ID)
		b, adminB := w.asCaseB(), w.asAdminB()
		supB := w.as(w.adminB, w.orgB.ID, auth.Supervisor)
		upd := c
		upd.Person.GivenName = "Precious"
		item := casework.PlanItem{ID: ids.item, CaseID: c.ID, Objective: "x", Type: "shelter"}
		for name, err := range map[string]error{
			"GetCase":         func() error { _, err := db.GetCase(b, c.ID); return err }(),
			"UpdateCase":      db.UpdateCase(b, upd),
			"SetCaseStatus":   db.SetCaseStatus(b, c.ID, casework.FollowUp),
			"RequestClosure":  db.RequestClosure(b, c.ID, casework.Closed, "done"),
			"ApproveClosure":  db.ApproveClosure(supB, c.ID),
			"RejectClosure":   db.RejectClosure(supB, c.ID),
			"ReopenCase":      db.ReopenCase(supB, c.ID),
			"RecordScreening": func() error { _, err := db.RecordScreening(b, c.ID, identify.Facts{}); return err }(),
			"ListScreenings":  func() error { _, err := db.ListScreenings(b, c.ID); return err }(),
			"AddConsent": db.AddConsent(b, &casework.Consent{CaseID: c.ID, Purpose: "assistance", GivenBy: "person",
				Method: "oral"}),
			"WithdrawConsent": db.WithdrawConsent(b, uuid.Nil, ids.consent),
			"ListConsents":    func() error { _, err := db.ListConsents(b, c.ID); return err }(),
			"AddPlanItem":     db.AddPlanItem(b, &casework.PlanItem{CaseID: c.ID, Objective: "x", Type: "shelter"}),
			"UpdatePlanItem":  db.UpdatePlanItem(b, item),
			"AddFollowUp":     db.AddFollowUp(b, ids.item, casework.PlanFollowUp{Note: "x"}),
			"ListPlan":        func() error { _, err := db.ListPlan(b, c.ID); return err }(),
			"AddNote":         db.AddNote(b, &casework.Note{CaseID: c.ID, Body: "x"}),
			"ListNotes":       func() error { _, err := db.ListNotes(b, c.ID); return err }(),
			"AddAttachment":   db.AddAttachment(b, &casework.Attachment{CaseID: c.ID, Name: "a.txt"}, []byte("hello")),
			"ListAttachments": func() error { _, err := db.ListAttachments(b, c.ID); return err }(),
			"GetAttachment":   func() error { _, _, err := db.GetAttachment(b, ids.attachment); return err }(),
			"EraseCase":       db.EraseCase(adminB, c.ID),
		} {
			if !errors.Is(err, ErrNotFound) {
				t.Errorf("%s across organisations: %v, want ErrNotFound", name, err)
			}
		}
		for name, f := range map[string]CaseFilter{"list": {}, "code": {Code: c.Code}, "name": {Name: "Blessing"}} {
			p, err := db.ListCases(b, f)
			if err != nil || len(p.Items) != 0 || p.Total != 0 {
				t.Errorf("%s lists another organisation's case: %+v %v", name, p, err)
			}
		}
		if got, err := db.GetCase(w.asCaseA(), c.ID); err != nil || got.Person.GivenName != "Blessing" {
			t.Fatalf("the refused calls changed the case: %+v %v", got, err)
		}
		verifyAudit(t, db)
	})
}

type recordIDs struct{ consent, item, attachment, note uuid.UUID }

func seedRecords(t testing.TB, db *DB, ctx context.Context, caseID uuid.UUID) recordIDs {
	t.Helper()
	con := casework.Consent{CaseID: caseID, Purpose: "referral", OrgTypes: []string{"Shelter"}, GivenBy: "person",
		Method: "oral_with_interpreter", Language: "en"}
	must(t, db.AddConsent(ctx, &con))
	item := casework.PlanItem{CaseID: caseID, Objective: "Hairdressing course in Lyon for Blessing", Type: "vocational_training",
		Provider: "Centre de formation Rhône", PlannedStart: "2026-01-10"}
	must(t, db.AddPlanItem(ctx, &item))
	att := casework.Attachment{CaseID: caseID, Name: "statement-osagie.txt"}
	must(t, db.AddAttachment(ctx, &att, []byte("Statement of Blessing Osagie, taken in Lyon.\n")))
	note := casework.Note{CaseID: caseID, Body: "Blessing called from +234 803 555 0147; she is safe."}
	must(t, db.AddNote(ctx, &note))
	return recordIDs{con.ID, item.ID, att.ID, note.ID}
}

func TestCasePermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := createCase(t, db, w.asCaseA(), blessing())
		for _, role := range []auth.Role{auth.Analyst, auth.Coordinator, auth.OrgAdmin} {
			ctx := w.as(w.adminA, w.orgA.ID, role)
			if _, err := db.GetCase(ctx, c.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s read a case: %v", role, err)
			}
			if _, err := db.ListCases(ctx, CaseFilter{}); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s listed cases: %v", role, err)
			}
			if _, err := db.ListNotes(ctx, c.ID); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s read notes: %v", role, err)
			}
		}
		if _, err := db.GetCase(w.asPlatform(), c.ID); !errors.Is(err, ErrForbidden) {
			t.Errorf("platform administrator read a case: %v", err)
		}
		if _, err := db.GetCase(context.Background(), c.ID); !errors.Is(err, ErrForbidden) {
			t.Errorf("no actor: %v", err)
		}
		wantErr(t, db.CreateCase(w.as(w.adminA, w.orgA.ID, auth.Analyst), ptr(blessing())), ErrForbidden)
		must(t, db.RequestClosure(w.asCaseA(), c.ID, casework.Closed, "Safe at home"))
		wantErr(t, db.ApproveClosure(w.asCaseA(), c.ID), ErrForbidden)
		wantErr(t, db.EraseCase(w.asCaseA(), c.ID), ErrForbidden)
		wantErr(t, db.EraseCase(w.asSuperA(), c.ID), ErrForbidden)
		if _, err := db.ExportCases(w.asCaseA(), CaseFilter{}); !errors.Is(err, ErrForbidden) {
			t.Errorf("caseworker exported: %v", err)
		}
		if _, _, err := db.ApplyRetention(w.asAdminA(), time.Now()); !errors.Is(err, ErrForbidden) {
			t.Errorf("retention by a person: %v", err)
		}
		must(t, db.EraseCase(w.asAdminA(), c.ID))
	})
}
