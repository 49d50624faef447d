package htcds

import (
	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Rule ids this package adds to valid's, account's and casework's.
const (
	RuleNumber  = "number"          // not a whole number
	RuleBoolean = "boolean"         // not TRUE/FALSE (or a yes/no word of a language of vocab/)
	RuleEvents  = "events_mismatch" // hte_* lists of different lengths
	RuleInvalid = "invalid"         // any other rule a future casework check adds
)

// msgNameRequired words RuleRequired on the name columns.
const msgNameRequired = "name_required"

// File-level error ids.
const (
	ErrUnreadable      = "file_unreadable"
	ErrNoHeader        = "no_header"
	ErrDuplicateColumn = "duplicate_column"
	ErrTooManyRows     = "too_many_rows"
	ErrTooManyCells    = "too_many_cells"
	ErrTooManyColumns  = "too_many_columns"
	ErrTooLarge        = "too_large"
	ErrUnpackedTooBig  = "unpacked_too_large"
	ErrBadRows         = "bad_rows"
	ErrFormat          = "format"
)

// Notice ids: what the reader repaired or left out, once per kind and column.
const (
	NoticeUnknownColumn  = "unknown_column"
	NoticeNameFromLabel  = "field_name_from_label"
	NoticeLabelMismatch  = "label_mismatch"
	NoticeAliasField     = "alias_field"
	NoticeNotImported    = "not_imported"
	NoticeNoLabelRow     = "no_label_row"
	NoticeHeaderByLabel  = "header_by_label"
	NoticeCountryAlpha2  = "country_alpha2"
	NoticeCountryLower   = "country_lower"
	NoticeCountryName    = "country_name"
	NoticeTrimmed        = "trimmed"
	NoticeDateDMY        = "date_dmy"
	NoticeDateSerial     = "date_serial"
	NoticeDateTime       = "date_time"
	NoticeValueLabel     = "value_label"
	NoticeFirstValueKept = "first_value_kept"
	NoticeSeparator      = "separator"
	NoticeLocationEvent  = "location_event"
	NoticeLocationPlace  = "location_no_country"
	NoticeBothPhones     = "both_phones"
	NoticeOtherRestored  = "exploitation_other"
	NoticeCodeIgnored    = "case_code_ignored"
	NoticeClosureDropped = "closure_reason_open_case"
	NoticeCSVSemicolon   = "csv_semicolon"
	NoticeWindows1252    = "encoding_windows1252"
	NoticeSheet          = "sheet"
)

// The message codes are internal/i18n ids (locales/htcds.<lang>.toml):
// "htcds.rule.<rule>" for a broken rule in a cell, "htcds.error.<id>" for a
// file-level failure, "htcds.notice.<id>" for a repair. This package never
// holds a sentence; the surfaces translate the codes.
const (
	rulePrefix   = "htcds.rule."
	errorPrefix  = "htcds.error."
	noticePrefix = "htcds.notice."
)

// Report lines (Report.Write), also i18n ids.
const (
	CodeReportSummary = "htcds.report.summary"
	CodeReportSkipped = "htcds.report.skipped"
	CodeReportProblem = "htcds.report.problem"
	CodeReportNotice  = "htcds.report.notice"
)

// ruleParams lists, per rule a row can break, the parameters its message
// uses; a rule not listed is reported as RuleInvalid with its id as "rule".
var ruleParams = map[string][]string{
	valid.RuleRequired: nil, msgNameRequired: nil, valid.RuleTooLong: {"max"}, valid.RuleOneOf: nil,
	valid.RuleEmail: nil, account.RuleCountry: nil, account.RuleRange: {"min", "max"}, account.RulePhone: nil,
	casework.RuleDate: nil, casework.RuleFutureDate: nil, casework.RuleDateOrder: nil, casework.RuleDuplicate: nil,
	casework.RuleTransition: nil, RuleNumber: nil, RuleBoolean: nil, RuleEvents: nil, RuleInvalid: {"rule"},
}

// errorParams and noticeParams list the parameters of each file-level
// error and notice message. Every notice has "column" and "count".
var (
	errorParams = map[string][]string{
		ErrUnreadable: {"format"}, ErrNoHeader: nil, ErrDuplicateColumn: {"column"}, ErrTooManyRows: {"max"},
		ErrTooManyCells: {"max"}, ErrTooManyColumns: {"max"}, ErrTooLarge: {"max"}, ErrUnpackedTooBig: {"max"}, ErrBadRows: {"count"}, ErrFormat: nil,
	}
	noticeParams = map[string][]string{
		NoticeUnknownColumn: nil, NoticeNameFromLabel: {"field"}, NoticeLabelMismatch: {"columns"},
		NoticeAliasField: {"field"}, NoticeNotImported: nil, NoticeNoLabelRow: nil, NoticeHeaderByLabel: nil,
		NoticeCountryAlpha2: nil, NoticeCountryLower: nil, NoticeCountryName: nil, NoticeTrimmed: nil,
		NoticeDateDMY: nil, NoticeDateSerial: nil, NoticeDateTime: nil, NoticeValueLabel: nil,
		NoticeFirstValueKept: nil, NoticeSeparator: nil, NoticeLocationEvent: nil, NoticeLocationPlace: nil,
		NoticeBothPhones: nil, NoticeOtherRestored: nil, NoticeCodeIgnored: nil, NoticeClosureDropped: nil,
		NoticeCSVSemicolon: nil, NoticeWindows1252: nil, NoticeSheet: {"sheet"},
	}
	reportParams = map[string][]string{
		CodeReportSummary: {"rows", "imported", "bad"}, CodeReportSkipped: {"skipped"},
		CodeReportProblem: {"row", "column", "message", "rule"}, CodeReportNotice: {"message", "rows"},
	}
)

// Codes returns every message code this package emits with the parameters
// its message may use, so a test can hold the catalogues to them.
func Codes() map[string][]string {
	out := map[string][]string{}
	for id, ps := range ruleParams {
		out[rulePrefix+id] = ps
	}
	for id, ps := range errorParams {
		out[errorPrefix+id] = ps
	}
	for id, ps := range noticeParams {
		out[noticePrefix+id] = append([]string{"column", "count"}, ps...)
	}
	for id, ps := range reportParams {
		out[id] = ps
	}
	return out
}

// ruleCode returns the message code and parameters of a broken rule; an
// unknown rule becomes RuleInvalid naming it.
func ruleCode(rule string, params map[string]any) (string, map[string]any) {
	ps, ok := ruleParams[rule]
	if !ok {
		return rulePrefix + RuleInvalid, map[string]any{"rule": rule}
	}
	out := map[string]any{}
	for _, p := range ps {
		out[p] = params[p]
	}
	return rulePrefix + rule, out
}

// Error is a file-level failure of Import or Export: a message code and its
// parameters, never a sentence nor a cell's value. Its kind (FaultKind) is
// what the surfaces map to a status.
type Error struct {
	ID     string         // one of the Err* ids
	Code   string         // the i18n id of the message: "htcds.error." + ID
	Params map[string]any // the message's parameters
	Err    error          // the underlying cause, when there is one (never cell content)
}

// newError builds the error of id with its parameters.
func newError(id string, params map[string]any, cause error) *Error {
	if params == nil {
		params = map[string]any{}
	}
	return &Error{ID: id, Code: errorPrefix + id, Params: params, Err: cause}
}

func (e *Error) Error() string {
	s := "htcds: " + e.ID
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// FaultKind says what kind of failure it is: a size or count over a limit
// is TooLarge, everything else is bad input.
func (e *Error) FaultKind() fault.Kind {
	switch e.ID {
	case ErrTooLarge, ErrTooManyRows, ErrTooManyCells, ErrTooManyColumns, ErrUnpackedTooBig:
		return fault.TooLarge
	}
	return fault.Invalid
}
