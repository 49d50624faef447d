package store

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestLinkageUploadLimit: encodings over linkrun.MaxCLKBytes are refused
// (the API and the web bound what they read to the same size) and the
// party's answer stays pending.
func TestLinkageUploadLimit(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newRateWorld(t, db)
		r := rateRun(w.orgA.ID, w.orgB.ID)
		must(t, db.ProposeLinkageRun(w.coords[0], r, false))
		_, err := db.SubmitLinkageCLK(w.asAdminA(), r.ID, make([]byte, linkrun.MaxCLKBytes+1))
		wantRule(t, err, "clk", RuleTooLarge)
		got, err := db.GetLinkageRun(w.asAdminA(), r.ID)
		must(t, err)
		if got.Parties[0].State != linkrun.Pending {
			t.Fatalf("A's answer after a refused upload: %s", got.Parties[0].State)
		}
	})
}
