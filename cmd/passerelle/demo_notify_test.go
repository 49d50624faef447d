package main

import (
	"context"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// TestDemoNotifications: after two seeds, the administrators of Benin City
// and Lyon each have one invitation to the demonstration's linkage run.
func TestDemoNotifications(t *testing.T) {
	dir := seeded(t)
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("second seed: %s", errs)
	}
	db, sys := openData(t, dir)
	orgs, err := db.ListOrganisations(sys)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct{ email, org string }{{"orgadmin@lumiere-edo.example.org", "edo"},
		{"orgadmin@passage-lyon.example.org", "lyon"}} {
		u, err := db.UserForLogin(sys, a.email)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range orgs {
			if o.Name != demoOrgNamed(a.org) {
				continue
			}
			ctx := auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: o.ID, Role: auth.OrgAdmin})
			list, err := db.ListNotifications(ctx, false)
			if err != nil || len(list) != 1 || list[0].Kind != notify.LinkrunProposed {
				t.Errorf("%s: %+v (%v), want one invitation", a.org, list, err)
			}
		}
	}
}
