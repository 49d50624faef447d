package store

import (
	"context"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

func throttleFor(db *DB, now func() time.Time) *auth.Throttle { return auth.NewThrottle(db, now) }

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newClock() *clock { return &clock{t: time.Date(2026, 3, 9, 8, 30, 0, 0, time.UTC)} }

func allow(t *testing.T, th *auth.Throttle, account, addr string) (bool, time.Duration) {
	t.Helper()
	ok, wait, err := th.Allow(context.Background(), account, addr)
	must(t, err)
	return ok, wait
}

func fail(t *testing.T, th *auth.Throttle, account, addr string, n int) {
	t.Helper()
	for range n {
		must(t, th.Fail(context.Background(), account, addr))
	}
}

// TestThrottleLocksThePairNotTheAccount: five wrong passwords from address A
// make A wait (40 s after the 5th), while the owner's right password from
// address B is checked at once; a success from B clears the account count
// but not A's pair.
func TestThrottleLocksThePairNotTheAccount(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		c := newClock()
		th := throttleFor(db, c.now)
		const who, a, b = "awa.diallo@espoir-niamey.example", "203.0.113.9", "198.51.100.20"
		fail(t, th, who, a, 5)
		if ok, wait := allow(t, th, who, a); ok || wait != 40*time.Second {
			t.Fatalf("address A after 5 failures: ok=%v wait=%v, want a 40 s wait", ok, wait)
		}
		if ok, wait := allow(t, th, who, b); !ok {
			t.Fatalf("the owner at address B waits %v", wait)
		}
		// Another account at A is not held by this pair either.
		if ok, _ := allow(t, th, "moussa.traore@espoir-niamey.example", a); !ok {
			t.Fatal("another account at address A waits")
		}
		must(t, th.Succeed(context.Background(), who, b))
		if ok, _ := allow(t, th, who, a); ok {
			t.Fatal("a success elsewhere freed the guessing address")
		}
		c.advance(40 * time.Second)
		if ok, _ := allow(t, th, who, a); !ok {
			t.Fatal("still waiting after the delay")
		}
		// The wait grows per failure and is capped at 15 minutes.
		fail(t, th, who, a, 20)
		if _, wait := allow(t, th, who, a); wait != auth.ThrottlePair.Max {
			t.Fatalf("after 25 failures wait %v, want %v", wait, auth.ThrottlePair.Max)
		}
		// Forgotten a day after the last failure.
		c.advance(auth.ThrottlePair.Forget + time.Second)
		fail(t, th, who, a, 1)
		if ok, _ := allow(t, th, who, a); !ok {
			t.Fatal("an old run of failures still counts")
		}
	})
}

// TestThrottleSpreadGuessingWaitsAMinuteAtMost: failures from many addresses
// against one account slow it (from the 10th) but never beyond a minute.
func TestThrottleSpreadGuessingWaitsAMinuteAtMost(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		c := newClock()
		th := throttleFor(db, c.now)
		const who = "ibrahim.sani@espoir-niamey.example"
		for i := range 30 {
			fail(t, th, who, "192.0.2."+strconv.Itoa(i+1), 1)
		}
		ok, wait := allow(t, th, who, "198.51.100.20")
		if ok || wait != auth.ThrottleAccount.Max {
			t.Fatalf("owner after 30 spread failures: ok=%v wait=%v, want %v", ok, wait, auth.ThrottleAccount.Max)
		}
		c.advance(wait)
		if ok, _ := allow(t, th, who, "198.51.100.20"); !ok {
			t.Fatal("owner still kept out after a minute")
		}
	})
}

// TestThrottleSharedAddress: 20 failures from one address (a shelter's shared
// connection) spread over 10 colleagues' accounts make a further colleague's
// right password wait 1 s; 49 and more make it wait 30 s, never longer.
func TestThrottleSharedAddress(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		c := newClock()
		th := throttleFor(db, c.now)
		const shelter = "203.0.113.50"
		for i := range 10 {
			fail(t, th, "agent"+strconv.Itoa(i)+"@maison-refuge.example", shelter, 2)
		}
		ok, wait := allow(t, th, "fatou.ndiaye@maison-refuge.example", shelter)
		if ok || wait != time.Second {
			t.Fatalf("after 20 failures: ok=%v wait=%v, want 1 s", ok, wait)
		}
		c.advance(wait)
		if ok, _ := allow(t, th, "fatou.ndiaye@maison-refuge.example", shelter); !ok {
			t.Fatal("colleague still kept out")
		}
		for i := range 20 {
			fail(t, th, "autre"+strconv.Itoa(i)+"@maison-refuge.example", shelter, 2)
		}
		if _, wait := allow(t, th, "fatou.ndiaye@maison-refuge.example", shelter); wait != auth.ThrottleAddress.Max {
			t.Fatalf("after 60 failures wait %v, want %v", wait, auth.ThrottleAddress.Max)
		}
	})
}

// TestStaleThrottleCountsDeleted: the cleanup drops counts no rule
// remembers any more, and keeps the others.
func TestStaleThrottleCountsDeleted(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		c := newClock()
		th := throttleFor(db, c.now)
		fail(t, th, "ancien@espoir-niamey.example", "203.0.113.1", 1)
		c.advance(23 * time.Hour)
		fail(t, th, "recent@espoir-niamey.example", "203.0.113.2", 1)
		c.advance(2 * time.Hour)
		n, err := db.DeleteStaleThrottle(context.Background(), c.now())
		must(t, err)
		if n != 3 || count(t, db, "signin_throttle") != 3 {
			t.Fatalf("deleted %d, kept %d; want 3 and 3", n, count(t, db, "signin_throttle"))
		}
	})
}

