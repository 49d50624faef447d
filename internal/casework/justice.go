package casework

import (
	"time"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Justice is the criminal-justice track of a case.
type Justice struct {
	ComplaintFiled       bool
	ComplaintDate        string // YYYY-MM-DD
	Investigation        string // ProceedingStatuses
	Prosecution          string // ProceedingStatuses
	Role                 string // JusticeRoles
	ProtectionMeasures   []string
	NonPunishmentApplied bool  // non-punishment for offences the person was compelled to commit (CoE Art. 26)
	CompensationClaimed  int64 // minor units of Currency
	CompensationReceived int64
	Currency             string // ISO 4217
}

// Validate checks the justice track.
func (j Justice) Validate(today time.Time) valid.Errors {
	var es valid.Errors
	es.Add(Date("justice.complaint_date", j.ComplaintDate, today))
	es.Add(oneOfOrEmpty("justice.investigation", j.Investigation, ProceedingStatuses))
	es.Add(oneOfOrEmpty("justice.prosecution", j.Prosecution, ProceedingStatuses))
	es.Add(oneOfOrEmpty("justice.role", j.Role, JusticeRoles))
	es.Add(Set("justice.protection_measures", j.ProtectionMeasures, ProtectionMeasures)...)
	if j.CompensationClaimed < 0 {
		es.Add(valid.New("justice.compensation_claimed", "range", map[string]any{"min": 0, "max": "-"}))
	}
	if j.CompensationReceived < 0 {
		es.Add(valid.New("justice.compensation_received", "range", map[string]any{"min": 0, "max": "-"}))
	}
	if (j.CompensationClaimed > 0 || j.CompensationReceived > 0) && len(j.Currency) != 3 {
		es.Add(valid.New("justice.currency", valid.RuleRequired, nil))
	}
	return es
}
