package identify

// DimensionRule names the threshold a positive dimension meets.
type DimensionRule string

// The four ways a dimension becomes positive (ILO/EC 2009), checked in this
// order; RuleNone when it is not positive.
const (
	RuleTwoStrong        DimensionRule = "two_strong"
	RuleStrongPlusOther  DimensionRule = "strong_plus_other"
	RuleThreeMedium      DimensionRule = "three_medium"
	RuleTwoMediumOneWeak DimensionRule = "two_medium_one_weak"
	RuleNone             DimensionRule = ""
)

// DimensionPositive applies the ILO/EC rule to the counts of strong, medium
// and weak indicators present in one dimension.
func DimensionPositive(strong, medium, weak int) (bool, DimensionRule) {
	switch {
	case strong >= 2:
		return true, RuleTwoStrong
	case strong == 1 && medium+weak >= 1:
		return true, RuleStrongPlusOther
	case medium >= 3:
		return true, RuleThreeMedium
	case medium >= 2 && weak >= 1:
		return true, RuleTwoMediumOneWeak
	}
	return false, RuleNone
}

// CombinationPositive applies the combination rule to the six dimensions
// (positive[0] is dimension 1): for an adult, a recruitment dimension (1-3),
// exploitation (4) and a destination dimension (5-6); for a child,
// recruitment and exploitation suffice.
func CombinationPositive(positive [6]bool, child bool) bool {
	recruitment := positive[0] || positive[1] || positive[2]
	destination := positive[4] || positive[5]
	return recruitment && positive[3] && (child || destination)
}

// DimensionResult is one dimension's evaluation: which indicators counted.
type DimensionResult struct {
	Dimension int           `json:"dimension"`
	Positive  bool          `json:"positive"`
	Rule      DimensionRule `json:"rule,omitempty"`
	Strong    []string      `json:"strong"`
	Medium    []string      `json:"medium"`
	Weak      []string      `json:"weak"`
	Reason    Reason        `json:"reason"`
}

// ILOResult is the evaluation of the indicators present against a catalogue.
type ILOResult struct {
	Catalogue            string            `json:"catalogue"`
	Version              string            `json:"version"`
	Status               Status            `json:"status"`
	ChildRule            bool              `json:"child_rule"` // the children's combination rule was applied
	Dimensions           []DimensionResult `json:"dimensions"`
	RecruitmentPositive  bool              `json:"recruitment_positive"`
	ExploitationPositive bool              `json:"exploitation_positive"`
	DestinationPositive  bool              `json:"destination_positive"`
	PresumedVictim       bool              `json:"presumed_victim"`
	Unknown              []string          `json:"unknown,omitempty"` // ids not in the catalogue, ignored
	Reasons              []Reason          `json:"reasons"`
}

