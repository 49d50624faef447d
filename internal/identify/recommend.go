package identify

// Recommendation is the next step a screening proposes, as a stable
// identifier for the case register; its words are the message of Code().
type Recommendation string

// The set of recommendations, in order of precedence.
const (
	// RecReferChildProtection: the person is, or is presumed to be, a child.
	RecReferChildProtection Recommendation = "refer_child_protection"
	// RecReferFormalIdentification: an adult whose facts support every element.
	RecReferFormalIdentification Recommendation = "refer_for_formal_identification"
	// RecReferLabourInspection: an adult exploited with no act recorded.
	RecReferLabourInspection Recommendation = "refer_labour_inspection"
	// RecContinueAssessment: anything else.
	RecContinueAssessment Recommendation = "continue_assessment"
)

// Recommendations lists every recommendation.
var Recommendations = []Recommendation{RecReferChildProtection, RecReferFormalIdentification,
	RecReferLabourInspection, RecContinueAssessment}

// Code is the message code that explains the recommendation.
func (r Recommendation) Code() string { return "rec_" + string(r) }

// recommend chooses the next step. A child always goes to child protection
// first, whatever else the facts show: the child's safety comes before the
// legal qualification.
func recommend(r Result) Recommendation {
	switch {
	case r.Child:
		return RecReferChildProtection
	case r.MeetsDefinition:
		return RecReferFormalIdentification
	case r.Pattern == PatternExploitationWithoutAct:
		return RecReferLabourInspection
	default:
		return RecContinueAssessment
	}
}
