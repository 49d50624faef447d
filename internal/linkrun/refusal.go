package linkrun

import (
	"time"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/linkage"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Approval is a party's answer as its administrator gave it, on a page, in
// the API or with a file: the store reads the secret by linkage.ParseSecret
// and applies the rules of Run.Approve.
type Approval struct {
	Secret   []byte                 // as written; the caller clears its copy
	Encoding linkage.SecretEncoding // zero: linkage.SecretAuto, the rule of every surface
	Filter   Filter
}

// Refusal gives a refused step its kind, so that every surface answers it
// the same way: a step that does not fit the run's state, or a membership
// the run did not agree to, is a conflict; the daily limit is rate limited
// (RetryAfter from CheckRate); any other rule is invalid input. The field
// error stays inside, for the pages and the API to name the field.
func Refusal(fe *valid.FieldError) error {
	return refusal(fe, 0)
}

func refusal(fe *valid.FieldError, retry time.Duration) error {
	k := fault.Invalid
	switch fe.Rule {
	case RuleState, RuleNotShared:
		k = fault.Conflict
	case RuleRateLimit:
		k = fault.RateLimited
	}
	return &fault.Error{Kind: k, Code: fe.Rule, Params: fe.Params, RetryAfter: retry, Err: valid.Errors{fe}}
}

// SecretRefusal turns an error of linkage.ParseSecret into the refusal of
// the "secret" field; other errors are returned as they are.
func SecretRefusal(err error) error {
	f := fault.As(err)
	if f == nil {
		return err
	}
	params := map[string]any{}
	switch f.Code {
	case RuleSecretShort:
		params["Min"] = linkage.MinSecret
	case RuleSecretEncoding:
		params["Encoding"] = f.Params["Encoding"]
	}
	return Refusal(valid.New("secret", f.Code, params))
}
