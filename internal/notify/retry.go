package notify

import (
	"math/rand/v2"
	"time"
)

// Retry is how failed deliveries (e-mail and webhooks) are tried again:
// exponential backoff from Base, capped at Max, with jitter so that many
// deliveries failing together do not come back together; after Attempts
// tries the delivery is dead (shown to administrators).
type Retry struct {
	Base, Max time.Duration
	Attempts  int
}

// DefaultRetry: 1 min, 2, 4 ... capped at 6 h, 8 tries (about 10 h in all).
var DefaultRetry = Retry{Base: time.Minute, Max: 6 * time.Hour, Attempts: 8}

// Delay is the wait after the attempt-th failure (1-based): half the
// exponential delay plus a random part of the other half.
func (r Retry) Delay(attempt int) time.Duration {
	d := r.Base
	for i := 1; i < attempt && d < r.Max; i++ {
		d *= 2
	}
	if d > r.Max {
		d = r.Max
	}
	half := d / 2
	if half <= 0 {
		return d
	}
	return half + rand.N(half+1)
}

// Dead reports whether attempts tries are the last.
func (r Retry) Dead(attempts int) bool { return attempts >= r.Attempts }
