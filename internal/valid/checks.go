package valid

import (
	"net/mail"
	"strings"
	"unicode/utf8"

	"github.com/google/uuid"
)

// Each check returns nil when value passes. Only Required refuses an empty
// value on its own, except MinLen and OneOf, which refuse it too (an empty
// value is shorter than min and is not among the allowed values unless listed).
// Email and UUID accept "" so optional fields can use them; combine with
// Required for mandatory ones.

// Required refuses an empty or all-space value.
func Required(field, value string) *FieldError {
	if strings.TrimSpace(value) == "" {
		return New(field, RuleRequired, nil)
	}
	return nil
}

// MaxLen refuses more than max characters (runes).
func MaxLen(field, value string, max int) *FieldError {
	if utf8.RuneCountInString(value) > max {
		return New(field, RuleTooLong, map[string]any{"max": max})
	}
	return nil
}

// MinLen refuses fewer than min characters (runes), after trimming spaces.
func MinLen(field, value string, min int) *FieldError {
	if utf8.RuneCountInString(strings.TrimSpace(value)) < min {
		return New(field, RuleTooShort, map[string]any{"min": min})
	}
	return nil
}

// MaxEmail is the longest address accepted (RFC 5321 path limit).
const MaxEmail = 254

// Email accepts a bare address such as "awa.diallo@example.org": no display
// name, no spaces, one "@", a domain with a dot, local part at most 64 bytes,
// whole at most 254 characters (too_long).
func Email(field, value string) *FieldError {
	if value == "" {
		return nil
	}
	if utf8.RuneCountInString(value) > MaxEmail {
		return New(field, RuleTooLong, map[string]any{"max": MaxEmail})
	}
	bad := New(field, RuleEmail, nil)
	if strings.ContainsAny(value, " \t\r\n<>\"(),;:\\[]") || strings.Count(value, "@") != 1 {
		return bad
	}
	addr, err := mail.ParseAddress(value)
	if err != nil || addr.Name != "" || addr.Address != value {
		return bad
	}
	local, domain, _ := strings.Cut(value, "@")
	if local == "" || len(local) > 64 || strings.HasPrefix(local, ".") || strings.HasSuffix(local, ".") {
		return bad
	}
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") {
		return bad
	}
	for _, label := range strings.Split(domain, ".") {
		if label == "" || len(label) > 63 || strings.HasPrefix(label, "-") || strings.HasSuffix(label, "-") {
			return bad
		}
	}
	return nil
}

// OneOf refuses a value not in allowed (compared exactly). Params["allowed"]
// is a copy of the list.
func OneOf(field, value string, allowed ...string) *FieldError {
	for _, a := range allowed {
		if value == a {
			return nil
		}
	}
	return New(field, RuleOneOf, map[string]any{"allowed": append([]string(nil), allowed...)})
}

// UUIDLen is the length of a UUID in its canonical form.
const UUIDLen = 36

// UUID refuses a value that is not a UUID in its canonical 36-character form.
func UUID(field, value string) *FieldError {
	if value == "" {
		return nil
	}
	if len(value) != UUIDLen {
		return New(field, RuleUUID, nil)
	}
	if _, err := uuid.Parse(value); err != nil {
		return New(field, RuleUUID, nil)
	}
	return nil
}
