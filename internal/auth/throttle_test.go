package auth

import (
	"testing"
	"time"
)

// TestThrottleDelays pins the documented numbers: the pair waits from the 3rd
// failure and grows to 15 minutes; the account from the 10th and never past a
// minute; the address from the 20th and never past 30 seconds.
func TestThrottleDelays(t *testing.T) {
	s := time.Second
	cases := []struct {
		name  string
		rule  ThrottleRule
		waits map[int]time.Duration
	}{
		{"pair", ThrottlePair, map[int]time.Duration{1: 0, 2: 0, 3: 10 * s, 4: 20 * s, 5: 40 * s, 9: 640 * s, 10: 15 * time.Minute, 1000: 15 * time.Minute}},
		{"account", ThrottleAccount, map[int]time.Duration{5: 0, 9: 0, 10: s, 11: 2 * s, 15: 32 * s, 16: time.Minute, 500: time.Minute}},
		{"address", ThrottleAddress, map[int]time.Duration{19: 0, 20: s, 21: 2 * s, 40: 21 * s, 49: 30 * s, 10000: 30 * s}},
	}
	for _, c := range cases {
		for n, want := range c.waits {
			if got := c.rule.Delay(n); got != want {
				t.Errorf("%s after %d failures: wait %v, want %v", c.name, n, got, want)
			}
		}
	}
}

func TestThrottleKeysNormalise(t *testing.T) {
	if ThrottleAccountHash(" Awa.Diallo@Espoir-Niamey.example ") != ThrottleAccountHash("awa.diallo@espoir-niamey.example") {
		t.Error("account case or spaces count as another account")
	}
	if throttleAddrHash("2001:db8:1:2::7") != throttleAddrHash("[2001:db8:1:2:ffff::1]:443") {
		t.Error("one IPv6 /64 counts as several addresses")
	}
	if throttleAddrHash("192.0.2.1:5000") != throttleAddrHash("192.0.2.1") || throttleAddrHash("192.0.2.1") == throttleAddrHash("192.0.2.2") {
		t.Error("IPv4 addresses not told apart by host only")
	}
	if len(ThrottleAccountHash("x")) != 64 {
		t.Error("not a hex SHA-256")
	}
}
