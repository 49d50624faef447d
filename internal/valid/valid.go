// Package valid holds the one error type for bad input across the program,
// FieldError, and small checks that produce it. A FieldError names the field
// and a short, stable rule id; the web and API layers translate "error.<Rule>"
// (with Params) into English or French, so messages here are only a fallback.
// Errors never carry the rejected value: it may be personal data.
//
// A FieldError is of kind fault.Invalid unless it says otherwise: a rule about
// the state of a record rather than the input (a status change the workflow
// does not allow, too many runs in a day) is made with NewKind and carries its
// kind (fault.Conflict, fault.RateLimited, fault.TooLarge), so every surface
// answers it from its one status table without knowing the rule.
package valid

import (
	"fmt"
	"sort"
	"strings"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// Rule ids. Each must have an "error.<rule>" text in both catalogues; the i18n
// test walks Rules to check it.
const (
	RuleRequired         = "required"           // empty or only spaces
	RuleTooLong          = "too_long"           // Params["max"]: maximum characters
	RuleTooShort         = "too_short"          // Params["min"]: minimum characters
	RuleEmail            = "email"              // not a plain e-mail address
	RuleOneOf            = "one_of"             // Params["allowed"]: []string of accepted values
	RuleUUID             = "uuid"               // not a UUID
	RuleRole             = "role"               // not a known role
	RulePasswordTooShort = "password_too_short" // Params["min"]
	RulePasswordTooLong  = "password_too_long"  // Params["max"] (bytes)
	RulePasswordWeak     = "password_weak"      // e.g. one character repeated, or a well-known password
)

// Rules lists every rule id this package and its callers use.
var Rules = []string{
	RuleRequired, RuleTooLong, RuleTooShort, RuleEmail, RuleOneOf, RuleUUID, RuleRole,
	RulePasswordTooShort, RulePasswordTooLong, RulePasswordWeak,
	RuleEncoding, RuleControlChars, RuleDuplicateKey,
}

// english is the fallback wording; {name} is replaced by Params["name"].
var english = map[string]string{
	RuleRequired:         "is required",
	RuleTooLong:          "must be at most {max} characters",
	RuleTooShort:         "must be at least {min} characters",
	RuleEmail:            "must be a valid e-mail address",
	RuleOneOf:            "must be one of: {allowed}",
	RuleUUID:             "must be a valid identifier",
	RuleRole:             "must be a known role",
	RulePasswordTooShort: "must be at least {min} characters",
	RulePasswordTooLong:  "must be at most {max} bytes",
	RulePasswordWeak:     "is too easy to guess",
	RuleEncoding:         "is not valid UTF-8 text",
	RuleControlChars:     "holds control characters",
	RuleDuplicateKey:     "is given more than once",
}

// FieldError says which field broke which rule. Params holds the numbers or
// lists the message needs (never the submitted value). Kind is the error's
// kind; the zero value means fault.Invalid.
type FieldError struct {
	Field  string
	Rule   string
	Params map[string]any
	Kind   fault.Kind
}

// New returns a FieldError of kind fault.Invalid; params may be nil.
func New(field, rule string, params map[string]any) *FieldError {
	return &FieldError{Field: field, Rule: rule, Params: params}
}

// NewKind returns a FieldError of kind k: a rule broken by the state of a
// record (fault.Conflict), by the caller's pace (fault.RateLimited) or by a
// size (fault.TooLarge) rather than by the value of the field.
func NewKind(k fault.Kind, field, rule string, params map[string]any) *FieldError {
	return &FieldError{Field: field, Rule: rule, Params: params, Kind: k}
}

// FaultKind makes a FieldError a fault.Kinded error: fault.Invalid unless
// made with NewKind.
func (e *FieldError) FaultKind() fault.Kind {
	if e.Kind == fault.Internal {
		return fault.Invalid
	}
	return e.Kind
}

// Error is the English fallback, e.g. "email: must be a valid e-mail address".
func (e *FieldError) Error() string {
	msg, ok := english[e.Rule]
	if !ok {
		msg = "is not valid (" + e.Rule + ")"
	}
	keys := make([]string, 0, len(e.Params))
	for k := range e.Params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		msg = strings.ReplaceAll(msg, "{"+k+"}", paramText(e.Params[k]))
	}
	return e.Field + ": " + msg
}

func paramText(v any) string {
	if list, ok := v.([]string); ok {
		return strings.Join(list, ", ")
	}
	return fmt.Sprint(v)
}

// Errors is a list of field errors; it is itself an error when not empty.
type Errors []*FieldError

// FieldErrors is another name for Errors (the contract uses both).
type FieldErrors = Errors

// FaultKind is the kind of the list: the first kind other than fault.Invalid
// among its errors (a state conflict outranks the bad fields beside it), else
// fault.Invalid.
func (es Errors) FaultKind() fault.Kind {
	for _, e := range es {
		if k := e.FaultKind(); k != fault.Invalid {
			return k
		}
	}
	return fault.Invalid
}

// Error joins the English fallbacks with "; ".
func (es Errors) Error() string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.Error()
	}
	return strings.Join(parts, "; ")
}

// Add appends the non-nil errors, so checks can be chained:
//
//	errs.Add(valid.Required("name", o.Name), valid.MaxLen("name", o.Name, 200))
func (es *Errors) Add(list ...*FieldError) {
	for _, e := range list {
		if e != nil {
			*es = append(*es, e)
		}
	}
}

// OrNil returns nil when there are no errors (so that a nil Errors does not
// become a non-nil error interface) and es otherwise.
func (es Errors) OrNil() error {
	if len(es) == 0 {
		return nil
	}
	return es
}

// Has reports whether field has an error (any rule when rule is "").
func (es Errors) Has(field, rule string) bool {
	for _, e := range es {
		if e.Field == field && (rule == "" || e.Rule == rule) {
			return true
		}
	}
	return false
}

// For returns the first error of field, or nil.
func (es Errors) For(field string) *FieldError {
	for _, e := range es {
		if e.Field == field {
			return e
		}
	}
	return nil
}
