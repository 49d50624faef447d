package store

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The unshared values of the referred person (invented): none may ever
// reach the receiver.
var unshared = []string{"Okonkwo", "+234 803 555 0142", "Rue des Tanneurs", "recruited in Benin City",
	"A04417823", "blessing.o@mail.example", "1999-03-14"}

// referredCase is a case of A with every personal field filled and a
// referral consent for law enforcement and NGOs.
func referredCase(t testing.TB, w *world) (casework.Case, casework.Consent) {
	t.Helper()
	age := 24
	c := casework.Case{Person: casework.Person{GivenName: "Blessing", FamilyName: "Okonkwo",
		BirthDate: "1999-03-14", Phone: "+234 803 555 0142", Email: "blessing.o@mail.example",
		Address: "Rue des Tanneurs, Agadez", IdentityNumber: "A04417823",
		Narrative: "She was recruited in Benin City with a promise of work in a salon."},
		Gender: "Feminine", Citizenship: "NGA", AgeWhenTrafficked: &age, Exploitation: []string{"SexualExploitation"}}
	must(t, w.db.CreateCase(w.asCaseA(), &c))
	k := casework.Consent{CaseID: c.ID, Purpose: casework.PurposeReferral,
		OrgTypes: []string{string(account.LawEnforcement), string(account.NGO)}, GivenBy: "person", Method: "oral"}
	must(t, w.db.AddConsent(w.asCaseA(), &k))
	return c, k
}

func referralCounts(t testing.TB, db *DB) map[string]int {
	t.Helper()
	return fixture.RowCounts(t, db.w, "referrals", "referral_outcomes", "cases", "subject_keys", "case_plan_items")
}

func sendOne(t testing.TB, w *world, c casework.Case, share ...referral.Field) referral.Referral {
	t.Helper()
	r := referral.Referral{CaseID: c.ID, ToOrgID: w.orgB.ID, Services: []directory.Service{directory.Shelter},
		Urgency: referral.Urgent, Purpose: "Safe place in Lyon", Message: "Arrives Tuesday by train", Share: share}
	must(t, w.db.CreateReferral(w.asCaseA(), &r))
	return r
}

// receiverSees gathers everything the receiver can read through the store's
// read paths: the referral, its lists, its linked case (file, summary,
// export, HTCDS and CTDC exports), name searches, and the sender's case
// (which must be not found).
func receiverSees(t *testing.T, w *world, r referral.Referral, sender casework.Case) string {
	t.Helper()
	cw := w.asCaseB()
	var b strings.Builder
	got, err := w.db.GetReferral(cw, r.ID)
	must(t, err)
	fmt.Fprintf(&b, "%+v\n", got)
	for _, dir := range []Direction{Incoming, Outgoing} {
		l, err := w.db.ListReferrals(cw, dir, "")
		must(t, err)
		fmt.Fprintf(&b, "%+v\n", l)
	}
	f, err := w.db.GetCaseFile(cw, got.LinkedCaseID)
	must(t, err)
	fmt.Fprintf(&b, "%+v\n", f)
	page, err := w.db.ListCases(cw, CaseFilter{})
	must(t, err)
	fmt.Fprintf(&b, "%+v\n", page)
	for _, q := range unshared {
		page, err := w.db.ListCases(cw, CaseFilter{Name: q})
		if err == nil && len(page.Items) > 0 {
			t.Errorf("a search for %q finds %d cases", q, len(page.Items))
		}
	}
	sup := w.as(w.adminB, w.orgB.ID, "supervisor")
	all, err := w.db.ExportCases(sup, CaseFilter{})
	must(t, err)
	fmt.Fprintf(&b, "%+v\n", all)
	var csv bytes.Buffer
	_, err = w.db.ExportHTCDS(sup, &csv, htcds.CSV, CaseFilter{})
	must(t, err)
	b.Write(csv.Bytes())
	var sub bytes.Buffer
	_, err = w.db.ExportCTDC(sup, &sub, ctdc.Options{})
	must(t, err)
	b.Write(sub.Bytes())
	for _, read := range []func() error{
		func() error { _, err := w.db.GetCaseFile(cw, sender.ID); return err },
		func() error { _, err := w.db.GetCase(cw, sender.ID); return err },
		func() error { _, err := w.db.Shareable(cw, sender.ID, w.orgA.ID); return err },
	} {
		wantErr(t, read(), ErrNotFound)
	}
	return b.String()
}

