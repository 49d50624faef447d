package legislation

import (
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Change is how a requirement's status moved from an earlier assessment to a
// later one.
type Change string

// The changes. Statuses are ranked not_in_line < partly < in_line; unknown
// has no rank, so moving to or from it is neither better nor worse.
const (
	Improved   Change = "improved"
	Regressed  Change = "regressed"
	Unchanged  Change = "unchanged"
	Assessed   Change = "assessed"   // unknown before, known now
	Unassessed Change = "unassessed" // known before, unknown now
)

// Changes lists the changes, in the order a comparison shows them.
var Changes = []Change{Improved, Regressed, Assessed, Unassessed, Unchanged}

// ChangeMessage is the message id of a change's name.
func ChangeMessage(c Change) string { return "legislation.change." + string(c) }

func rank(s Status) int {
	switch s {
	case InLine:
		return 2
	case Partly:
		return 1
	case NotInLine:
		return 0
	}
	return -1
}

// Move is one requirement in a comparison.
type Move struct {
	Requirement Requirement
	Before      Finding
	After       Finding
	Change      Change
}

// Comparison is two assessments of the same country, the earlier first.
type Comparison struct {
	Earlier, Later Assessment
	Moves          []Move // every requirement, in catalogue order
}

// Count returns the number of moves of change c.
func (c Comparison) Count(ch Change) int {
	n := 0
	for _, m := range c.Moves {
		if m.Change == ch {
			n++
		}
	}
	return n
}

// Of returns the moves of change ch, in catalogue order.
func (c Comparison) Of(ch Change) []Move {
	var out []Move
	for _, m := range c.Moves {
		if m.Change == ch {
			out = append(out, m)
		}
	}
	return out
}

// Compare sets two assessments of the same country side by side, the one
// assessed earlier first whatever the order given (on the same date, the one
// created first). Assessments of two countries are refused (field "with",
// rule same_country): a country's law is compared with itself over time.
func Compare(a, b Assessment) (Comparison, valid.Errors) {
	if a.Country != b.Country {
		return Comparison{}, valid.Errors{valid.New("with", RuleSameCountry, nil)}
	}
	if b.AssessedOn < a.AssessedOn || b.AssessedOn == a.AssessedOn && b.CreatedAt.Before(a.CreatedAt) {
		a, b = b, a
	}
	fa, fb := a.Findings(), b.Findings()
	c := Comparison{Earlier: a, Later: b, Moves: make([]Move, len(fa))}
	for i := range fa {
		m := Move{Requirement: fa[i].Requirement, Before: fa[i], After: fb[i]}
		rb, ra := rank(fa[i].Item.Status), rank(fb[i].Item.Status)
		switch {
		case rb == ra:
			m.Change = Unchanged
		case rb < 0:
			m.Change = Assessed
		case ra < 0:
			m.Change = Unassessed
		case ra > rb:
			m.Change = Improved
		default:
			m.Change = Regressed
		}
		c.Moves[i] = m
	}
	return c, nil
}
