package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestConcurrentWritersKeepChains: several goroutines per organisation append
// to two chains at once (and one transaction touches both), on both
// databases; every chain still verifies and nothing is lost.
func TestConcurrentWritersKeepChains(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		const workers, each = 3, 15
		before := map[uuid.UUID]int{w.orgA.ID: auditCount(t, db, w.orgA.ID), w.orgB.ID: auditCount(t, db, w.orgB.ID)}
		ctxs := []context.Context{w.asCaseA(), w.asCaseB()}
		var wg sync.WaitGroup
		errs := make(chan error, 2*workers+1)
		for _, ctx := range ctxs {
			for g := range workers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range each {
						if err := db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(g, "-", i)}); err != nil {
							errs <- err
							return
						}
					}
				}()
			}
		}
		// A platform administrator's transactions touching both chains.
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				role := auth.Supervisor
				if i%2 == 1 {
					role = auth.Coordinator
				}
				if err := db.SetMembership(w.asPlatform(), membership(w.caseB.ID, w.orgA.ID, role)); err != nil {
					errs <- err
					return
				}
				if err := db.SetMembership(w.asPlatform(), membership(w.caseA.ID, w.orgB.ID, role)); err != nil {
					errs <- err
					return
				}
			}
		}()
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for org, n := range before {
			if got := auditCount(t, db, org); got != n+workers*each+each {
				t.Fatalf("chain %s: %d entries, want %d", org, got, n+workers*each+each)
			}
		}
		_, err := db.VerifyAudit(w.sys)
		must(t, err)
	})
}

// TestLastAdminUnderConcurrency: two administrators demoted at the same time
// cannot leave the organisation without one.
func TestLastAdminUnderConcurrency(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.SetMembership(w.asPlatform(), membership(w.superA.ID, w.orgA.ID, auth.OrgAdmin)))
		for round := range 5 {
			errs := make(chan error, 2)
			var wg sync.WaitGroup
			for _, u := range []uuid.UUID{w.adminA.ID, w.superA.ID} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					errs <- db.SetMembership(w.asPlatform(), membership(u, w.orgA.ID, auth.Supervisor))
				}()
			}
			wg.Wait()
			close(errs)
			ok := 0
			for err := range errs {
				if err == nil {
					ok++
				} else if !errors.Is(err, ErrConflict) {
					t.Fatal(err)
				}
			}
			var admins int
			must(t, db.w.QueryRow(`SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND role = 'org_admin'`, w.orgA.ID).Scan(&admins))
			if ok != 1 || admins != 1 {
				t.Fatalf("round %d: %d demotions went through, %d org_admin left", round, ok, admins)
			}
			// Restore two administrators for the next round.
			must(t, db.SetMembership(w.asPlatform(), membership(w.adminA.ID, w.orgA.ID, auth.OrgAdmin)))
			must(t, db.SetMembership(w.asPlatform(), membership(w.superA.ID, w.orgA.ID, auth.OrgAdmin)))
		}
	})
}

// TestTwoProcessesShareSQLite: a second handle on the same file (like a
// command run while the server serves) writes to the same chains; both wait
// for each other through the file lock and the chains stay whole.
func TestTwoProcessesShareSQLite(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	one, err := Open(ctx, Config{DataDir: dir}, testMaster)
	must(t, err)
	defer one.Close()
	w := newWorld(t, one)
	two, err := Open(ctx, Config{DataDir: dir}, testMaster)
	must(t, err)
	defer two.Close()
	const each = 40
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	for _, db := range []*DB{one, two} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				if err := db.Audit(w.asCaseA(), audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprint(i)}); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	es, err := two.ListAudit(w.asAdminA(), w.orgA.ID, AuditFilter{ActionPrefix: "case.read", Limit: 1000})
	must(t, err)
	if len(es) != 2*each {
		t.Fatalf("%d entries, want %d", len(es), 2*each)
	}
	_, err = one.VerifyAudit(w.sys)
	must(t, err)
}
