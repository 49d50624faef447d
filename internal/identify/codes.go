package identify

// codes lists every message code the engine produces, with the names of its
// placeholders. Its words are the i18n messages "identify.<code>"; a test
// checks that each exists in every language with exactly these placeholders.
var codes = map[string][]string{
	// Age and the child rule.
	"age_child": {"Age"}, "age_adult": {"Age"}, "age_known_overrides_presumption": nil,
	"age_presumed_minor": nil, "age_unknown_adult": nil,

	// Elements.
	"act_met": {"Acts"}, "act_not_met": nil,
	"means_met": {"Means"}, "means_not_met": nil, "means_child_recorded": {"Means"}, "means_child_none": nil,
	"purpose_met": {"Purposes"}, "purpose_extended": {"Purpose"}, "purpose_not_met": nil,
	"purpose_form_missing": nil, "purpose_not_yet_exploited": nil,
	"consent_child": nil, "consent_irrelevant_means": {"Means"}, "consent_adult_no_means": nil,
	"border_domestic": nil, "border_crossed": nil,
	"pattern_smuggling": nil, "pattern_exploitation_without_act": nil,
	"outcome_met_adult": nil, "outcome_met_child": nil, "outcome_not_met": {"Missing"}, "outcome_presumed_victim": nil,
	"element_act": nil, "element_means": nil, "element_purpose": nil,

	// Recommendations.
	"rec_refer_child_protection": nil, "rec_refer_for_formal_identification": nil,
	"rec_refer_labour_inspection": nil, "rec_continue_assessment": nil,

	// ILO indicators.
	"ilo_dimension_positive": {"Dimension", "Name", "Counted", "Rule"},
	"ilo_dimension_negative": {"Dimension", "Name", "Counted"},
	"ilo_dimension_empty":    {"Dimension", "Name"},
	"ilo_count":              {"Count", "Strength", "Indicators"},
	"ilo_rule_two_strong":    nil, "ilo_rule_strong_plus_other": nil, "ilo_rule_three_medium": nil, "ilo_rule_two_medium_one_weak": nil,
	"ilo_strength_strong": nil, "ilo_strength_medium": nil, "ilo_strength_weak": nil,
	"ilo_strength_strong_pl": nil, "ilo_strength_medium_pl": nil, "ilo_strength_weak_pl": nil,
	"ilo_dim_1": nil, "ilo_dim_2": nil, "ilo_dim_3": nil, "ilo_dim_4": nil, "ilo_dim_5": nil, "ilo_dim_6": nil,
	"ilo_part_recruitment": nil, "ilo_part_exploitation": nil, "ilo_part_destination": nil,
	"ilo_presumed_victim_adult": nil, "ilo_presumed_victim_child": nil,
	"ilo_not_presumed_adult": {"Missing"}, "ilo_not_presumed_child": {"Missing"},
	"ilo_population_mismatch": {"Status", "Population"},
	"ilo_palermo_gap":         nil, "ilo_palermo_gap_other": nil,
	"ilo_population_adult": nil, "ilo_population_child": nil, "ilo_status_child": nil, "ilo_status_adult": nil,
	"ilo_unknown_ignored":  {"Count"},
	"ilo_catalogue_status": {"Catalogue", "Version", "Status"},

	// Separators of lists.
	SepList: nil, SepSemicolon: nil, SepPlus: nil,

	// Input errors (FieldError.Rule codes are the part after "err_").
	"err_empty_input": nil, "err_too_large": {"Max"}, "err_read_failed": nil, "err_invalid_json": {"Offset"},
	"err_not_object": nil, "err_trailing_data": nil, "err_unknown_field": {"Allowed"}, "err_duplicate_field": nil,
	"err_not_bool": nil, "err_not_integer": nil, "err_age_range": {"Min", "Max"}, "err_not_array": nil, "err_not_string": nil,
	"err_unknown_identifier": {"Value", "Allowed"}, "err_unknown_catalogue": {"Value", "Allowed"},
	"err_unknown_indicator": {"Value", "Catalogue"}, "err_required": nil,

	// Catalogue errors.
	"err_cat_bad_id": nil, "err_cat_duplicate_id": {"Value", "First"}, "err_cat_dimension": nil, "err_cat_strength": nil,
	"err_cat_population": nil, "err_cat_no_indicators": nil, "err_cat_duplicate_cat": {"Value"},
	"err_cat_missing_lang": {"Lang"}, "cat_problems": {"Count"}, "err_cat_decode": nil,
}

// Codes lists every message code the engine may produce (for the tests of
// the catalogues).
func Codes() map[string][]string {
	out := make(map[string][]string, len(codes)+len(allTerms()))
	for c, ps := range codes {
		out[c] = append([]string(nil), ps...)
	}
	for _, t := range allTerms() {
		out[t.Code()] = nil
	}
	return out
}

// msg builds a message, checking its code and parameters against codes: a
// mismatch is a programming error that the tests reach.
func msg(c string, ps Params) Message {
	names, ok := codes[c]
	if !ok {
		panic("identify: no message code " + c)
	}
	if len(names) != len(ps) {
		panic("identify: message " + c + " takes other parameters")
	}
	for _, n := range names {
		if _, ok := ps[n]; !ok {
			panic("identify: message " + c + " lacks parameter " + n)
		}
	}
	return Message{Code: c, Params: ps}
}
