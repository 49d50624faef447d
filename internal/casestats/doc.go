// Package casestats holds the rules of case statistics: the one list of
// variables cases are counted by (pages, API and commands all read it), the
// de-identified facts a case contributes to them, the rule that says which
// cases may be counted at all, and the tally that turns facts into cells.
// It is pure: the store keeps the facts (table case_facts, written in the
// same transaction as every change to a case) and counts them; disclosure
// control (internal/disclosure) decides what of a table may leave.
//
// The store keeps each fact as a small integer code of its dictionary (the
// value, or the sorted set of values of a variable a case may hold several
// values of), so that a million cases are tallied by scanning small
// integers.
package casestats
