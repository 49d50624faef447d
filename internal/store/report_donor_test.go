package store

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/donor"
	"github.com/passerelle-org/passerelle/internal/programme/training"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestDonorReport: the organisation's report counts its own consenting
// cases and their services done in the period; the network's counts every
// organisation's and needs PermReportNetwork; a caseworker gets nothing; a
// period without cases is empty; the report is audited with counts only.
func TestDonorReport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		today := time.Now().UTC().Format(time.DateOnly)
		add := func(ctxOf string, n int, consent bool, name string) {
			ctx := w.asCaseA()
			if ctxOf == "B" {
				ctx = w.asCaseB()
			}
			for i := range n {
				c := blessing()
				c.Person.GivenName = name + strconv.Itoa(i)
				c = createCase(t, db, ctx, c)
				if !consent {
					continue
				}
				k := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person", Method: "oral"}
				must(t, db.AddConsent(ctx, &k))
				item := casework.PlanItem{CaseID: c.ID, Objective: "Shelter in Lyon", Type: "shelter", Status: "done",
					ActualStart: today, ActualEnd: today}
				must(t, db.AddPlanItem(ctx, &item))
			}
		}
		add("A", 12, true, "Ada")
		add("A", 1, false, "Bola")
		add("B", 11, true, "Chi")

		// A's training this year: twelve police officers attended, one did not.
		tr := training.Training{Topic: "victim_identification", Country: "NER", StartsOn: today, EndsOn: today}
		must(t, db.CreateTraining(w.asSuperA(), &tr))
		var ps []training.Participant
		for i := range 13 {
			ps = append(ps, training.Participant{Name: "Agent " + strconv.Itoa(i), Profession: "police", Attended: i < 12})
		}
		_, err := db.AddParticipants(w.asSuperA(), tr.ID, ps)
		must(t, err)

		req := donor.Request{Scope: donor.ScopeOrganisation}
		if _, err := db.DonorReport(w.asCaseA(), req); !errors.Is(err, ErrForbidden) {
			t.Fatalf("caseworker: %v", err)
		}
		if _, err := db.DonorReport(w.asSuperA(), donor.Request{Scope: donor.ScopeNetwork}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("supervisor, network: %v", err)
		}
		var es valid.Errors
		if _, err := db.DonorReport(w.asSuperA(), donor.Request{From: "2026-13-01"}); !errors.As(err, &es) || !es.Has("from", "date") {
			t.Fatalf("bad date: %v", err)
		}
		rep, err := db.DonorReport(w.asSuperA(), req)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Counted != 12 || rep.Excluded != 1 || len(rep.Sections) != 5 {
			t.Fatalf("organisation: %+v", rep)
		}
		if s := rep.Sections[2].Release; s.Total.Count == nil || *s.Total.Count != 12 {
			t.Fatalf("services: %+v", s)
		}
		if s := rep.Sections[3].Release; s.Total.Count == nil || *s.Total.Count != 12 {
			t.Fatalf("trainings: %+v", s)
		}
		analyst := w.as(w.superA, w.orgA.ID, auth.Analyst)
		rep, err = db.DonorReport(analyst, donor.Request{Scope: donor.ScopeNetwork})
		if err != nil || rep.Counted != 23 || rep.Excluded != 1 {
			t.Fatalf("network: %v %+v", err, rep)
		}
		if tot := rep.Sections[0].Release.Total; tot.Count == nil || *tot.Count != 23 {
			t.Fatalf("network total %+v", tot)
		}
		rep, err = db.DonorReport(analyst, donor.Request{Scope: donor.ScopeNetwork, From: "2020-01-01", To: "2020-12-31"})
		if err != nil || rep.Counted != 0 || rep.Excluded != 0 {
			t.Fatalf("2020: %v %+v", err, rep)
		}
		acts := auditActions(t, db, w.orgA.ID)
		if last := acts[len(acts)-1]; last != "report.donor scope=network from=2020-01-01 to=2020-12-31 counted=0 excluded=0 services=0" {
			t.Fatalf("audit %q", last)
		}
		for _, a := range acts {
			if strings.Contains(a, "Ada") {
				t.Fatalf("audit names a person: %q", a)
			}
		}
	})
}
