package auth

import (
	"net"
	"strings"
	"sync"
	"time"
)

// Throttle limits sign-in guessing. Per account: after 5 failures in a row
// (each within 15 minutes of the previous failure or of the end of the last
// lock) the account is locked, for 1 minute, then 2, 4, ... up to 1 hour for
// each further failure; a success clears it. Per address: at most 20 failures
// in any 15 minutes; a success does not clear it (else one good account would
// unlock guessing on others). IPv6 addresses count per /64, what one
// subscriber usually holds. In memory, safe for concurrent use; with several
// server processes each keeps its own counts.
type Throttle struct {
	now func() time.Time

	mu       sync.Mutex
	accounts map[string]*accountState
	addrs    map[string]*addrState
	ops      int

	maxEntries int // cap on each map (throttleMaxEntries)
}

// Throttle limits; exported so pages can explain them.
const (
	ThrottleAccountFailures = 5
	ThrottleWindow          = 15 * time.Minute
	ThrottleFirstLock       = time.Minute
	ThrottleMaxLock         = time.Hour
	ThrottleAddrFailures    = 20

	// throttleMaxEntries caps each map; beyond it the oldest-looking entries
	// go first (expired ones, then arbitrary ones), so memory stays bounded
	// even under a spray from many addresses.
	throttleMaxEntries = 100_000
	throttlePruneEvery = 1024
)

type accountState struct {
	fails       int       // failures in a row
	lastFail    time.Time // time of the latest failure
	lockedUntil time.Time
}

type addrState struct {
	fails []time.Time // times of failures within the window, oldest first; at most ThrottleAddrFailures
}

// NewThrottle returns a throttle reading the time from now (time.Now if nil).
func NewThrottle(now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{now: now, maxEntries: throttleMaxEntries, accounts: map[string]*accountState{}, addrs: map[string]*addrState{}}
}

// Allow reports whether a sign-in attempt for account from addr may be
// checked at all; if not, retryAfter says when to try again. Call it before
// checking the password; it changes nothing.
func (t *Throttle) Allow(account, addr string) (ok bool, retryAfter time.Duration) {
	account, addr = normAccount(account), normAddr(addr)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if a := t.accounts[account]; a != nil && now.Before(a.lockedUntil) {
		retryAfter = a.lockedUntil.Sub(now)
	}
	if s := t.addrs[addr]; s != nil {
		s.expire(now)
		if len(s.fails) >= ThrottleAddrFailures {
			if d := s.fails[0].Add(ThrottleWindow).Sub(now); d > retryAfter {
				retryAfter = d
			}
		}
	}
	return retryAfter <= 0, retryAfter
}

// Fail records a failed attempt (wrong password, wrong or missing second
// factor, unknown account).
func (t *Throttle) Fail(account, addr string) {
	account, addr = normAccount(account), normAddr(addr)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.maintain(now)

	a := t.accounts[account]
	if a == nil || a.expired(now) {
		a = &accountState{}
		t.accounts[account] = a
	}
	a.fails++
	a.lastFail = now
	if a.fails >= ThrottleAccountFailures {
		lock := ThrottleFirstLock
		for i := ThrottleAccountFailures; i < a.fails && lock < ThrottleMaxLock; i++ {
			lock *= 2
		}
		a.lockedUntil = now.Add(min(lock, ThrottleMaxLock))
	}

	s := t.addrs[addr]
	if s == nil {
		s = &addrState{}
		t.addrs[addr] = s
	}
	s.expire(now)
	if len(s.fails) >= ThrottleAddrFailures {
		s.fails = s.fails[1:]
	}
	s.fails = append(s.fails, now)
}

// Succeed clears the account's failures after a full successful sign-in.
func (t *Throttle) Succeed(account, addr string) {
	account = normAccount(account)
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.accounts, account)
}

// expired: the run of failures is over when 15 minutes passed since the later
// of the last failure and the end of the lock.
func (a *accountState) expired(now time.Time) bool {
	end := a.lastFail
	if a.lockedUntil.After(end) {
		end = a.lockedUntil
	}
	return !now.Before(end.Add(ThrottleWindow))
}

func (s *addrState) expire(now time.Time) {
	i := 0
	for i < len(s.fails) && !now.Before(s.fails[i].Add(ThrottleWindow)) {
		i++
	}
	if i > 0 {
		s.fails = append(s.fails[:0], s.fails[i:]...)
	}
}

// maintain prunes expired entries every throttlePruneEvery failures, and
// enforces the size cap.
func (t *Throttle) maintain(now time.Time) {
	t.ops++
	if t.ops%throttlePruneEvery != 0 && len(t.accounts) < t.maxEntries && len(t.addrs) < t.maxEntries {
		return
	}
	for k, a := range t.accounts {
		if a.expired(now) {
			delete(t.accounts, k)
		}
	}
	for k, s := range t.addrs {
		if s.expire(now); len(s.fails) == 0 {
			delete(t.addrs, k)
		}
	}
	// Still full: drop arbitrary entries down to 90%. An attacker able to fill
	// 100 000 slots could free a locked one this way, but memory stays bounded.
	for k := range t.accounts {
		if len(t.accounts) < t.maxEntries*9/10 {
			break
		}
		delete(t.accounts, k)
	}
	for k := range t.addrs {
		if len(t.addrs) < t.maxEntries*9/10 {
			break
		}
		delete(t.addrs, k)
	}
}

func normAccount(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// normAddr reduces an address to what one client holds: the IPv4 address, or
// the /64 of an IPv6 address. A port, if present, is dropped.
func normAddr(s string) string {
	s = strings.TrimSpace(s)
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	ip := net.ParseIP(s)
	if ip == nil {
		return strings.ToLower(s)
	}
	if v4 := ip.To4(); v4 != nil {
		return v4.String()
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}
