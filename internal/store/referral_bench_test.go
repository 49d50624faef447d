package store

import (
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/referral"
)

// BenchmarkReferralFlow sends, accepts, starts and completes one referral
// per iteration (a linked case made and sealed under the receiver's keys
// each time), on SQLite and, when configured, PostgreSQL. The issue's
// figure is 10,000 referrals:
//
//	go test -run '^$' -bench ReferralFlow -benchtime 10000x ./internal/store/
func BenchmarkReferralFlow(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchReferrals(b, openTestSQLite(b)) })
	b.Run("postgres", func(b *testing.B) {
		if !fixture.PostgresConfigured() {
			b.Skip("PostgreSQL not configured: set " + envPostgres)
		}
		benchReferrals(b, openTestPostgres(b))
	})
}

func benchReferrals(b *testing.B, db *DB) {
	w := newWorld(b, db)
	must(b, db.UpdateDirectoryProfile(w.asAdminB(), shelterProfile(w.orgB.ID)))
	c, _ := referredCase(b, w)
	sender, receiver := w.asCaseA(), w.asCaseB()
	share := referral.Defaults([]directory.Service{directory.Shelter})
	start := time.Now()
	n := 0
	for b.Loop() {
		r := referral.Referral{CaseID: c.ID, ToOrgID: w.orgB.ID, Services: []directory.Service{directory.Shelter},
			Urgency: referral.Urgent, Purpose: "Safe place in Lyon", Share: share}
		must(b, db.CreateReferral(sender, &r))
		for _, a := range []referral.Action{referral.Accept, referral.Start, referral.Complete} {
			must(b, db.StepReferral(receiver, r.ID, a, ""))
		}
		n++
	}
	el := time.Since(start)
	b.ReportMetric(float64(n)/el.Seconds(), "referrals/s")
	b.Logf("%s: %d referrals sent, accepted, started and completed in %s", db.dialect, n, el.Round(time.Millisecond))
}