func TestReferralSharesOnlyWhatWasChosen(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		c, k := referredCase(t, w)

		fs, err := db.Shareable(w.asCaseA(), c.ID, w.orgB.ID)
		must(t, err)
		if len(fs) != len(referral.Fields) || !fs[0].Allowed {
			t.Fatalf("shareable: %+v", fs)
		}
		share := []referral.Field{referral.GivenName, referral.Sex, referral.Age, referral.Nationality}
		r := sendOne(t, w, c, share...)
		if r.Status != referral.Sent || r.AckDue.Sub(r.CreatedAt) != referral.DefaultDeadlines[referral.Urgent] {
			t.Fatalf("sent: %+v", r)
		}

		got, err := db.GetReferral(w.asCaseB(), r.ID)
		must(t, err)
		want := map[referral.Field]string{referral.GivenName: "Blessing", referral.Sex: "Feminine", referral.Age: "24",
			referral.Nationality: "NGA"}
		if !maps.Equal(got.Shared, want) || got.CaseID != uuid.Nil || got.Purpose != "Safe place in Lyon" {
			t.Fatalf("receiver sees %+v", got)
		}
		seen := receiverSees(t, w, r, c)
		for _, v := range unshared {
			if strings.Contains(seen, v) {
				t.Errorf("the receiver reads the unshared %q", v)
			}
		}
		if !strings.Contains(seen, "Blessing") {
			t.Errorf("the receiver does not see the shared name")
		}
		// The sender never sees the linked case's id, and B's case is B's.
		mine, err := db.GetReferral(w.asCaseA(), r.ID)
		must(t, err)
		if mine.LinkedCaseID != uuid.Nil || mine.Shared != nil || mine.CaseID != c.ID {
			t.Fatalf("sender sees %+v", mine)
		}
		wantErr(t, func() error { _, err := db.GetCaseFile(w.asCaseA(), got.LinkedCaseID); return err }(), ErrNotFound)

		// The workflow with an outcome flowing back into A's plan.
		for _, a := range []referral.Action{referral.Acknowledge, referral.Accept, referral.Start} {
			must(t, db.StepReferral(w.asCaseB(), r.ID, a, ""))
		}
		item, err := db.AddReferralOutcome(w.asCaseB(), r.ID, referral.Outcome{Service: directory.Shelter,
			Status: "done", Outcome: "Stayed six weeks, moved to her own flat"})
		must(t, err)
		plan, err := db.ListPlan(w.asCaseA(), c.ID)
		must(t, err)
		if len(plan) != 1 || plan[0].ID != item || plan[0].Provider != w.orgB.Name || plan[0].Status != "done" {
			t.Fatalf("plan: %+v", plan)
		}
		must(t, db.StepReferral(w.asCaseB(), r.ID, referral.Complete, ""))

		// Withdrawal: at once, for every referral of the case, open or not.
		open := sendOne(t, w, c, referral.GivenName)
		must(t, db.WithdrawConsent(w.asCaseA(), c.ID, k.ID))
		for _, id := range []uuid.UUID{r.ID, open.ID} {
			got, err := db.GetReferral(w.asCaseB(), id)
			must(t, err)
			if len(got.Shared) != 0 || got.Purpose != "" {
				t.Fatalf("after withdrawal the receiver sees %+v", got)
			}
			f, err := db.GetCaseFile(w.asCaseB(), got.LinkedCaseID)
			must(t, err)
			if f.Case.Person.GivenName != "" || f.Case.Gender != "" || f.Case.Citizenship != "" || f.Case.ErasedAt == nil {
				t.Fatalf("linked case after withdrawal: %+v", f.Case)
			}
		}
		if got, _ := db.GetReferral(w.asCaseB(), open.ID); got.Status != referral.Revoked {
			t.Fatalf("open referral after withdrawal: %s", got.Status)
		}
		if got, _ := db.GetReferral(w.asCaseB(), r.ID); got.Status != referral.Completed {
			t.Fatalf("completed referral after withdrawal: %s", got.Status)
		}
		page, err := db.ListCases(w.asCaseB(), CaseFilter{Name: "Blessing"})
		must(t, err)
		if len(page.Items) != 0 {
			t.Fatalf("the tombstone is found by name")
		}
		// No consent any more: nothing may be shared.
		fs, err = db.Shareable(w.asCaseA(), c.ID, w.orgB.ID)
		must(t, err)
		if fs[0].Allowed || fs[0].Rule != referral.RuleNoConsent {
			t.Fatalf("after withdrawal: %+v", fs[0])
		}
	})
}

