package valid

import (
	"unicode/utf8"
)

// Rules for text that cannot be stored as sent. Refusing is safer than
// repairing: a name silently changed by a replacement character, or cut at a
// NUL byte, no longer matches the person's documents.
const (
	RuleEncoding     = "encoding"           // not valid UTF-8
	RuleControlChars = "control_characters" // control characters other than tab and line breaks
	RuleDuplicateKey = "duplicate_key"      // a JSON object names the same member twice
)

// Text refuses value when it is not valid UTF-8 or holds control characters
// (C0 other than tab, line feed and carriage return, DEL, C1). It is applied
// to every form value and JSON string before any handler sees them.
func Text(field, value string) *FieldError {
	if !utf8.ValidString(value) {
		return New(field, RuleEncoding, nil)
	}
	if HasControl(value) {
		return New(field, RuleControlChars, nil)
	}
	return nil
}

// HasControl reports whether s holds a control character other than tab,
// line feed or carriage return.
func HasControl(s string) bool {
	for _, r := range s {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
			return true
		}
	}
	return false
}
