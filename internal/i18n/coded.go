package i18n

import (
	"errors"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// Coded is a message as a domain package returns it: a catalogue id and the
// parameters of its placeholders, no words. Error types of domain packages
// and labels implement it; a Coded parameter of another message is worded in
// the same language (a refusal that quotes a model label).
type Coded interface {
	Message() (id string, params map[string]any)
}

// Text words a coded message in lang.
func Text(lang string, m Coded) string {
	id, params := m.Message()
	return T(lang, id, params)
}

// ErrorText words err in lang when an error in its chain carries a message
// code (a Coded error, or a *fault.Error with a code), and reports whether
// one did. Other errors have no words for people: the caller says that
// something failed, and logs err.
func ErrorText(lang string, err error) (string, bool) {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if m, ok := e.(Coded); ok {
			return Text(lang, m), true
		}
		if f, ok := e.(*fault.Error); ok && f.Code != "" {
			return T(lang, f.Code, f.Params), true
		}
	}
	return "", false
}