func TestReferralRevokeIsImmediate(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		c, _ := referredCase(t, w)
		r := sendOne(t, w, c, referral.GivenName, referral.Address)
		must(t, db.StepReferral(w.asCaseB(), r.ID, referral.Acknowledge, ""))
		// Only the sender revokes; only the receiver acknowledges.
		if err := db.StepReferral(w.asCaseB(), r.ID, referral.Revoke, ""); !hasRule(err, "status", referral.RuleNotSender) {
			t.Fatalf("receiver revokes: %v", err)
		}
		if err := db.StepReferral(w.asCaseA(), r.ID, referral.Accept, ""); !hasRule(err, "status", referral.RuleNotReceiver) {
			t.Fatalf("sender accepts: %v", err)
		}
		must(t, db.StepReferral(w.asCaseA(), r.ID, referral.Revoke, ""))
		got, err := db.GetReferral(w.asCaseB(), r.ID)
		must(t, err)
		f, err := db.GetCaseFile(w.asCaseB(), got.LinkedCaseID)
		must(t, err)
		if got.Status != referral.Revoked || len(got.Shared) != 0 || f.Case.Person.Address != "" || f.Case.Person.GivenName != "" {
			t.Fatalf("after revocation: %+v %+v", got, f.Case.Person)
		}
		if err := db.StepReferral(w.asCaseB(), r.ID, referral.Accept, ""); !hasRule(err, "status", referral.RuleTransition) {
			t.Fatalf("accept after revoke: %v", err)
		}
	})
}

