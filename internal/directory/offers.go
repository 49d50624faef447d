package directory

// Reason says why Offers answered no; it is also the rule id of the refusal
// ("error.<reason>" in the catalogues), so a referral refused for it names
// the field and the rule like any other bad input.
type Reason string

// The reasons.
const (
	Offered        Reason = ""                        // yes: offered, and referrals accepted now
	UnknownService Reason = RuleUnknownService        // not a service of the vocabulary
	NotOffered     Reason = "service_not_offered"     // the organisation does not offer the service
	NotAccepting   Reason = "not_accepting_referrals" // it offers it but takes no referrals now
)

// Offers reports whether the organisation of profile p offers service s and
// accepts referrals now; when not, the reason. This is the one rule a
// referral checks about its receiver.
func Offers(p Profile, s Service) (bool, Reason) {
	switch {
	case !s.Known():
		return false, UnknownService
	case !p.offers(s):
		return false, NotOffered
	case !p.AcceptsReferrals:
		return false, NotAccepting
	}
	return true, Offered
}

// OffersAll is Offers for every service of a referral: the first service
// refused and why, or ok.
func OffersAll(p Profile, services []Service) (ok bool, refused Service, why Reason) {
	for _, s := range services {
		if ok, why := Offers(p, s); !ok {
			return false, s, why
		}
	}
	return true, "", Offered
}
