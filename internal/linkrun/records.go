package linkrun

import (
	"slices"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/linkage"
)

// FieldSpecs are the fields every party encodes, in this order. The full
// name is the given and family names as sorted tokens, so that a swapped
// order ("Diallo Fatoumata" / "Fatoumata Diallo") still agrees.
var FieldSpecs = []string{"full_name:name", "other_names:name", "birth_date:date:YYYY-MM-DD", "gender:sex",
	"citizenship:exact"}

// Threshold is the Dice threshold of in-application runs when their scores
// cannot tell matches apart (they otherwise choose one: linkage
// ChooseThreshold, kept as ThresholdChoice). The default of
// the linkage package (0.62) was tuned on FEBRL's ten fields; with these five,
// unrelated people of the same sex and citizenship who share a given name
// score up to about 0.76 on invented data, and the same person written with
// swapped names, no accents or one typo scores 0.90 and up
// (TestSampleNetworkLinks checks the counts at this threshold).
const Threshold = 0.80

// Settings are the encoding settings of every in-application run.
func Settings() (linkage.Settings, error) {
	s := linkage.Settings{}
	for _, spec := range FieldSpecs {
		f, err := linkage.ParseField(spec)
		if err != nil {
			return s, err
		}
		s.Fields = append(s.Fields, f)
	}
	return s, s.Validate()
}

// RecordValues are c's values in FieldSpecs order.
func RecordValues(c casework.Case) []string {
	toks := strings.Fields(linkage.Normalise(c.Person.GivenName + " " + c.Person.FamilyName))
	slices.Sort(toks)
	return []string{strings.Join(toks, " "), c.Person.OtherNames, c.Person.BirthDate, c.Gender, c.Citizenship}
}

// ReferenceDate is the date that places a case in a run's period: its
// earliest event date (a partial date counts as its first day), else the
// day it was created.
func ReferenceDate(c casework.Case) string {
	var best time.Time
	for _, e := range c.Events {
		if t, ok := casework.ParseDate(e.Date); ok && (best.IsZero() || t.Before(best)) {
			best = t
		}
	}
	if best.IsZero() {
		best = c.CreatedAt.UTC()
	}
	return best.Format(DateLayout)
}

// StratumOf returns the de-identified facts of c used to split the counts.
func StratumOf(c casework.Case) Stratum {
	return Stratum{Year: ReferenceDate(c)[:4], Gender: c.Gender, AgeGroup: c.AgeGroup(),
		Exploitation: slices.Clone(c.Exploitation)}
}

// Eligible reports whether c goes into run r for a party that chose f: not
// erased, in the period, matching the filter, and with a consent to
// statistics in force at now (every use of the data checks it).
func Eligible(c casework.Case, consents []casework.Consent, r *Run, f Filter, now time.Time) bool {
	if c.ErasedAt != nil {
		return false
	}
	if d := ReferenceDate(c); d < r.From || d > r.To {
		return false
	}
	if f.Status != "" && string(c.Status) != f.Status {
		return false
	}
	if f.Exploitation != "" && !slices.Contains(c.Exploitation, f.Exploitation) {
		return false
	}
	return casework.Allows(consents, casework.PurposeStatistics, "", now)
}
