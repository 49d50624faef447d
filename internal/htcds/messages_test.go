package htcds

import (
	"regexp"
	"slices"
	"sort"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

var placeholder = regexp.MustCompile(`\{[a-z_]+\}`)

// Every id has an English and a French text with the same placeholders.
func TestEveryMessageIsBilingual(t *testing.T) {
	for id, m := range messages {
		if m[0] == "" || m[1] == "" || m[0] == m[1] && id != RuleInvalid {
			t.Errorf("%s: %q / %q", id, m[0], m[1])
		}
		en, fr := placeholder.FindAllString(m[0], -1), placeholder.FindAllString(m[1], -1)
		sort.Strings(en)
		sort.Strings(fr)
		if !slices.Equal(en, fr) {
			t.Errorf("%s: placeholders %v / %v", id, en, fr)
		}
	}
}

// Every rule a row can break, and every id this package emits, has a text.
func TestEveryIDHasAMessage(t *testing.T) {
	ids := []string{valid.RuleRequired, valid.RuleTooLong, valid.RuleOneOf, valid.RuleEmail, account.RuleCountry,
		account.RuleRange, account.RulePhone, RuleNumber, RuleBoolean, RuleEvents, RuleInvalid, msgNameRequired,
		ErrUnreadable, ErrNoHeader, ErrDuplicateColumn, ErrTooManyRows, ErrTooLarge, ErrBadRows, ErrFormat,
		NoticeUnknownColumn, NoticeNameFromLabel, NoticeLabelMismatch, NoticeAliasField, NoticeNotImported,
		NoticeNoLabelRow, NoticeHeaderByLabel, NoticeCountryAlpha2, NoticeCountryLower, NoticeCountryName,
		NoticeTrimmed, NoticeDateDMY, NoticeDateSerial, NoticeDateTime, NoticeValueLabel, NoticeFirstValueKept,
		NoticeSeparator, NoticeLocationEvent, NoticeLocationPlace, NoticeBothPhones, NoticeOtherRestored,
		NoticeCodeIgnored, NoticeClosureDropped, NoticeCSVSemicolon, NoticeWindows1252, NoticeSheet}
	ids = append(ids, casework.Rules...)
	for _, id := range ids {
		if _, ok := messages[id]; !ok {
			t.Errorf("no message for %q", id)
		}
	}
	if len(messages) != len(ids) {
		t.Errorf("%d messages for %d ids: an id is unused or missing from this list", len(messages), len(ids))
	}
	m := message("some_future_rule", nil)
	if m.EN != "is not valid (some_future_rule)" || m.FR != "n'est pas valide (some_future_rule)" {
		t.Errorf("fallback %+v", m)
	}
}

func TestFieldLabelsAreBilingual(t *testing.T) {
	for _, f := range fields {
		if f.Label == "" || f.LabelFR == "" {
			t.Errorf("%s lacks a label", f.Name)
		}
		if label(f.Name, "fr") != f.LabelFR || label(f.Name, "en") != f.Label {
			t.Errorf("%s: label()", f.Name)
		}
	}
}
