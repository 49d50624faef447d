package dataset

import "github.com/passerelle-org/passerelle/internal/disclosure"

// DefaultDelta is the delta of a differentially private table when the
// request names none.
const DefaultDelta = 1e-6

// PolicyOf is the disclosure policy a request names, the same for the
// commands, the API and the pages: an epsilon asks for differential privacy
// (with delta, DefaultDelta when nil); else k, where 0 is the Public method
// (data already public, such as CTDC's files; nothing withheld) and more is
// suppression of the cells below k; neither is disclosure.DefaultPolicy.
// The policy's own rules (k at least 2, epsilon above 0) are checked by the
// release.
func PolicyOf(k *int, epsilon, delta *float64) disclosure.Policy {
	switch {
	case epsilon != nil:
		p := disclosure.Policy{Method: disclosure.Differential, Epsilon: *epsilon, Delta: DefaultDelta}
		if delta != nil {
			p.Delta = *delta
		}
		return p
	case k != nil && *k == 0:
		return disclosure.Policy{Method: disclosure.Public}
	case k != nil:
		return disclosure.Policy{Method: disclosure.Suppression, K: *k}
	}
	return disclosure.DefaultPolicy()
}
