package identify

import "strconv"

// Facts are what a caseworker recorded about a person's situation, in the
// Palermo vocabulary (see ActTerms, MeansTerms, PurposeTerms).
type Facts struct {
	// AgeAtRecruitment is the age in years at the time of the act; nil when
	// unknown.
	AgeAtRecruitment *int `json:"age_at_recruitment"`
	// PresumedMinor records reasons to believe the person is a child; it
	// applies only while the age is unknown (CoE Convention Art. 10(3)).
	PresumedMinor        bool     `json:"presumed_minor"`
	Acts                 []string `json:"acts"`
	Means                []string `json:"means"`
	Purposes             []string `json:"purposes"`
	Consented            bool     `json:"consented"`
	CrossedBorder        bool     `json:"crossed_border"`
	ExploitationOccurred bool     `json:"exploitation_occurred"`
	// Indicators optionally records ILO indicators seen, from one catalogue.
	Indicators *IndicatorFacts `json:"indicators,omitempty"`
}

// IndicatorFacts names a catalogue and the ids of the indicators present.
type IndicatorFacts struct {
	Catalogue string   `json:"catalogue"`
	Present   []string `json:"present"`
}

// AdultAge is the age of majority of the child rule (Palermo Art. 3(d)).
const AdultAge = 18

// IsChild is the child rule, the one place it is written: a person under
// AdultAge at the time of the act is a child; while the age is unknown, a
// presumption of minority makes them one (CoE Convention Art. 10(3)); a
// known age of AdultAge or more overrides the presumption.
func IsChild(age *int, presumedMinor bool) bool {
	if age != nil {
		return *age < AdultAge
	}
	return presumedMinor
}

// Child applies the child rule to the facts.
func (f Facts) Child() bool { return IsChild(f.AgeAtRecruitment, f.PresumedMinor) }

// Age bounds accepted for AgeAtRecruitment.
const (
	MinAge = 0
	MaxAge = 130
)

var ageRange = map[string]any{"Min": MinAge, "Max": MaxAge}

// Validate checks identifiers and ranges against the vocabulary and the
// catalogue set, returning the first problem as a *FieldError. Duplicated
// identifiers are allowed (they count once).
func (f Facts) Validate(cats *CatalogueSet) error {
	if f.AgeAtRecruitment != nil && (*f.AgeAtRecruitment < MinAge || *f.AgeAtRecruitment > MaxAge) {
		return fieldErr("age_at_recruitment", "age_range", ageRange)
	}
	for _, v := range []struct {
		field string
		ids   []string
		terms []Term
	}{{"acts", f.Acts, ActTerms}, {"means", f.Means, MeansTerms}, {"purposes", f.Purposes, PurposeTerms}} {
		for i, id := range v.ids {
			if _, ok := findTerm(v.terms, id); !ok {
				return fieldErr(v.field+"["+strconv.Itoa(i)+"]", "unknown_identifier",
					map[string]any{"Value": quoteInput(id), "Allowed": list(termIDs(v.terms))})
			}
		}
	}
	if f.Indicators != nil {
		if f.Indicators.Catalogue == "" {
			return fieldErr("indicators.catalogue", "required", nil)
		}
		c, ok := cats.Get(f.Indicators.Catalogue)
		if !ok {
			return fieldErr("indicators.catalogue", "unknown_catalogue",
				map[string]any{"Value": quoteInput(f.Indicators.Catalogue), "Allowed": list(cats.IDs())})
		}
		for i, id := range f.Indicators.Present {
			if _, ok := c.Indicator(id); !ok {
				return fieldErr("indicators.present["+strconv.Itoa(i)+"]", "unknown_indicator",
					map[string]any{"Value": quoteInput(id), "Catalogue": c.ID})
			}
		}
	}
	return nil
}
