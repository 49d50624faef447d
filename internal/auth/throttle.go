package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net"
	"strings"
	"time"
)

// Throttle slows sign-in guessing without letting anyone lock a person out.
// Three counts, each kept in the database so every server process sees the
// same ones, each by a hash of the normalised e-mail address and client
// address (never in clear):
//
//   - the (account, address) pair: after the 3rd failure in a row, each
//     attempt from that address for that account waits 10 s, then 20 s,
//     40 s ... up to 15 minutes. This is the lock an attacker at one address
//     meets, and the only one that grows long; it does not touch the owner
//     at another address. Forgotten 24 hours after its last failure.
//   - the account from anywhere: after the 10th failure, 1 s, then 2 s,
//     4 s ... up to 1 minute. It slows guessing spread over many addresses,
//     but is never a lockout: the owner waits at most a minute. Forgotten an
//     hour after its last failure.
//   - the address for any account: after the 20th failure, 1 s, then 1 s more
//     per failure up to 30 s, so a shelter's staff behind one shared address
//     are never kept out longer than that by one person's mistakes.
//     Forgotten 15 minutes after its last failure; a success does not clear
//     it (else one good account would unlock guessing on others).
//
// A full successful sign-in clears the pair and the account. An administrator
// can clear an account's counts at once (store.LiftLockout). Attempts refused
// while waiting are not counted. IPv6 addresses count per /64, what one
// subscriber usually holds.
type Throttle struct {
	st  ThrottleStore
	now func() time.Time
}

// ThrottleRule is one of the three counts: Free failures cost nothing, then
// each further failure sets a wait of Delay(failures) before the next
// attempt; the count starts over Forget after the last failure.
type ThrottleRule struct {
	Free   int
	First  time.Duration // wait after failure Free+1 (Grow: doubled per failure; else added per failure)
	Grow   bool
	Max    time.Duration
	Forget time.Duration
}

// The rules, exported so that pages and tests can state them.
var (
	ThrottlePair    = ThrottleRule{Free: 2, First: 10 * time.Second, Grow: true, Max: 15 * time.Minute, Forget: 24 * time.Hour}
	ThrottleAccount = ThrottleRule{Free: 9, First: time.Second, Grow: true, Max: time.Minute, Forget: time.Hour}
	ThrottleAddress = ThrottleRule{Free: 19, First: time.Second, Max: 30 * time.Second, Forget: 15 * time.Minute}
)

// Delay is the wait after the failures-th failure in a row (0 while free).
func (r ThrottleRule) Delay(failures int) time.Duration {
	n := failures - r.Free
	if n <= 0 {
		return 0
	}
	d := r.First
	for i := 1; i < n && d < r.Max; i++ {
		if r.Grow {
			d *= 2
		} else {
			d += r.First
		}
	}
	return min(d, r.Max)
}

// ThrottleKey names one count: Account and Address are hex SHA-256 of the
// normalised values; "" stands for any (the account count has no address,
// the address count no account).
type ThrottleKey struct{ Account, Address string }

// ThrottleCount is a key with its rule, for ThrottleStore.ThrottleFail.
type ThrottleCount struct {
	Key  ThrottleKey
	Rule ThrottleRule
}

// ThrottleStore keeps the counts; the store implements it.
type ThrottleStore interface {
	// ThrottleUntil is the latest time until which any of keys waits (zero:
	// none).
	ThrottleUntil(ctx context.Context, keys []ThrottleKey) (time.Time, error)
	// ThrottleFail counts one failure at now against each key, atomically per
	// key, starting over when the last failure is older than the rule's
	// Forget, and sets its wait to now + Rule.Delay(count).
	ThrottleFail(ctx context.Context, now time.Time, counts []ThrottleCount) error
	// ThrottleClear forgets keys.
	ThrottleClear(ctx context.Context, keys []ThrottleKey) error
}

// NewThrottle returns a throttle keeping its counts in st, reading the time
// from now (time.Now if nil).
func NewThrottle(st ThrottleStore, now func() time.Time) *Throttle {
	if now == nil {
		now = time.Now
	}
	return &Throttle{st: st, now: now}
}

// Allow reports whether a sign-in attempt for account from addr may be
// checked at all; if not, retryAfter says how long to wait. Call it before
// checking the password; it changes nothing.
func (t *Throttle) Allow(ctx context.Context, account, addr string) (ok bool, retryAfter time.Duration, err error) {
	a, ad := ThrottleAccountHash(account), throttleAddrHash(addr)
	until, err := t.st.ThrottleUntil(ctx, []ThrottleKey{{a, ad}, {a, ""}, {"", ad}})
	if err != nil {
		return false, 0, err
	}
	if d := until.Sub(t.now()); d > 0 {
		return false, d, nil
	}
	return true, 0, nil
}

// Fail records a failed attempt (wrong password, wrong or missing second
// factor, unknown account).
func (t *Throttle) Fail(ctx context.Context, account, addr string) error {
	a, ad := ThrottleAccountHash(account), throttleAddrHash(addr)
	return t.st.ThrottleFail(ctx, t.now().UTC().Truncate(time.Microsecond), []ThrottleCount{
		{ThrottleKey{a, ad}, ThrottlePair}, {ThrottleKey{a, ""}, ThrottleAccount}, {ThrottleKey{"", ad}, ThrottleAddress}})
}

// Succeed clears the pair's and the account's failures after a full
// successful sign-in; the address keeps its count.
func (t *Throttle) Succeed(ctx context.Context, account, addr string) error {
	a, ad := ThrottleAccountHash(account), throttleAddrHash(addr)
	return t.st.ThrottleClear(ctx, []ThrottleKey{{a, ad}, {a, ""}})
}

// ThrottleAccountHash is what the throttle keeps of an account name (an
// e-mail address, or any other key such as an API token's).
func ThrottleAccountHash(account string) string {
	return throttleHash("account|" + strings.ToLower(strings.TrimSpace(account)))
}

func throttleAddrHash(addr string) string { return throttleHash("address|" + normAddr(addr)) }

func throttleHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

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
