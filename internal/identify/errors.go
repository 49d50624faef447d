package identify

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// FieldError is bad input: it names the field (a JSON path such as "means[2]"
// or "indicators.present[0]"; "input" for the document as a whole) and the
// rule broken, with the explanation in every language.
type FieldError struct {
	Field string // JSON path of the offending value
	Rule  string // stable code: empty_input, unknown_identifier, not_bool, ...
	Text  Text   // the rule explained, without the field
}

func (e *FieldError) Error() string { return e.Message(EN) }

// Message is the error in language l, field first.
func (e *FieldError) Message(l Lang) string { return e.Field + ": " + e.Text.In(l) }

func fieldErr(field, rule string, args ...any) *FieldError {
	return &FieldError{Field: field, Rule: rule, Text: msg("err_"+rule, args...)}
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

func (e *CatalogueError) Error() string { return e.Message(EN) }

// Message lists the problems in language l, one per line.
func (e *CatalogueError) Message(l Lang) string {
	lines := make([]string, len(e.Problems))
	for i, p := range e.Problems {
		lines[i] = p.Message(l)
	}
	return msg("cat_problems", len(e.Problems)).In(l) + "\n" + strings.Join(lines, "\n")
}
