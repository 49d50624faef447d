package app

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	seed "github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/programme/campaign"
	"github.com/passerelle-org/passerelle/internal/programme/training"
)

// addOutreach gives B a training session with a participant and a
// campaign with a file, which A's roles must never reach.
func (w *world) addOutreach(t *testing.T) {
	t.Helper()
	ctx := seed.As(w.userB.ID, w.orgB.ID, auth.OrgAdmin)
	tr := training.Training{Topic: "investigation", Country: "NGA", Place: "Benin City", StartsOn: "2025-02-03", EndsOn: "2025-02-05"}
	if err := w.db.CreateTraining(ctx, &tr); err != nil {
		t.Fatal(err)
	}
	p := training.Participant{Name: w.userB.DisplayName, Profession: "police", Attended: true}
	if err := w.db.AddParticipant(ctx, tr.ID, &p); err != nil {
		t.Fatal(err)
	}
	c := campaign.Campaign{Title: "Edo radio", Level: "media", TargetGroups: []string{"women"}, Channels: []string{"radio"},
		Countries: []string{"NGA"}, StartsOn: "2025-03-01", EndsOn: "2025-03-31"}
	if err := w.db.CreateCampaign(ctx, &c); err != nil {
		t.Fatal(err)
	}
	m := campaign.Material{Name: "poster.txt"}
	if err := w.db.AddMaterial(ctx, c.ID, &m, []byte("Know your rights before you travel.\n")); err != nil {
		t.Fatal(err)
	}
	w.trainingB, w.campaignB, w.materialB = tr.ID, c.ID, m.ID
}
