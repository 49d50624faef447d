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
// "outcome", "ilo"), a stable code and its parameters; Words.Reason words it.
type Reason struct {
	Element string `json:"element"`
	Code    string `json:"code"`
	Params  Params `json:"params,omitempty"`
	// Recorded holds the words of a reason stored before reasons carried
	// codes only, by language: such a reason is shown as it was recorded.
	Recorded Labels `json:"text,omitempty"`
}

func reason(element, c string, ps Params) Reason {
	m := msg(c, ps)
	return Reason{Element: element, Code: m.Code, Params: m.Params}
}

// Message is the reason's code and parameters.
func (r Reason) Message() Message { return Message{Code: r.Code, Params: r.Params} }

// Reason words r for w's reader.
func (w Words) Reason(r Reason) string {
	if len(r.Recorded) > 0 {
		return r.Recorded.In(w.Lang)
	}
	return w.Say(r.Message())
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

	// Age: the child rule (IsChild), with the reason that decided it.
	r.Child = f.Child()
	switch {
	case f.AgeAtRecruitment != nil && r.Child:
		add(reason("age", "age_child", Params{"Age": val(*f.AgeAtRecruitment)}))
	case f.AgeAtRecruitment != nil:
		add(reason("age", "age_adult", Params{"Age": val(*f.AgeAtRecruitment)}))
		if f.PresumedMinor {
			add(reason("age", "age_known_overrides_presumption", nil))
		}
	case r.Child:
		add(reason("age", "age_presumed_minor", nil))
	default:
		add(reason("age", "age_unknown_adult", nil))
	}

	r.Act = len(acts) > 0
	if r.Act {
		add(reason("act", "act_met", Params{"Acts": termList(ActTerms, acts)}))
	} else {
		add(reason("act", "act_not_met", nil))
	}

	anyMeans := len(means) > 0
	switch {
	case r.Child:
		r.Means = MeansNotRequired
		if anyMeans {
			add(reason("means", "means_child_recorded", Params{"Means": termList(MeansTerms, means)}))
		} else {
			add(reason("means", "means_child_none", nil))
		}
	case anyMeans:
		r.Means = MeansMet
		add(reason("means", "means_met", Params{"Means": termList(MeansTerms, means)}))
	default:
		r.Means = MeansNotMet
		add(reason("means", "means_not_met", nil))
	}

	r.Purpose = len(purposes) > 0
	if r.Purpose {
		add(reason("purpose", "purpose_met", Params{"Purposes": termList(PurposeTerms, purposes)}))
		for _, id := range purposes {
			if t, _ := findTerm(PurposeTerms, id); t.Extended {
				add(reason("purpose", "purpose_extended", Params{"Purpose": code(t.Code())}))
			}
		}
		if !f.ExploitationOccurred {
			add(reason("purpose", "purpose_not_yet_exploited", nil))
		}
	} else {
		add(reason("purpose", "purpose_not_met", nil))
		if f.ExploitationOccurred {
			add(reason("purpose", "purpose_form_missing", nil))
		}
	}

	if f.Consented {
		switch {
		case r.Child:
			add(reason("consent", "consent_child", nil))
		case anyMeans:
			add(reason("consent", "consent_irrelevant_means", Params{"Means": termList(MeansTerms, means)}))
		default:
			add(reason("consent", "consent_adult_no_means", nil))
		}
	}

	if f.CrossedBorder {
		add(reason("border", "border_crossed", nil))
	} else {
		add(reason("border", "border_domestic", nil))
	}

	r.MeetsDefinition = r.Act && r.Purpose && (r.Child || anyMeans)
	exploited := r.Purpose || f.ExploitationOccurred
	switch {
	case r.MeetsDefinition:
		r.Pattern = PatternTrafficking
	case !r.Act && exploited:
		r.Pattern = PatternExploitationWithoutAct
		add(reason("pattern", "pattern_exploitation_without_act", nil))
	case f.CrossedBorder && f.Consented && !anyMeans && !exploited:
		r.Pattern = PatternSmuggling
		add(reason("pattern", "pattern_smuggling", nil))
	case r.Act || anyMeans || exploited:
		r.Pattern = PatternIncomplete
	default:
		r.Pattern = PatternNone
	}

	switch {
	case r.MeetsDefinition && r.Child:
		add(reason("outcome", "outcome_met_child", nil))
	case r.MeetsDefinition:
		add(reason("outcome", "outcome_met_adult", nil))
	default:
		add(reason("outcome", "outcome_not_met", Params{"Missing": r.missing()}))
	}
	if r.MeetsDefinition {
		add(reason("outcome", "outcome_presumed_victim", nil))
	}

	r.Recommendation = recommend(r)

	if f.Indicators != nil {
		c, _ := cats.Get(f.Indicators.Catalogue) // Validate checked it exists
		ilo := c.Evaluate(f.Indicators.Present, r.Child)
		// Say when the two instruments disagree: each points at what to
		// record or check next.
		switch {
		case ilo.PresumedVictim && !r.MeetsDefinition:
			ilo.Reasons = append(ilo.Reasons, reason("ilo", "ilo_palermo_gap", nil))
		case !ilo.PresumedVictim && r.MeetsDefinition:
			ilo.Reasons = append(ilo.Reasons, reason("ilo", "ilo_palermo_gap_other", nil))
		}
		r.ILO = &ilo
	}
	return r, nil
}

// missing lists the required elements the facts do not support.
func (r Result) missing() Arg {
	var parts []Message
	if !r.Act {
		parts = append(parts, msg("element_act", nil))
	}
	if r.Means == MeansNotMet {
		parts = append(parts, msg("element_means", nil))
	}
	if !r.Purpose {
		parts = append(parts, msg("element_purpose", nil))
	}
	return words(SepList, parts...)
}
