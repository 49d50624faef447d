package main

import (
	"context"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/legislation"
)

// TestDemoLegislation: the demo gives the national coordination its
// assessments of Niger's and France's law once (a second seed adds none),
// with every finding, and the two of Niger compare.
func TestDemoLegislation(t *testing.T) {
	dir := seeded(t)
	if code, _, errs := run(t, "demo", "--data", dir, "--seed-only"); code != 0 {
		t.Fatalf("second seed: %s", errs)
	}
	db, sys := openData(t, dir)
	orgs, err := db.ListOrganisations(sys)
	if err != nil {
		t.Fatal(err)
	}
	u, err := db.UserForLogin(sys, demoLegislationCoordinator)
	if err != nil {
		t.Fatal(err)
	}
	var ctx context.Context
	for _, o := range orgs {
		if o.Name == demoOrgNamed("niamey") {
			ctx = auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, OrgID: o.ID, Role: auth.Coordinator})
		}
	}
	list, err := db.ListLegislationAssessments(ctx)
	want := demo.Legislation()
	if err != nil || len(list) != len(want) {
		t.Fatalf("%d assessments after two seeds, want %d (%v)", len(list), len(want), err)
	}
	countries := map[string][]legislation.Assessment{}
	for _, l := range list {
		a, err := db.GetLegislationAssessment(ctx, l.ID)
		if err != nil {
			t.Fatal(err)
		}
		countries[a.Country] = append(countries[a.Country], a)
	}
	if len(countries["NER"]) != 2 || len(countries["FRA"]) != 1 || len(countries["FRA"][0].Items) != len(want[2].Items) {
		t.Fatalf("assessments by country: NER %d, FRA %d", len(countries["NER"]), len(countries["FRA"]))
	}
	c, es := legislation.Compare(countries["NER"][0], countries["NER"][1])
	if len(es) > 0 || c.Count(legislation.Improved) == 0 {
		t.Fatalf("Niger's assessments do not show progress: %v %d", es, c.Count(legislation.Improved))
	}
}
