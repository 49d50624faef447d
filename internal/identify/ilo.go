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
	Name      Text          `json:"name"`
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
		byDim[d] = DimensionResult{Dimension: d + 1, Name: DimensionName(d + 1), Strong: []string{}, Medium: []string{}, Weak: []string{}}
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
		add(reason("ilo", "ilo_presumed_victim_child"))
	case res.PresumedVictim:
		add(reason("ilo", "ilo_presumed_victim_adult"))
	default:
		var miss []Text
		if !res.RecruitmentPositive {
			miss = append(miss, messages["ilo_part_recruitment"])
		}
		if !res.ExploitationPositive {
			miss = append(miss, messages["ilo_part_exploitation"])
		}
		if !child && !res.DestinationPositive {
			miss = append(miss, messages["ilo_part_destination"])
		}
		code := "ilo_not_presumed_adult"
		if child {
			code = "ilo_not_presumed_child"
		}
		add(reason("ilo", code, join(Text{"; ", " ; "}, miss)))
	}
	if (c.Population == Children) != child {
		status, pop := messages["ilo_status_adult"], messages["ilo_population_child"]
		if child {
			status, pop = messages["ilo_status_child"], messages["ilo_population_adult"]
		}
		add(reason("ilo", "ilo_population_mismatch", status, pop))
	}
	if len(res.Unknown) > 0 {
		add(reason("ilo", "ilo_unknown_ignored", len(res.Unknown)))
	}
	add(reason("ilo", "ilo_catalogue_status", plain(c.ID), plain(c.Version), Text{c.Status.EN, c.Status.FR}))
	return res
}

// dimensionReason says which indicators counted and which rule they meet.
func (c *Catalogue) dimensionReason(dr *DimensionResult) Reason {
	var parts []Text
	for _, g := range []struct {
		ids  []string
		name string
	}{{dr.Strong, "ilo_strength_strong"}, {dr.Medium, "ilo_strength_medium"}, {dr.Weak, "ilo_strength_weak"}} {
		if len(g.ids) == 0 {
			continue
		}
		names := make([]Text, len(g.ids))
		for i, id := range g.ids {
			ind, _ := c.Indicator(id)
			names[i] = ind.Label()
		}
		grade := g.name
		if len(g.ids) > 1 {
			grade += "_pl"
		}
		parts = append(parts, msg("ilo_count", len(g.ids), messages[grade], join(Text{" + ", " + "}, names)))
	}
	counted := join(Text{"; ", " ; "}, parts)
	switch {
	case dr.Positive:
		return reason("ilo", "ilo_dimension_positive", dr.Dimension, dr.Name, counted, messages["ilo_rule_"+string(dr.Rule)])
	case len(parts) == 0:
		return reason("ilo", "ilo_dimension_empty", dr.Dimension, dr.Name)
	default:
		return reason("ilo", "ilo_dimension_negative", dr.Dimension, dr.Name, counted)
	}
}
