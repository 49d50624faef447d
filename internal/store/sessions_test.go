package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fixture"
)

func TestSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		s := db.SessionStore(nil)
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
		if _, ok := s.(scs.IterableCtxStore); ok {
			t.Error("the store claims to list sessions by token, which it does not hold")
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

// TestSessionTokensAreHashed: the table holds no token that equals a cookie
// value, and what it holds does not find the session.
func TestSessionTokensAreHashed(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		s := db.SessionStore(nil)
		tokens := []string{"kR3v9-c00kie-value-of-awa", "second-cookie-value-of-moussa"}
		for _, tok := range tokens {
			must(t, s.Commit(tok, []byte("x"), time.Now().Add(time.Hour)))
		}
		rows, err := db.r.Query(`SELECT token FROM sessions`)
		must(t, err)
		var stored []string
		for rows.Next() {
			var k string
			must(t, rows.Scan(&k))
			stored = append(stored, k)
		}
		must(t, rows.Err())
		rows.Close()
		if len(stored) != len(tokens) {
			t.Fatalf("%d rows", len(stored))
		}
		for _, k := range stored {
			for _, tok := range tokens {
				if strings.Contains(k, tok) {
					t.Errorf("row holds the cookie value %q", tok)
				}
			}
			if _, found, err := s.Find(k); err != nil || found {
				t.Errorf("the stored value opens a session: %v %v", found, err)
			}
		}
	})
}

// TestPasswordChangeEndsOtherSessions: one's own password change ends one's
// other sessions (not the current one, not anyone else's) and, when asked,
// revokes one's API tokens, audited with counts only.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		owner := func(b []byte) uuid.UUID { u, _ := uuid.Parse(string(b)); return u }
		s := db.SessionStore(owner)
		exp := time.Now().Add(time.Hour)
		must(t, s.Commit("current", []byte(w.caseA.ID.String()), exp))
		must(t, s.Commit("phone", []byte(w.caseA.ID.String()), exp))
		must(t, s.Commit("cafe", []byte(w.caseA.ID.String()), exp))
		must(t, s.Commit("colleague", []byte(w.superA.ID.String()), exp))
		must(t, s.Commit("anonymous", []byte("not signed in"), exp))
		for _, name := range []string{"un", "deux"} {
			k := APIToken{Name: name, Hash: tokenHash("pas_" + name)}
			must(t, db.CreateAPIToken(w.asCaseA(), &k))
		}

		got, err := db.ChangeOwnPassword(w.asCaseA(), "$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3", "current", false)
		must(t, err)
		if got.SessionsEnded != 2 || got.TokensRevoked != 0 {
			t.Fatalf("ended %+v, want 2 sessions and no token", got)
		}
		for tok, want := range map[string]bool{"current": true, "phone": false, "cafe": false, "colleague": true, "anonymous": true} {
			if _, found, _ := s.Find(tok); found != want {
				t.Errorf("session %s found=%v, want %v", tok, found, want)
			}
		}
		if _, _, _, err := db.APITokenByHash(context.Background(), tokenHash("pas_un")); err != nil {
			t.Fatalf("token revoked without being asked: %v", err)
		}

		got, err = db.ChangeOwnPassword(w.asCaseA(), "$argon2id$v=19$m=19456,t=2,p=1$YWdhaW4$YWdhaW4", "current", true)
		must(t, err)
		if got.TokensRevoked != 2 {
			t.Fatalf("revoked %d tokens, want 2", got.TokensRevoked)
		}
		if _, _, _, err := db.APITokenByHash(context.Background(), tokenHash("pas_deux")); err != ErrNotFound {
			t.Fatalf("revoked token still works: %v", err)
		}
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "user.password" || e.Detail != "field=password_hash sessions_ended=0 tokens_revoked=2" {
			t.Fatalf("audit %s %q", e.Action, e.Detail)
		}
		// Someone else's password is not changed this way.
		if _, err := db.ChangeOwnPassword(context.Background(), "$argon2id$x", "", false); err == nil {
			t.Fatal("changed a password without an actor")
		}
	})
}

// TestBackupHoldsNoLiveState: a backup's sessions, throttle counts and
// two-factor steps are empty, and no session key is anywhere in its bytes.
func TestBackupHoldsNoLiveState(t *testing.T) {
	db := openTestSQLite(t)
	w := newWorld(t, db)
	ctx := context.Background()
	tok := "cookie-value-of-the-platform-administrator"
	must(t, db.SessionStore(nil).Commit(tok, []byte("signed in"), time.Now().Add(time.Hour)))
	if ok, err := db.UseTOTPStep(ctx, w.caseA.ID, 42); err != nil || !ok {
		t.Fatalf("step: %v %v", ok, err)
	}
	thr := throttleFor(db, func() time.Time { return time.Now() })
	must(t, thr.Fail(ctx, w.caseA.Email, "198.51.100.7"))
	if count(t, db, "sessions") != 1 || count(t, db, "signin_throttle") != 3 || count(t, db, "totp_steps") != 1 {
		t.Fatal("live state not written")
	}

	dest := filepath.Join(t.TempDir(), FileName)
	must(t, db.Backup(ctx, dest))
	raw, err := os.ReadFile(dest)
	must(t, err)
	if bytes.Contains(raw, []byte(sessionKey(tok))) || bytes.Contains(raw, []byte(tok)) {
		t.Error("the backup file holds the session's key")
	}
	cp, err := Open(ctx, Config{DataDir: filepath.Dir(dest)}, testMaster)
	must(t, err)
	defer cp.Close()
	for _, table := range liveState {
		if n := count(t, cp, table); n != 0 {
			t.Errorf("backup holds %d rows of %s", n, table)
		}
	}
	if n := count(t, cp, "users"); n == 0 {
		t.Error("backup lost the users")
	}
	if _, found, _ := cp.SessionStore(nil).Find(tok); found {
		t.Error("the session opens in the copy")
	}
}

func TestSessionCleanupRunsAndStops(t *testing.T) {
	db := openTestSQLite(t)
	must(t, db.SessionStore(nil).Commit("tok-old", []byte("x"), time.Now().Add(-time.Minute)))
	// A second cleaner on a short interval, stopped by Close like the first.
	db.wg.Add(1)
	go db.cleanup(time.Millisecond)
	fixture.Eventually(t, 30*time.Second, "the cleaner to delete the expired session", func() bool {
		return count(t, db, "sessions") == 0
	})
	must(t, db.Close())
	must(t, db.Close()) // twice is harmless
}
