package main

import (
	"context"
	"fmt"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/demo"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/store"
)

// seedDemoOutreach records the demo's trainings (Niger and Nigeria), the
// Agadez shelter's radio campaign and Niger's justice figures
// (internal/demo), for each organisation that has none yet.
func seedDemoOutreach(ctx context.Context, db *store.DB, orgs map[string]account.Organisation) error {
	as := func(key string) context.Context {
		a := auth.SystemActor()
		a.OrgID = orgs[key].ID
		return auth.WithActor(ctx, a)
	}
	done := map[string]bool{}
	for i, d := range demo.Trainings() {
		if _, ok := done[d.Org]; !ok {
			list, err := db.ListTrainings(as(d.Org))
			if err != nil {
				return err
			}
			done[d.Org] = len(list) > 0
		}
		if done[d.Org] {
			continue
		}
		t := d.Session
		t.OrgID = orgs[d.Org].ID
		if err := db.CreateTraining(as(d.Org), &t); err != nil {
			return fmt.Errorf("demo training: %w", err)
		}
		if _, err := db.AddParticipants(as(d.Org), t.ID, d.ParticipantList(i)); err != nil {
			return fmt.Errorf("demo participants: %w", err)
		}
	}
	if list, err := db.ListCampaigns(as("agadez")); err != nil {
		return err
	} else if len(list) == 0 {
		c, name, content := demo.RadioCampaign()
		c.OrgID = orgs["agadez"].ID
		if err := db.CreateCampaign(as("agadez"), &c); err != nil {
			return fmt.Errorf("demo campaign: %w", err)
		}
		m := campaign.Material{Name: name}
		if err := db.AddMaterial(as("agadez"), c.ID, &m, content); err != nil {
			return fmt.Errorf("demo material: %w", err)
		}
	}
	table, err := db.JusticeFigures(as("niamey"), "NER")
	if err != nil {
		return err
	}
	for _, l := range table.Lines {
		if l.Entered != nil {
			return nil
		}
	}
	for _, f := range demo.JusticeFigures() {
		f.OrgID = orgs["niamey"].ID
		if err := db.EnterJusticeFigure(as("niamey"), &f); err != nil {
			return fmt.Errorf("demo justice figure: %w", err)
		}
	}
	return nil
}
