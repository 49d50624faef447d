package identify

// MeansStatus is the state of the means element.
type MeansStatus string

// The means element is met, not met, or not required because the person is
// (or is presumed to be) a child.
const (
	MeansMet         MeansStatus = "met"
	MeansNotMet      MeansStatus = "not_met"
	MeansNotRequired MeansStatus = "not_required"
)

// Pattern names the situation the facts resemble, for the case register.
type Pattern string

// Patterns: PatternNone when the facts show nothing to name.
const (
	PatternTrafficking            Pattern = "trafficking"
	PatternSmuggling              Pattern = "smuggling"
	PatternExploitationWithoutAct Pattern = "exploitation_without_act"
	PatternIncomplete             Pattern = "incomplete"
	PatternNone                   Pattern = "none"
)

// Reason is one sentence of the assessment: the element it is about
// ("age", "act", "means", "purpose", "consent", "border", "pattern",
// "outcome", "ilo"), a stable code, and the text in every language.
type Reason struct {
	Element string `json:"element"`
	Code    string `json:"code"`
	Text    Text   `json:"text"`
}

func reason(element, code string, args ...any) Reason {
	return Reason{Element: element, Code: code, Text: msg(code, args...)}
}

// Result is the outcome of a screening. It is not a legal finding.
type Result struct {
	Child           bool           `json:"child"`
	Act             bool           `json:"act"`
	Means           MeansStatus    `json:"means"`
	Purpose         bool           `json:"purpose"`
	MeetsDefinition bool           `json:"meets_definition"`
	Recommendation  Recommendation `json:"recommendation"`
	Pattern         Pattern        `json:"pattern"`
	Reasons         []Reason       `json:"reasons"`
	ILO             *ILOResult     `json:"ilo,omitempty"`
}

// Assess screens facts against the embedded catalogues; see AssessWith.
func Assess(f Facts) (Result, error) { return AssessWith(f, Catalogues()) }

// AssessWith validates f (a *FieldError if invalid) and decides each Palermo
// element, the overall result, the next step and the reasons behind them.
func AssessWith(f Facts, cats *CatalogueSet) (Result, error) {
	if err := f.Validate(cats); err != nil {
		return Result{}, err
	}
	acts, means, purposes := dedupe(f.Acts), dedupe(f.Means), dedupe(f.Purposes)
	var r Result
	add := func(x Reason) { r.Reasons = append(r.Reasons, x) }

	// Age: under 18 at the time of the act, or presumed so while unknown.
	switch {
	case f.AgeAtRecruitment != nil && *f.AgeAtRecruitment < 18:
		r.Child = true
		add(reason("age", "age_child", *f.AgeAtRecruitment))
	case f.AgeAtRecruitment != nil:
		add(reason("age", "age_adult", *f.AgeAtRecruitment))
		if f.PresumedMinor {
			add(reason("age", "age_known_overrides_presumption"))
		}
	case f.PresumedMinor:
		r.Child = true
		add(reason("age", "age_presumed_minor"))
	default:
		add(reason("age", "age_unknown_adult"))
	}

	r.Act = len(acts) > 0
	if r.Act {
		add(reason("act", "act_met", labels(ActTerms, acts)))
	} else {
		add(reason("act", "act_not_met"))
	}

	anyMeans := len(means) > 0
	switch {
	case r.Child:
		r.Means = MeansNotRequired
		if anyMeans {
			add(reason("means", "means_child_recorded", labels(MeansTerms, means)))
		} else {
			add(reason("means", "means_child_none"))
		}
	case anyMeans:
		r.Means = MeansMet
		add(reason("means", "means_met", labels(MeansTerms, means)))
	default:
		r.Means = MeansNotMet
		add(reason("means", "means_not_met"))
	}

	r.Purpose = len(purposes) > 0
	if r.Purpose {
		add(reason("purpose", "purpose_met", labels(PurposeTerms, purposes)))
		for _, id := range purposes {
			if t, _ := findTerm(PurposeTerms, id); t.Extended {
				add(reason("purpose", "purpose_extended", t.Label))
			}
		}
		if !f.ExploitationOccurred {
			add(reason("purpose", "purpose_not_yet_exploited"))
		}
	} else {
		add(reason("purpose", "purpose_not_met"))
		if f.ExploitationOccurred {
			add(reason("purpose", "purpose_form_missing"))
		}
	}

	if f.Consented {
		switch {
		case r.Child:
			add(reason("consent", "consent_child"))
		case anyMeans:
			add(reason("consent", "consent_irrelevant_means", labels(MeansTerms, means)))
		default:
			add(reason("consent", "consent_adult_no_means"))
		}
	}

	if f.CrossedBorder {
		add(reason("border", "border_crossed"))
	} else {
		add(reason("border", "border_domestic"))
	}

	r.MeetsDefinition = r.Act && r.Purpose && (r.Child || anyMeans)
	exploited := r.Purpose || f.ExploitationOccurred
	switch {
	case r.MeetsDefinition:
		r.Pattern = PatternTrafficking
	case !r.Act && exploited:
		r.Pattern = PatternExploitationWithoutAct
		add(reason("pattern", "pattern_exploitation_without_act"))
	case f.CrossedBorder && f.Consented && !anyMeans && !exploited:
		r.Pattern = PatternSmuggling
		add(reason("pattern", "pattern_smuggling"))
	case r.Act || anyMeans || exploited:
		r.Pattern = PatternIncomplete
	default:
		r.Pattern = PatternNone
	}

	switch {
	case r.MeetsDefinition && r.Child:
		add(reason("outcome", "outcome_met_child"))
	case r.MeetsDefinition:
		add(reason("outcome", "outcome_met_adult"))
	default:
		add(reason("outcome", "outcome_not_met", r.missing()))
	}
	if r.MeetsDefinition {
		add(reason("outcome", "outcome_presumed_victim"))
	}

	r.Recommendation = recommend(r)

	if f.Indicators != nil {
		c, _ := cats.Get(f.Indicators.Catalogue) // Validate checked it exists
		ilo := c.Evaluate(f.Indicators.Present, r.Child)
		// Say when the two instruments disagree: each points at what to
		// record or check next.
		switch {
		case ilo.PresumedVictim && !r.MeetsDefinition:
			ilo.Reasons = append(ilo.Reasons, reason("ilo", "ilo_palermo_gap"))
		case !ilo.PresumedVictim && r.MeetsDefinition:
			ilo.Reasons = append(ilo.Reasons, reason("ilo", "ilo_palermo_gap_other"))
		}
		r.ILO = &ilo
	}
	return r, nil
}

// missing lists the required elements the facts do not support.
func (r Result) missing() Text {
	var parts []Text
	if !r.Act {
		parts = append(parts, messages["element_act"])
	}
	if r.Means == MeansNotMet {
		parts = append(parts, messages["element_means"])
	}
	if !r.Purpose {
		parts = append(parts, messages["element_purpose"])
	}
	return join(Text{", ", ", "}, parts)
}
