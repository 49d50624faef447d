package store

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// rateWorld is a world with three more organisations (five in all, so ten
// distinct pairs of parties) and four coordinators of a ministry.
type rateWorld struct {
	*world
	orgs   []uuid.UUID
	coords []context.Context
}

func newRateWorld(t *testing.T, db *DB) *rateWorld {
	t.Helper()
	w := &rateWorld{world: newWorld(t, db)}
	w.orgs = []uuid.UUID{w.orgA.ID, w.orgB.ID}
	for _, o := range []account.Organisation{
		{Name: "Foyer Sainte-Marthe, Paris", Type: account.Shelter, Country: "FRA", City: "Paris"},
		{Name: "Centre d'accueil de Bamako", Type: account.NGO, Country: "MLI", City: "Bamako"},
		{Name: "Ministère de la Justice, Niamey", Type: account.CentralGovernmentOrganisation, Country: "NER", City: "Niamey"},
	} {
		must(t, db.CreateOrganisation(w.sys, &o))
		w.orgs = append(w.orgs, o.ID)
	}
	ministry := w.orgs[len(w.orgs)-1]
	for i, name := range []string{"Salifou Adamou", "Hadiza Moussa", "Boubacar Sani", "Rakiatou Idrissa"} {
		u := account.User{Email: fmt.Sprintf("coord%d@justice-niamey.example", i), DisplayName: name, Lang: "fr",
			PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g"}
		must(t, db.CreateUser(w.sys, &u, []account.Membership{{OrgID: ministry, Role: auth.Coordinator}}))
		w.coords = append(w.coords, w.as(u, ministry, auth.Coordinator))
	}
	return w
}

func rateRun(orgs ...uuid.UUID) *linkrun.Run {
	r := &linkrun.Run{Name: "Corridor Bamako–Niamey–Lyon", From: "2024-01-01", To: "2025-12-31", MinSize: 20}
	for _, o := range orgs {
		r.Parties = append(r.Parties, linkrun.Party{OrgID: o})
	}
	return r
}

// proposeAll runs the proposals at once (each goroutine waits for the
// others to be ready) and returns how many were accepted and how many were
// refused under rule; anything else fails the test.
func proposeAll(t *testing.T, db *DB, ctxs []context.Context, runs []*linkrun.Run, rule string) (accepted, refused int) {
	t.Helper()
	errs := make([]error, len(runs))
	var ready, done sync.WaitGroup
	start := make(chan struct{})
	for i := range runs {
		ready.Add(1)
		done.Add(1)
		go func() {
			defer done.Done()
			ready.Done()
			<-start
			errs[i] = db.ProposeLinkageRun(ctxs[i], runs[i], false)
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for _, err := range errs {
		var es valid.Errors
		switch {
		case err == nil:
			accepted++
		case errors.As(err, &es) && es.Has(es[0].Field, rule) && len(es) == 1:
			refused++
		default:
			t.Errorf("proposal: %v, want nil or the rule %s", err, rule)
		}
	}
	return accepted, refused
}

// TestProposeRateLimitConcurrent: concurrent proposals by one coordinator
// are accepted up to the daily limit exactly, never beyond.
func TestProposeRateLimitConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newRateWorld(t, db)
		var runs []*linkrun.Run
		var ctxs []context.Context
		for i := 0; i < len(w.orgs) && len(runs) < linkrun.DefaultDaily+3; i++ {
			for j := i + 1; j < len(w.orgs) && len(runs) < linkrun.DefaultDaily+3; j++ {
				runs = append(runs, rateRun(w.orgs[i], w.orgs[j]))
				ctxs = append(ctxs, w.coords[0])
			}
		}
		accepted, refused := proposeAll(t, db, ctxs, runs, linkrun.RuleRateLimit)
		if accepted != linkrun.DefaultDaily || refused != 3 {
			t.Fatalf("%d accepted and %d refused, want %d and 3", accepted, refused, linkrun.DefaultDaily)
		}
		// The limit still holds afterwards, and the other coordinators are
		// not counted against it.
		wantRule(t, db.ProposeLinkageRun(w.coords[0], rateRun(w.orgs[3], w.orgs[4]), false), "name", linkrun.RuleRateLimit)
		must(t, db.ProposeLinkageRun(w.coords[1], rateRun(w.orgs[3], w.orgs[4]), false))
		if got := count(t, db, "linkage_runs"); got != linkrun.DefaultDaily+1 {
			t.Fatalf("%d runs stored, want %d", got, linkrun.DefaultDaily+1)
		}
	})
}

// TestProposeRepeatConcurrent: coordinators proposing the same parties at
// the same time get one run, not one each.
func TestProposeRepeatConcurrent(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newRateWorld(t, db)
		for round, set := range [][]uuid.UUID{{w.orgs[0], w.orgs[1]}, {w.orgs[2], w.orgs[3], w.orgs[4]}} {
			var runs []*linkrun.Run
			for range w.coords {
				// The same organisations, listed in another order each time.
				r := rateRun(set...)
				runs = append(runs, r)
				set = append(set[1:], set[0])
			}
			accepted, refused := proposeAll(t, db, w.coords, runs, linkrun.RuleRepeat)
			if accepted != 1 || refused != len(w.coords)-1 {
				t.Fatalf("round %d: %d accepted and %d refused, want 1 and %d", round, accepted, refused, len(w.coords)-1)
			}
		}
		if got := count(t, db, "linkage_runs"); got != 2 {
			t.Fatalf("%d runs stored, want 2", got)
		}
	})
}
