package auth

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time                    { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration)               { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func newClock() *clock                             { return &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }
func allowed(th *Throttle, acct, addr string) bool { ok, _ := th.Allow(acct, addr); return ok }

func TestThrottleAccountLockAndGrowth(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	const acct, addr = "awa.diallo@ong-espoir.sn", "198.51.100.7"
	for i := 1; i <= 5; i++ {
		if !allowed(th, acct, addr) {
			t.Fatalf("attempt %d refused", i)
		}
		th.Fail(acct, addr)
		c.add(time.Second)
	}
	ok, retry := th.Allow(acct, addr)
	if ok || retry <= 0 || retry > time.Minute {
		t.Fatalf("6th attempt: ok=%v retry=%v, want refused for up to 1 min", ok, retry)
	}
	// Another account from the same address is not locked.
	if !allowed(th, "kwame.mensah@example.org", addr) {
		t.Error("another account locked by the first one's failures")
	}
	// Case and spaces of the account do not dodge the lock.
	if allowed(th, " AWA.Diallo@ONG-espoir.sn ", addr) {
		t.Error("upper-case account name dodged the lock")
	}
	// The lock doubles with each failure after it ends, up to an hour.
	want := []time.Duration{2, 4, 8, 16, 32, 60, 60}
	for i, w := range want {
		_, retry := th.Allow(acct, addr)
		c.add(retry) // lock over, but the run continues (within 15 min of its end)
		if !allowed(th, acct, addr) {
			t.Fatalf("step %d: refused after the lock ended", i)
		}
		th.Fail(acct, addr)
		if _, retry := th.Allow(acct, addr); retry != w*time.Minute {
			t.Errorf("lock after %d failures = %v, want %v", 6+i, retry, w*time.Minute)
		}
	}
}

func TestThrottleSuccessResetsAccount(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	for range 4 {
		th.Fail("ioana@example.ro", "203.0.113.5")
	}
	th.Succeed("ioana@example.ro", "203.0.113.5")
	for range 4 {
		th.Fail("ioana@example.ro", "203.0.113.5")
	}
	if !allowed(th, "ioana@example.ro", "203.0.113.5") {
		t.Error("locked after 4+4 failures with a success between")
	}
	th.Fail("ioana@example.ro", "203.0.113.5")
	if allowed(th, "ioana@example.ro", "203.0.113.5") {
		t.Error("not locked after 5 failures in a row")
	}
}

func TestThrottleWindowForgetsOldFailures(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	for range 4 {
		th.Fail("x@example.org", "192.0.2.1")
	}
	c.add(15*time.Minute + time.Second)
	th.Fail("x@example.org", "192.0.2.1")
	if !allowed(th, "x@example.org", "192.0.2.1") {
		t.Error("failures older than the window still counted")
	}
	for range 4 {
		th.Fail("x@example.org", "192.0.2.1")
	}
	if allowed(th, "x@example.org", "192.0.2.1") {
		t.Error("5 failures within the window did not lock")
	}
	// A lock ended and 15 quiet minutes: fresh start at 1 minute.
	c.add(time.Minute + 15*time.Minute)
	for range 5 {
		th.Fail("x@example.org", "192.0.2.1")
	}
	if _, retry := th.Allow("x@example.org", "192.0.2.1"); retry != time.Minute {
		t.Errorf("lock after a quiet period = %v, want 1m", retry)
	}
}

func TestThrottlePerAddress(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	const addr = "198.51.100.9"
	for i := range 20 {
		acct := fmt.Sprintf("user%d@example.org", i) // spraying: 1 try per account
		if !allowed(th, acct, addr) {
			t.Fatalf("attempt %d refused", i+1)
		}
		th.Fail(acct, addr)
		c.add(10 * time.Second)
	}
	ok, retry := th.Allow("new@example.org", addr)
	if ok || retry <= 0 || retry > 15*time.Minute {
		t.Fatalf("21st attempt from one address: ok=%v retry=%v", ok, retry)
	}
	if !allowed(th, "new@example.org", "198.51.100.10") {
		t.Error("another address refused")
	}
	// A success from that address does not lift the address limit.
	th.Succeed("user0@example.org", addr)
	if allowed(th, "user0@example.org", addr) {
		t.Error("a success lifted the address limit")
	}
	// The oldest failure leaves the window after retry; then one more try.
	c.add(retry)
	if !allowed(th, "new@example.org", addr) {
		t.Error("still refused after retryAfter")
	}
	th.Fail("new@example.org", addr)
	if allowed(th, "new2@example.org", addr) {
		t.Error("sliding window let two attempts through")
	}
}

func TestThrottleAddressForms(t *testing.T) {
	th := NewThrottle(newClock().now)
	for i := range 20 {
		th.Fail("a@example.org", fmt.Sprintf("2001:db8:1:2:%x::1", i)) // one /64
	}
	if allowed(th, "b@example.org", "[2001:db8:1:2:ffff::9]:443") {
		t.Error("IPv6 addresses in one /64 not counted together")
	}
	if !allowed(th, "b@example.org", "2001:db8:1:3::1") {
		t.Error("another /64 refused")
	}
	for range 20 {
		th.Fail("c@example.org", "192.0.2.77:51000")
	}
	if allowed(th, "d@example.org", "192.0.2.77") || allowed(th, "d@example.org", "::ffff:192.0.2.77") {
		t.Error("port or IPv4-mapped form dodged the address limit")
	}
}

func TestThrottleMemoryBounded(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	for i := range 3000 {
		th.Fail(fmt.Sprintf("u%d@example.org", i), fmt.Sprintf("10.0.%d.%d", i/256, i%256))
	}
	c.add(2 * time.Hour)
	for i := range throttlePruneEvery {
		th.Fail(fmt.Sprintf("v%d@example.org", i), "192.0.2.200")
	}
	if n := len(th.accounts); n > throttlePruneEvery+1 {
		t.Errorf("%d accounts kept after expiry, want at most %d", n, throttlePruneEvery+1)
	}
	if n := len(th.addrs); n > 2 {
		t.Errorf("%d addresses kept after expiry", n)
	}
	// A spray of unique accounts and addresses never grows past the cap.
	th.maxEntries = 5000 // the default (100 000) behaves alike, only slower to fill
	for i := range th.maxEntries + 3000 {
		th.Fail(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", i))
	}
	if len(th.accounts) > th.maxEntries || len(th.addrs) > th.maxEntries {
		t.Errorf("maps grew to %d accounts, %d addresses; cap %d", len(th.accounts), len(th.addrs), th.maxEntries)
	}
	if NewThrottle(nil).maxEntries != throttleMaxEntries {
		t.Error("default cap not set")
	}
}

func TestThrottleConcurrent(t *testing.T) {
	c := newClock()
	th := NewThrottle(c.now)
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				acct := fmt.Sprintf("g%d-%d", g, i%7)
				th.Allow(acct, "192.0.2.1")
				th.Fail(acct, "192.0.2.1")
				if i%5 == 0 {
					th.Succeed(acct, "192.0.2.1")
				}
				c.add(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	if allowed(th, "anyone", "192.0.2.1") {
		t.Error("1600 failures from one address within a second did not trip the address limit")
	}
}
