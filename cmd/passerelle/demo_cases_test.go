package main

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// TestDemoCasesAndLinkage: the demo gives three organisations the sample
// network's cases once (a second seed adds none), and a linkage run the demo
// coordinator proposes and the demo administrators approve finds exactly the
// people the organisations share.
func TestDemoCasesAndLinkage(t *testing.T) {
	dir := seeded(t)
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("second seed: %s", errs)
	}
	db, sys := openData(t, dir)
	orgs, err := db.ListOrganisations(sys)
	if err != nil {
		t.Fatal(err)
	}
	orgID := map[string]uuid.UUID{}
	for _, o := range orgs {
		for _, d := range demoOrgs {
			if d.org.Name == o.Name {
				orgID[d.key] = o.ID
			}
		}
	}
	as := func(email, org string, role auth.Role) context.Context {
		u, err := db.UserForLogin(sys, email)
		if err != nil {
			t.Fatal(err)
		}
		return auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: orgID[org], Role: role})
	}
	sample := demo.Network()
	for i, d := range demoCaseOrgs {
		page, err := db.ListCases(as(d.caseworker, d.org, auth.Caseworker), store.CaseFilter{})
		if want := len(sample[i]) + demoLinkedCases[d.org]; err != nil || page.Total != want {
			t.Errorf("%s: %d cases after two seeds, want %d (%v)", d.org, page.Total, want, err)
		}
	}

	coord := as("coordinator@cnt-demo.example.org", "niamey", auth.Coordinator)
	r := &linkrun.Run{Name: "Corridor Benin City–Agadez–Lyon", From: "2024-01-01", To: "2025-12-31", MinSize: 20}
	for _, d := range demoCaseOrgs {
		r.Parties = append(r.Parties, linkrun.Party{OrgID: orgID[d.org]})
	}
	if err := db.ProposeLinkageRun(coord, r, false); err != nil {
		t.Fatal(err)
	}
	secret := []byte("secret de démonstration convenu entre les trois")
	for _, a := range []struct{ email, org string }{{"orgadmin@lumiere-edo.example.org", "edo"},
		{"orgadmin@refuge-sahel.example.org", "agadez"}, {"orgadmin@passage-lyon.example.org", "lyon"}} {
		if _, err := db.ApproveLinkageRun(as(a.email, a.org, auth.OrgAdmin), r.ID, linkrun.Approval{Secret: secret}); err != nil {
			t.Fatalf("%s approves: %v", a.org, err)
		}
	}
	res, err := db.MatchLinkageRun(coord, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if c := res.Threshold; c == nil || !c.Auto || len(c.Histogram.Counts) == 0 {
		t.Errorf("threshold not chosen from the scores: %+v", c)
	} else {
		t.Logf("threshold %.4f, estimated precision %.3f recall %.3f from %d scores", c.Threshold, c.Precision, c.Recall, c.Scores)
	}
	for p, n := range demo.Counts {
		if res.Overall[p] != n {
			t.Errorf("pattern %s: %d, want %d (%v)", p, res.Overall[p], n, res.Overall)
		}
	}
}
