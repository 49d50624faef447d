package store

import (
	"context"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		s := db.SessionStore()
		cs := s.(scs.CtxStore)
		ctx := context.Background()
		_, found, err := s.Find("absent")
		if err != nil || found {
			t.Fatalf("absent session: %v %v", found, err)
		}
		must(t, s.Commit("tok-1", []byte("données de session"), time.Now().Add(time.Hour)))
		b, found, err := cs.FindCtx(ctx, "tok-1")
		if err != nil || !found || string(b) != "données de session" {
			t.Fatalf("round trip: %q %v %v", b, found, err)
		}
		must(t, cs.CommitCtx(ctx, "tok-1", []byte("v2"), time.Now().Add(time.Hour)))
		if b, _, _ := s.Find("tok-1"); string(b) != "v2" {
			t.Fatalf("not replaced: %q", b)
		}
		all, err := s.(scs.IterableCtxStore).AllCtx(ctx)
		must(t, err)
		if len(all) != 1 || string(all["tok-1"]) != "v2" {
			t.Fatalf("all %v", all)
		}
		// Expired sessions are not found, and the cleanup removes them.
		must(t, s.Commit("tok-old", []byte("x"), time.Now().Add(-time.Second)))
		if _, found, _ := s.Find("tok-old"); found {
			t.Fatal("expired session found")
		}
		n, err := db.DeleteExpiredSessions(ctx)
		must(t, err)
		if n != 1 || count(t, db, "sessions") != 1 {
			t.Fatalf("cleanup removed %d", n)
		}
		must(t, cs.DeleteCtx(ctx, "tok-1"))
		must(t, s.Delete("tok-1")) // unknown: not an error
		if _, found, _ := s.Find("tok-1"); found {
			t.Fatal("deleted session found")
		}
	})
}

func TestSessionCleanupRunsAndStops(t *testing.T) {
	db := openTestSQLite(t)
	must(t, db.SessionStore().Commit("tok-old", []byte("x"), time.Now().Add(-time.Minute)))
	// A second cleaner on a short interval, stopped by Close like the first.
	db.wg.Add(1)
	go db.sessions.cleanup(time.Millisecond)
	for count(t, db, "sessions") != 0 {
		time.Sleep(time.Millisecond)
	}
	must(t, db.Close())
	must(t, db.Close()) // twice is harmless
}
