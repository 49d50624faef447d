package store

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// storedEncodings counts the parties of run id whose encodings or
// per-record strata are still in the database (raw SQL).
func storedEncodings(t *testing.T, db *DB, id uuid.UUID) int {
	t.Helper()
	var n int
	if err := db.w.QueryRow(`SELECT COUNT(*) FROM linkage_parties WHERE run_id = $1
		AND (clk IS NOT NULL OR strata <> '')`, id).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLinkageEncodingsPurged: the encodings are kept only while a run waits;
// matching or a refusal deletes every party's, and the results stay readable.
func TestLinkageEncodingsPurged(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		secret := []byte("un secret convenu par téléphone, Niamey 2026")
		newRun := func(name string, share bool, orgs ...uuid.UUID) *linkrun.Run {
			r := &linkrun.Run{Name: name, From: "2024-01-01", To: "2025-12-31", ShareMembership: share, MinSize: 20}
			for _, o := range orgs {
				r.Parties = append(r.Parties, linkrun.Party{OrgID: o})
			}
			must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
			return r
		}

		matched := newRun("Corridor Kano–Agadez–Lyon", true, w.orgA.ID, w.orgB.ID)
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminA(), matched.ID, linkrun.Approval{Secret: secret})))
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminB(), matched.ID, linkrun.Approval{Secret: secret})))
		if n := storedEncodings(t, db, matched.ID); n != 2 {
			t.Fatalf("before matching: %d parties' encodings stored, want 2", n)
		}
		if _, err := db.MatchLinkageRun(w.asCoord(), matched.ID); err != nil {
			t.Fatal(err)
		}
		if n := storedEncodings(t, db, matched.ID); n != 0 {
			t.Errorf("after matching: %d parties' encodings still stored", n)
		}
		if _, res, err := db.LinkageResults(w.asCoord(), matched.ID); err != nil || res.Overall["11"] == 0 {
			t.Errorf("results after the purge: %+v %v", res.Overall, err)
		}
		if shared, err := db.LinkageMembership(w.asAdminA(), matched.ID); err != nil || len(shared) == 0 {
			t.Errorf("A's shared cases after the purge: %d %v", len(shared), err)
		}

		declined := newRun("Corridor Benin City–Tripoli–Paris", false, w.orgA.ID, w.orgC.ID)
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminA(), declined.ID, linkrun.Approval{Secret: secret})))
		if n := storedEncodings(t, db, declined.ID); n != 1 {
			t.Fatalf("A's approval: %d parties' encodings stored, want 1", n)
		}
		must(t, db.DeclineLinkageRun(w.asAdminC(), declined.ID))
		if n := storedEncodings(t, db, declined.ID); n != 0 {
			t.Errorf("after C declined: %d parties' encodings still stored", n)
		}
	})
}

// TestLinkageRunsExpire: a run still waiting RunLifetime after it was
// proposed is closed by the system, its encodings deleted and the expiry
// audited for every party; a younger run and a matched run are left alone.
func TestLinkageRunsExpire(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newLinkWorld(t, db)
		secret := []byte("un secret convenu par téléphone, Niamey 2026")
		propose := func(name string, orgs ...uuid.UUID) *linkrun.Run {
			r := &linkrun.Run{Name: name, From: "2024-01-01", To: "2025-12-31", MinSize: 20}
			for _, o := range orgs {
				r.Parties = append(r.Parties, linkrun.Party{OrgID: o})
			}
			must(t, db.ProposeLinkageRun(w.asCoord(), r, false))
			return r
		}
		stale := propose("Corridor Zinder–Agadez–Marseille", w.orgA.ID, w.orgC.ID)
		must(t, errOnly(db.ApproveLinkageRun(w.asAdminA(), stale.ID, linkrun.Approval{Secret: secret})))
		young := propose("Corridor Kano–Niamey–Lyon", w.orgB.ID, w.orgC.ID)
		now := stale.CreatedAt.Add(linkrun.RunLifetime)

		_, err := db.ExpireLinkageRuns(w.asAdminA(), now)
		wantErr(t, err, ErrForbidden)
		if n, err := db.ExpireLinkageRuns(w.sys, now.Add(-time.Second)); err != nil || n != 0 {
			t.Fatalf("a second before the lifetime: %d expired, %v", n, err)
		}
		if _, err := db.w.Exec(`UPDATE linkage_runs SET created_at = $1 WHERE id = $2`,
			young.CreatedAt.Add(time.Hour), young.ID); err != nil {
			t.Fatal(err)
		}
		before := len(auditActions(t, db, w.orgC.ID))
		if n, err := db.ExpireLinkageRuns(w.sys, now); err != nil || n != 1 {
			t.Fatalf("at the lifetime: %d expired, %v", n, err)
		}
		got, err := db.GetLinkageRun(w.asCoord(), stale.ID)
		must(t, err)
		if got.Status != linkrun.Expired || storedEncodings(t, db, stale.ID) != 0 {
			t.Errorf("stale run: status %s, %d encodings kept", got.Status, storedEncodings(t, db, stale.ID))
		}
		if got, _ := db.GetLinkageRun(w.asCoord(), young.ID); got.Status != linkrun.Proposed {
			t.Errorf("young run: status %s", got.Status)
		}
		if acts := auditActions(t, db, w.orgC.ID); len(acts) != before+1 || acts[len(acts)-1] != "linkage.expire " {
			t.Errorf("C's audit after the expiry: %v", acts[before:])
		}
		_, err = db.ApproveLinkageRun(w.asAdminC(), stale.ID, linkrun.Approval{Secret: secret})
		wantRule(t, err, "run", linkrun.RuleState)
		if n, err := db.ExpireLinkageRuns(w.sys, now.Add(linkrun.RunLifetime)); err != nil || n != 1 {
			t.Errorf("later: %d expired (want the young run only), %v", n, err)
		}
	})
}
