package main

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestDemoOutreach: the demo holds trainings in Niger and Nigeria with
// their participants, a radio campaign in Hausa and French in the Agadez
// region, and Niger's justice figures, once (a second seed adds none).
func TestDemoOutreach(t *testing.T) {
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
	coord := as("coordinator@cnt-demo.example.org", "niamey", auth.Coordinator)
	list, err := db.ListTrainings(coord)
	if err != nil || len(list) != 2 || list[0].Country != "NER" || list[0].Count != 8 {
		t.Fatalf("Niger's trainings: %+v %v", list, err)
	}
	lines, err := db.TrainingReport(coord, "country")
	if err != nil || len(lines) != 2 || lines[0].Key != "NER" || lines[1].Key != "NGA" || lines[1].Trained != 8 {
		t.Fatalf("report by country: %+v %v", lines, err)
	}
	shelter := as("orgadmin@refuge-sahel.example.org", "agadez", auth.OrgAdmin)
	cs, err := db.ListCampaigns(shelter)
	if err != nil || len(cs) != 1 || !cs[0].HasChannel("radio") || cs[0].Languages[0] != "ha" || cs[0].Languages[1] != "fr" {
		t.Fatalf("campaign: %+v %v", cs, err)
	}
	c, err := db.GetCampaign(shelter, cs[0].ID)
	if err != nil || len(c.Materials) != 1 {
		t.Fatalf("campaign materials: %+v %v", c.Materials, err)
	}
	figs, err := db.JusticeFigures(coord, "NER")
	if err != nil || len(figs.Lines) < 11 {
		t.Fatalf("justice figures: %d %v", len(figs.Lines), err)
	}
}
