package identify

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// FieldError is bad input: it names the field (a JSON path such as "means[2]"
// or "indicators.present[0]"; "input" for the document as a whole) and the
// rule broken, with the rule's parameters; its words are the message
// "identify.err_<rule>".
type FieldError struct {
	Field  string         // JSON path of the offending value
	Rule   string         // stable code: empty_input, unknown_identifier, not_bool, ...
	Params map[string]any // the rule's placeholders
}

// Error is for logs: the field and the rule.
func (e *FieldError) Error() string { return "identify: " + e.Field + ": " + e.Rule }

// FaultKind makes bad facts or a bad catalogue an invalid request.
func (e *FieldError) FaultKind() fault.Kind { return fault.Invalid }

// Code is the message code of the rule.
func (e *FieldError) Code() string { return "err_" + e.Rule }

// Message is the rule's message id and parameters, without the field (the
// shape internal/i18n words).
func (e *FieldError) Message() (string, map[string]any) { return MessageID(e.Code()), e.Params }

// Text is the error worded for w's reader, field first.
func (e *FieldError) Text(w Words) string {
	return e.Field + ": " + w.T(w.Lang, MessageID(e.Code()), e.Params)
}

func fieldErr(field, rule string, params map[string]any) *FieldError {
	names, ok := codes["err_"+rule]
	if !ok || len(names) != len(params) {
		panic("identify: error rule " + rule + " has no message or other parameters")
	}
	return &FieldError{Field: field, Rule: rule, Params: params}
}

// quoteInput quotes a value taken from the input for an error message,
// shortened so that an error never carries a long free text.
func quoteInput(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) > max {
		r := []rune(s)
		s = string(r[:max]) + "…"
	}
	return strconv.Quote(s)
}

func list(ids []string) string { return strings.Join(ids, ", ") }

// CatalogueError lists every problem found in a catalogue, each naming the
// indicator (or catalogue field) at fault.
type CatalogueError struct {
	Problems []*FieldError
}

// Error is for logs: the problems' fields and rules.
func (e *CatalogueError) Error() string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Field + ": " + p.Rule
	}
	return "identify: catalogue: " + strings.Join(lines, "; ")
}

// FaultKind makes a bad catalogue an invalid request.
func (e *CatalogueError) FaultKind() fault.Kind { return fault.Invalid }

// Text lists the problems worded for w's reader, one per line.
func (e *CatalogueError) Text(w Words) string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Text(w)
	}
	head := w.T(w.Lang, MessageID("cat_problems"), map[string]any{"Count": len(e.Problems)})
	return head + "\n" + strings.Join(lines, "\n")
}