// TestLiftLockout: a user manager clears the user's counts at once; it is
// audited; a caseworker cannot, nor another organisation's administrator.
func TestLiftLockout(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := newClock()
		th := throttleFor(db, c.now)
		fail(t, th, w.caseA.Email, "203.0.113.9", 12)
		until, err := db.LockedUntil(w.asAdminA(), w.caseA.ID, c.now())
		must(t, err)
		if want := c.now().Add(auth.ThrottlePair.Delay(12)); !until.Equal(want) {
			t.Fatalf("locked until %v, want %v", until, want)
		}
		wantErr(t, db.LiftLockout(w.asCaseA(), w.superA.ID), ErrForbidden)
		wantErr(t, db.LiftLockout(w.asAdminB(), w.caseA.ID), ErrNotFound)
		_, err = db.LockedUntil(w.asAdminB(), w.caseA.ID, c.now())
		wantErr(t, err, ErrNotFound)
		must(t, db.LiftLockout(w.asAdminA(), w.caseA.ID))
		if ok, wait := allow(t, th, w.caseA.Email, "203.0.113.9"); !ok {
			t.Fatalf("still waiting %v after the lockout was lifted", wait)
		}
		if until, _ := db.LockedUntil(w.asAdminA(), w.caseA.ID, c.now()); !until.IsZero() {
			t.Fatalf("locked until %v after lifting", until)
		}
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "user.unlock" || e.RecordID != w.caseA.ID.String() || e.Detail != "cleared=2" {
			t.Fatalf("audit %s %s %q", e.Action, e.RecordID, e.Detail)
		}
		// The address count stays: it protects the other accounts.
		if n := count(t, db, "signin_throttle"); n != 1 {
			t.Fatalf("%d counts left, want the address's", n)
		}
	})
}

// TestTOTPGuardRefusesReplay: a code is accepted once per user, and an earlier
// step is refused after a later one.
func TestTOTPGuardRefusesReplay(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		g := auth.NewTOTPGuard(db)
		ctx := context.Background()
		const rfc = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
		ids := map[string]uuid.UUID{"a": w.caseA.ID, "b": w.superA.ID, "c": w.caseB.ID}
		check := func(who, code string, at time.Time) bool {
			t.Helper()
			ok, err := g.Check(ctx, ids[who], rfc, code, at)
			must(t, err)
			return ok
		}
		at := time.Unix(1111111109, 0) // step 37037036, code 081804
		if check("a", "000000", at) {
			t.Fatal("wrong code accepted")
		}
		if !check("a", "081804", at) {
			t.Fatal("right code refused")
		}
		if check("a", "081804", at) || check("a", "081804", at.Add(20*time.Second)) {
			t.Error("same code accepted twice")
		}
		if !check("b", "081804", at) {
			t.Error("another user refused")
		}
		at2 := time.Unix(1111111111, 0) // step 37037037, code 050471
		if !check("c", "050471", at2) {
			t.Fatal("next step's code refused")
		}
		if check("c", "081804", at2) {
			t.Error("earlier step accepted after a later one")
		}
	})
}

// TestThrottleAndReplayShared: two handles on one database (two server
// processes) see the same counts and the same two-factor steps.
func TestThrottleAndReplayShared(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		other := reopen(t, db)
		c := newClock()
		one, two := throttleFor(db, c.now), throttleFor(other, c.now)
		fail(t, one, w.caseA.Email, "203.0.113.9", 2)
		fail(t, two, w.caseA.Email, "203.0.113.9", 1)
		if ok, wait := allow(t, one, w.caseA.Email, "203.0.113.9"); ok || wait != 10*time.Second {
			t.Fatalf("failures on two servers not added: ok=%v wait=%v", ok, wait)
		}
		must(t, db.LiftLockout(w.asAdminA(), w.caseA.ID))
		if ok, _ := allow(t, two, w.caseA.Email, "203.0.113.9"); !ok {
			t.Fatal("the lift on one server not seen by the other")
		}
		ctx := context.Background()
		if ok, err := db.UseTOTPStep(ctx, w.caseA.ID, 37037036); err != nil || !ok {
			t.Fatalf("first use: %v %v", ok, err)
		}
		if ok, err := other.UseTOTPStep(ctx, w.caseA.ID, 37037036); err != nil || ok {
			t.Fatalf("the same step accepted by the second server: %v %v", ok, err)
		}
	})
}

// reopen opens db's database a second time, as another server process would.
func reopen(t *testing.T, db *DB) *DB {
	t.Helper()
	cfg := Config{DataDir: filepath.Dir(db.path)}
	if db.dialect == Postgres {
		u, ok := pgURLs.Load(db)
		if !ok {
			t.Fatal("no URL for this database")
		}
		cfg = Config{DatabaseURL: u.(string)}
	}
	other, err := Open(context.Background(), cfg, testMaster)
	must(t, err)
	t.Cleanup(func() { other.Close() })
	return other
}