// Evaluate counts the indicators present (ids; duplicates count once) per
// dimension and strength, decides each dimension and the combination, and
// explains why. child selects the children's combination rule.
func (c *Catalogue) Evaluate(present []string, child bool) ILOResult {
	res := ILOResult{Catalogue: c.ID, Version: c.Version, Status: c.Status, ChildRule: child}
	var byDim [6]DimensionResult
	for d := range byDim {
		byDim[d] = DimensionResult{Dimension: d + 1, Strong: []string{}, Medium: []string{}, Weak: []string{}}
	}
	for _, id := range dedupe(present) {
		ind, ok := c.Indicator(id)
		if !ok {
			res.Unknown = append(res.Unknown, id)
			continue
		}
		dr := &byDim[ind.Dimension-1]
		switch ind.Strength {
		case Strong:
			dr.Strong = append(dr.Strong, id)
		case Medium:
			dr.Medium = append(dr.Medium, id)
		case Weak:
			dr.Weak = append(dr.Weak, id)
		}
	}
	var positive [6]bool
	for d := range byDim {
		dr := &byDim[d]
		dr.Positive, dr.Rule = DimensionPositive(len(dr.Strong), len(dr.Medium), len(dr.Weak))
		positive[d] = dr.Positive
		dr.Reason = c.dimensionReason(dr)
		res.Reasons = append(res.Reasons, dr.Reason)
	}
	res.Dimensions = byDim[:]
	res.RecruitmentPositive = positive[0] || positive[1] || positive[2]
	res.ExploitationPositive = positive[3]
	res.DestinationPositive = positive[4] || positive[5]
	res.PresumedVictim = CombinationPositive(positive, child)

	add := func(r Reason) { res.Reasons = append(res.Reasons, r) }
	switch {
	case res.PresumedVictim && child:
		add(reason("ilo", "ilo_presumed_victim_child", nil))
	case res.PresumedVictim:
		add(reason("ilo", "ilo_presumed_victim_adult", nil))
	default:
		var miss []Message
		if !res.RecruitmentPositive {
			miss = append(miss, msg("ilo_part_recruitment", nil))
		}
		if !res.ExploitationPositive {
			miss = append(miss, msg("ilo_part_exploitation", nil))
		}
		if !child && !res.DestinationPositive {
			miss = append(miss, msg("ilo_part_destination", nil))
		}
		code := "ilo_not_presumed_adult"
		if child {
			code = "ilo_not_presumed_child"
		}
		add(reason("ilo", code, Params{"Missing": words(SepSemicolon, miss...)}))
	}
	if (c.Population == Children) != child {
		status, pop := "ilo_status_adult", "ilo_population_child"
		if child {
			status, pop = "ilo_status_child", "ilo_population_adult"
		}
		add(reason("ilo", "ilo_population_mismatch", Params{"Status": code(status), "Population": code(pop)}))
	}
	if len(res.Unknown) > 0 {
		add(reason("ilo", "ilo_unknown_ignored", Params{"Count": val(len(res.Unknown))}))
	}
	add(reason("ilo", "ilo_catalogue_status", Params{"Catalogue": val(c.ID), "Version": val(c.Version),
		"Status": {Labels: []Labels{c.Status.Labels}}}))
	return res
}

// dimensionReason says which indicators counted and which rule they meet.
func (c *Catalogue) dimensionReason(dr *DimensionResult) Reason {
	var parts []Message
	for _, g := range []struct {
		ids  []string
		name string
	}{{dr.Strong, "ilo_strength_strong"}, {dr.Medium, "ilo_strength_medium"}, {dr.Weak, "ilo_strength_weak"}} {
		if len(g.ids) == 0 {
			continue
		}
		names := make([]Labels, len(g.ids))
		for i, id := range g.ids {
			ind, _ := c.Indicator(id)
			names[i] = ind.Labels
		}
		grade := g.name
		if len(g.ids) > 1 {
			grade += "_pl"
		}
		parts = append(parts, msg("ilo_count", Params{"Count": val(len(g.ids)), "Strength": code(grade),
			"Indicators": {Labels: names, Sep: SepPlus}}))
	}
	counted := words(SepSemicolon, parts...)
	dim, name := val(dr.Dimension), code(DimensionCode(dr.Dimension))
	switch {
	case dr.Positive:
		return reason("ilo", "ilo_dimension_positive", Params{"Dimension": dim, "Name": name, "Counted": counted,
			"Rule": code("ilo_rule_" + string(dr.Rule))})
	case len(parts) == 0:
		return reason("ilo", "ilo_dimension_empty", Params{"Dimension": dim, "Name": name})
	default:
		return reason("ilo", "ilo_dimension_negative", Params{"Dimension": dim, "Name": name, "Counted": counted})
	}
}

// CatalogueRef names one version of a catalogue in the case register,
// "<id>@<version>": an id holds no "@", so the first one separates.
func CatalogueRef(id, version string) string { return id + "@" + version }

// CatalogueRef is the reference of the catalogue version evaluated.
func (r ILOResult) CatalogueRef() string { return CatalogueRef(r.Catalogue, r.Version) }
