package estimate

import "github.com/passerelle-org/passerelle/internal/fault"

// Message is a text for people as a message code of the i18n catalogue
// (locales/estimate.*.toml) with the parameters of its placeholders; the
// surfaces word it. A parameter may itself be a Message (a model's name in
// a refusal), worded in the same language.
type Message struct {
	Code   string
	Params map[string]any
}

// Message gives the code and parameters (the i18n.Coded interface).
func (m Message) Message() (string, map[string]any) { return m.Code, m.Params }

// kv is shorthand for message parameters.
type kv = map[string]any

func msg(id string, params kv) Message { return Message{Code: "estimate." + id, Params: params} }

// Error is a refusal of this package: a message code with parameters. Input
// is true when the cause is the table or the options given (bad input, exit
// status 2), false for a numerical failure.
type Error struct {
	Code   string
	Params map[string]any
	Input  bool
}

// NewError returns an input error of message id (without the "estimate."
// prefix); the command line uses it for its own flags.
func NewError(id string, params map[string]any) *Error {
	return &Error{Code: "estimate." + id, Params: params, Input: true}
}

func inputErr(id string, params kv) *Error { return NewError(id, params) }

// Error is for logs: the code only (parameters may name lists).
func (e *Error) Error() string { return e.Code }

// Message gives the code and parameters (the i18n.Coded interface).
func (e *Error) Message() (string, map[string]any) { return e.Code, e.Params }

// FaultKind is Invalid for input errors and Internal for numerical failures.
func (e *Error) FaultKind() fault.Kind {
	if e.Input {
		return fault.Invalid
	}
	return fault.Internal
}
