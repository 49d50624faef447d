package linkage

import (
	"github.com/passerelle-org/passerelle/internal/fault"
)

// Message is something to tell a person, as a message code of the i18n
// catalogue (locales/linkage.*.toml) with the parameters of its
// placeholders: file names, column names, flags, line numbers and counts,
// never record values. The command line words it (internal/i18n).
type Message struct {
	Code   string
	Params map[string]any
}

// Message gives the code and parameters (the i18n.Coded interface).
func (m Message) Message() (string, map[string]any) { return m.Code, m.Params }

func msg(id string, params map[string]any) Message {
	return Message{Code: "linkage." + id, Params: params}
}

// Error is a refusal of bad input (a file, a flag, a setting): a message
// code with parameters, worded by the caller. Err is an underlying cause
// (for errors.Is), never shown.
type Error struct {
	Code   string
	Params map[string]any
	Err    error
}

// Error is for logs: the code and the cause, not the parameters.
func (e *Error) Error() string {
	if e.Err != nil {
		return e.Code + ": " + e.Err.Error()
	}
	return e.Code
}

// Message gives the code and parameters (the i18n.Coded interface).
func (e *Error) Message() (string, map[string]any) { return e.Code, e.Params }

// FaultKind: every error of this package is about its input.
func (e *Error) FaultKind() fault.Kind { return fault.Invalid }

// Unwrap gives the cause to errors.Is and errors.As.
func (e *Error) Unwrap() error { return e.Err }

// NewError returns the error of message id (without the "linkage." prefix)
// with its parameters; the command line uses it for its own flags.
func NewError(id string, params map[string]any) *Error {
	return &Error{Code: "linkage." + id, Params: params}
}

// errf is NewError for the package's own refusals.
func errf(id string, params map[string]any) error { return NewError(id, params) }

// causeErr is a refusal caused by err (a file that cannot be read): err's
// text, a system message naming the file, is the Cause parameter.
func causeErr(id string, params map[string]any, err error) error {
	e := NewError(id, params)
	e.Params["Cause"] = err.Error()
	e.Err = err
	return e
}

// kv is shorthand for message parameters.
type kv = map[string]any
