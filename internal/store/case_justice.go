package store

import (
	"encoding/json"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// The justice track is split. The state of the proceedings against the
// traffickers (investigation, prosecution) stays in clear in cases.justice:
// criminal-justice statistics count it, and it says nothing of the person.
// Everything that could endanger the person if a copy of the database leaked
// (their role as a witness or complainant, the protection measures such as
// relocation, the complaint and its date, non-punishment for offences they
// were compelled to commit, compensation amounts) is sealed with the person
// in cases.person, and erasure shreds it.

// publicJustice is the clear part; its field names are casework.Justice's,
// so the column unmarshals into a casework.Justice.
type publicJustice struct {
	Investigation string `json:",omitempty"`
	Prosecution   string `json:",omitempty"`
}

// privateJustice is the sealed part.
type privateJustice struct {
	ComplaintFiled       bool     `json:"cf,omitempty"`
	ComplaintDate        string   `json:"cd,omitempty"`
	Role                 string   `json:"r,omitempty"`
	ProtectionMeasures   []string `json:"pm,omitempty"`
	NonPunishmentApplied bool     `json:"np,omitempty"`
	CompensationClaimed  int64    `json:"cc,omitempty"`
	CompensationReceived int64    `json:"cr,omitempty"`
	Currency             string   `json:"cu,omitempty"`
}

// privateOf is the sealed part of j, nil when it is empty.
func privateOf(j casework.Justice) *privateJustice {
	p := privateJustice{ComplaintFiled: j.ComplaintFiled, ComplaintDate: j.ComplaintDate, Role: j.Role,
		ProtectionMeasures: j.ProtectionMeasures, NonPunishmentApplied: j.NonPunishmentApplied,
		CompensationClaimed: j.CompensationClaimed, CompensationReceived: j.CompensationReceived, Currency: j.Currency}
	if !p.ComplaintFiled && p.ComplaintDate == "" && p.Role == "" && len(p.ProtectionMeasures) == 0 &&
		!p.NonPunishmentApplied && p.CompensationClaimed == 0 && p.CompensationReceived == 0 && p.Currency == "" {
		return nil
	}
	return &p
}

// mergeInto fills j's sealed fields from p (nothing when p is nil).
func (p *privateJustice) mergeInto(j *casework.Justice) {
	if p == nil {
		return
	}
	j.ComplaintFiled, j.ComplaintDate, j.Role = p.ComplaintFiled, p.ComplaintDate, p.Role
	j.ProtectionMeasures, j.NonPunishmentApplied = p.ProtectionMeasures, p.NonPunishmentApplied
	j.CompensationClaimed, j.CompensationReceived, j.Currency = p.CompensationClaimed, p.CompensationReceived, p.Currency
}

// sameJustice compares two tracks field by field (an empty list equals none).
func sameJustice(a, b casework.Justice) bool {
	pa, _ := json.Marshal(privateOf(a))
	pb, _ := json.Marshal(privateOf(b))
	return justiceJSON(a) == justiceJSON(b) && string(pa) == string(pb)
}

// yearOf is the year of a date written YYYY-MM-DD, YYYY-MM or YYYY.
func yearOf(date string) string {
	if len(date) < 4 {
		return ""
	}
	return date[:4]
}
