// Package account holds the people and organisations that use Passerelle:
// organisations, users and their memberships, with the validation every write
// goes through. It does no I/O; the store persists these types.
package account

// Rule ids this package adds to those of package valid. Each needs an
// "error.<rule>" text in both catalogues, like valid.Rules.
const (
	RuleCountry = "country" // not an ISO 3166-1 alpha-3 country code (e.g. NGA, NER, FRA)
	RuleURL     = "url"     // not a web address starting with http:// or https://
	RulePhone   = "phone"   // characters other than digits, spaces, + - . ( ) /
	RuleRange   = "range"   // number outside Params["min"]..Params["max"]
	// RulePasswordUnchanged: the new password is the current one (a
	// temporary password must be replaced, not kept).
	RulePasswordUnchanged = "password_unchanged"
	// RuleSharedAccount: the person also belongs to another organisation,
	// so only a platform administrator may reset their password or
	// two-factor sign-in, or disable them (an organisation's administrator
	// would otherwise reach the other organisation's cases through them).
	RuleSharedAccount = "shared_account"
)

// Rules lists the rule ids above.
var Rules = []string{RuleCountry, RuleURL, RulePhone, RuleRange, RulePasswordUnchanged, RuleSharedAccount}
