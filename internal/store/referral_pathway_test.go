package store

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/referral"
)

func TestReferralPathways(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.asCoordinator(t)
		p := referral.Pathway{Name: "Nigeria - Niger - France", Countries: []string{"nga", "NER", "FRA"},
			Steps: []referral.Step{{Service: directory.Shelter, OrgIDs: []uuid.UUID{w.orgB.ID, w.orgA.ID}},
				{Service: directory.LegalAssistance, OrgIDs: []uuid.UUID{w.orgA.ID}}}}
		counts := func() map[string]int {
			return fixture.RowCounts(t, db.w, "referral_pathways", "referral_pathway_steps")
		}
		before := counts()
		// Caseworkers read, coordinators keep.
		wantErr(t, db.SavePathway(w.asCaseA(), &p), ErrForbidden)
		bad := p
		bad.Steps = []referral.Step{{Service: "massage", OrgIDs: []uuid.UUID{uuid.New()}}}
		if err := db.SavePathway(coord, &bad); !hasRule(err, "steps[0].service", directory.RuleUnknownService) {
			t.Fatalf("bad step: %v", err)
		}
		bad.Steps = []referral.Step{{Service: directory.Shelter, OrgIDs: []uuid.UUID{uuid.New()}}}
		if err := db.SavePathway(coord, &bad); !hasRule(err, "steps[0].organisations", referral.RuleUnknownReceiver) {
			t.Fatalf("unknown organisation: %v", err)
		}
		sameSnapshot(t, before, counts())
		must(t, db.SavePathway(coord, &p))
		ps, err := db.ListPathways(w.asCaseA(), "ner")
		must(t, err)
		if len(ps) != 1 || !slices.Equal(ps[0].Countries, []string{"NGA", "NER", "FRA"}) || len(ps[0].Steps) != 2 {
			t.Fatalf("pathways: %+v", ps)
		}
		if got := referral.Suggest(ps, directory.Shelter, "FRA"); !slices.Equal(got, []uuid.UUID{w.orgB.ID, w.orgA.ID}) {
			t.Fatalf("suggest: %v", got)
		}
		if ps, _ := db.ListPathways(w.asCaseA(), "SEN"); len(ps) != 0 {
			t.Fatalf("another country: %+v", ps)
		}
		p.Steps = p.Steps[:1]
		must(t, db.SavePathway(coord, &p))
		got, err := db.GetPathway(w.asCaseB(), p.ID)
		must(t, err)
		if len(got.Steps) != 1 {
			t.Fatalf("replaced: %+v", got)
		}
		must(t, db.DeletePathway(coord, p.ID))
		sameSnapshot(t, before, counts())
	})
}