func TestReferralBadInputChangesNothing(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		c, _ := referredCase(t, w)
		other := casework.Case{Person: casework.Person{GivenName: "Awa"}}
		must(t, db.CreateCase(w.asCaseA(), &other)) // no consent at all
		base := referral.Referral{CaseID: c.ID, ToOrgID: w.orgB.ID, Services: []directory.Service{directory.Shelter},
			Urgency: referral.Routine, Purpose: "Shelter", Share: []referral.Field{referral.GivenName}}
		before := referralCounts(t, db)
		for _, tc := range []struct {
			name, field, rule string
			edit              func(r *referral.Referral)
		}{
			{"unknown service", "services[0]", directory.RuleUnknownService, func(r *referral.Referral) { r.Services = []directory.Service{"massage"} }},
			{"not offered", "services[0]", string(directory.NotOffered), func(r *referral.Referral) { r.Services = []directory.Service{directory.Health} }},
			{"unknown field", "share[1]", referral.RuleUnknownField, func(r *referral.Referral) { r.Share = append(r.Share, "religion") }},
			{"no consent", "share[0]", referral.RuleNoConsent, func(r *referral.Referral) { r.CaseID = other.ID }},
			{"to oneself", "to_organisation_id", referral.RuleSelf, func(r *referral.Referral) { r.ToOrgID = w.orgA.ID }},
			{"nobody", "to_organisation_id", referral.RuleUnknownReceiver, func(r *referral.Referral) { r.ToOrgID = uuid.New() }},
			{"urgency", "urgency", valid.RuleOneOf, func(r *referral.Referral) { r.Urgency = "whenever" }},
			{"purpose", "purpose", valid.RuleRequired, func(r *referral.Referral) { r.Purpose = " " }},
		} {
			r := base
			r.Share = slices.Clone(base.Share)
			tc.edit(&r)
			if err := db.CreateReferral(w.asCaseA(), &r); !hasRule(err, tc.field, tc.rule) {
				t.Errorf("%s: got %v", tc.name, err)
			}
		}
		// Law enforcement is covered, a legal service is not.
		legal := account.Organisation{Name: "Avocats sans frontières Lyon", Type: account.LegalService, Country: "FRA"}
		must(t, db.CreateOrganisation(w.sys, &legal))
		r := base
		r.ToOrgID = legal.ID
		if err := db.CreateReferral(w.asCaseA(), &r); !hasRule(err, "share[0]", referral.RuleNoConsent) {
			t.Errorf("type not covered: %v", err)
		}
		// Not accepting now.
		p := shelterProfile(w.orgB.ID)
		p.AcceptsReferrals = false
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), p))
		r = base
		if err := db.CreateReferral(w.asCaseA(), &r); !hasRule(err, "services[0]", string(directory.NotAccepting)) {
			t.Errorf("not accepting: %v", err)
		}
		// Another organisation's case is not found.
		wantErr(t, db.CreateReferral(w.asCaseB(), &referral.Referral{CaseID: c.ID, ToOrgID: w.orgA.ID,
			Services: []directory.Service{directory.Shelter}, Purpose: "x", Share: []referral.Field{referral.GivenName}}), ErrNotFound)
		sameSnapshot(t, before, referralCounts(t, db))

		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		sent := sendOne(t, w, c, referral.GivenName)
		before = referralCounts(t, db)
		if err := db.StepReferral(w.asCaseB(), sent.ID, referral.Decline, "  "); !hasRule(err, "reason", referral.RuleReasonNeeded) {
			t.Errorf("decline without reason: %v", err)
		}
		if _, err := db.AddReferralOutcome(w.asCaseB(), sent.ID, referral.Outcome{Service: directory.Shelter,
			Status: "done", Outcome: "x"}); !hasRule(err, "status", referral.RuleTransition) {
			t.Errorf("outcome before acceptance: %v", err)
		}
		wantErr(t, db.StepReferral(w.asCaseB(), uuid.New(), referral.Accept, ""), ErrNotFound)
		sameSnapshot(t, before, referralCounts(t, db))
		if got, _ := db.GetReferral(w.asCaseB(), sent.ID); got.Status != referral.Sent {
			t.Fatalf("status changed: %s", got.Status)
		}
		must(t, db.StepReferral(w.asCaseB(), sent.ID, referral.Decline, "No place for a week"))
		got, err := db.GetReferral(w.asCaseA(), sent.ID)
		must(t, err)
		if got.Status != referral.Declined || got.Reason != "No place for a week" {
			t.Fatalf("declined: %+v", got)
		}
		// A third organisation sees nothing of it.
		wantErr(t, func() error { _, err := db.GetReferral(w.asCoordinator(t), sent.ID); return err }(), ErrForbidden)
	})
}

// hasRule reports whether err is valid errors naming field with rule.
func hasRule(err error, field, rule string) bool {
	var es valid.Errors
	return asErrors(err, &es) && es.Has(field, rule)
}

var _ = context.Background

// TestReferralNotifications: the receiver's desk hears of a new referral,
// the sender of each step, and both sides' supervisors of an overdue one,
// once; every notification is a link and codes.
func TestReferralNotifications(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
		c, _ := referredCase(t, w)
		kinds := func(ctx context.Context) []string {
			t.Helper()
			ns, err := db.ListNotifications(ctx, false)
			must(t, err)
			var out []string
			for _, n := range ns {
				out = append(out, string(n.Kind)+":"+n.Status)
			}
			slices.Sort(out)
			return out
		}
		r := sendOne(t, w, c, referral.GivenName)
		if got := kinds(w.asCaseB()); !slices.Equal(got, []string{"referral.received:sent"}) {
			t.Fatalf("receiver: %v", got)
		}
		must(t, db.StepReferral(w.asCaseB(), r.ID, referral.Acknowledge, ""))
		if got := kinds(w.asCaseA()); !slices.Equal(got, []string{"referral.status:acknowledged"}) {
			t.Fatalf("sender: %v", got)
		}
		late := sendOne(t, w, c, referral.GivenName)
		wantErr(t, func() error { _, err := db.NotifyOverdueReferrals(w.asCaseA(), time.Now()); return err }(), ErrForbidden)
		for range 2 {
			n, err := db.NotifyOverdueReferrals(w.sys, late.AckDue.Add(time.Minute))
			must(t, err)
			if n != 1 {
				t.Fatalf("overdue: %d", n)
			}
		}
		if got := kinds(w.asSuperA()); !slices.Equal(got, []string{"referral.overdue:sent", "referral.status:acknowledged"}) {
			t.Fatalf("sender's supervisor: %v", got)
		}
	})
}
