// Package fault gives every error a program returns to a person a kind
// (invalid, not found, conflict, forbidden, too large, rate limited) and a
// message code with parameters, never a sentence: the surfaces translate the
// kind into one status each (api, web, cli keep one table each) and the code
// into words through internal/i18n. Errors never carry the rejected value: it
// may be personal data.
package fault

import (
	"errors"
	"fmt"
	"time"
)

// Kind is what went wrong, as far as the person asking is concerned.
type Kind int

// The kinds. Internal (the zero value) is for everything else: it is logged
// and answered without its text.
const (
	Internal    Kind = iota
	Invalid          // bad input, named by field and rule (valid.Errors)
	NotFound         // nothing the actor may see has that id (another organisation's record included)
	Conflict         // the change collides with existing data or the record's state
	Forbidden        // the actor's role does not allow this in their own organisation
	TooLarge         // the input is over a size limit
	RateLimited      // too many attempts; RetryAfter says when to come back
	Unavailable      // a dependency (database, peer) cannot be reached now
)

var kindNames = [...]string{"internal", "invalid", "not_found", "conflict", "forbidden", "too_large", "rate_limited", "unavailable"}

// String is the kind's stable name, used in logs and problem types.
func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("kind(%d)", int(k))
}

// Error is an error with a kind, a message code and its parameters.
// Code is an i18n message id (for example "linkrun.rate_limit"); Params fill
// its placeholders. Err, when set, is the underlying cause (for logs and
// errors.Is), never shown.
type Error struct {
	Kind       Kind
	Code       string
	Params     map[string]any
	RetryAfter time.Duration
	Err        error
}

// New returns an error of kind k with message code and parameters.
func New(k Kind, code string, params map[string]any) *Error {
	return &Error{Kind: k, Code: code, Params: params}
}

// Wrap returns an error of kind k with message code whose cause is err.
func Wrap(k Kind, code string, err error) *Error {
	return &Error{Kind: k, Code: code, Err: err}
}

// Error is for logs: the kind and code, then the cause.
func (e *Error) Error() string {
	s := e.Kind.String()
	if e.Code != "" {
		s += ": " + e.Code
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Unwrap gives the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// Is makes errors.Is(err, sentinel) true for another *Error of the same kind
// and code, so sentinels such as store.ErrNotFound keep working when an error
// is rebuilt with parameters.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Kind == e.Kind && t.Code == e.Code && t.Params == nil
}

// Kinded is implemented by error types of other packages that know their kind
// (valid.Errors is Invalid).
type Kinded interface{ FaultKind() Kind }

// KindOf returns the kind of the first error in err's chain that has one, and
// Internal when none has.
func KindOf(err error) Kind {
	for err != nil {
		switch e := err.(type) {
		case *Error:
			return e.Kind
		case Kinded:
			return e.FaultKind()
		}
		switch u := err.(type) {
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		case interface{ Unwrap() []error }:
			for _, x := range u.Unwrap() {
				if k := KindOf(x); k != Internal {
					return k
				}
			}
			return Internal
		default:
			return Internal
		}
	}
	return Internal
}

// As returns the first *Error in err's chain, or nil.
func As(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return nil
}
