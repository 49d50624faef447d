package disclosure

import (
	"math"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Method is how a table is protected.
type Method string

// The methods.
const (
	Suppression  Method = "suppression"          // cells below K withheld, with complements
	Differential Method = "differential_privacy" // Laplace noise and private selection of cells
	Public       Method = "none"                 // k = 0: already-public data, nothing withheld
)

// DefaultK is the smallest count released under suppression unless a
// deployment sets another: CTDC's k = 11.
const DefaultK = 11

// Policy says how to protect a table.
//
// K is the threshold of suppression (at least 2). Epsilon and Delta are the
// differential-privacy parameters: Epsilon > 0 scales the Laplace noise,
// 0 < Delta < 1 is the probability bound of the private selection of cells.
// MaxContributions is how many cells one person may count in (L0
// sensitivity; 0 means 1: a case is in exactly one cell of a cross-tab; a
// table of multi-valued variables must say more).
type Policy struct {
	Method           Method
	K                int
	Epsilon, Delta   float64
	MaxContributions int
}

// DefaultPolicy is suppression with DefaultK.
func DefaultPolicy() Policy { return Policy{Method: Suppression, K: DefaultK} }

// Rule ids of policy and table errors; each has an "error.<rule>" text in
// the disclosure catalogue.
const (
	RuleMethod           = "disclosure_method"            // Params["Allowed"]
	RuleKMin             = "disclosure_k_min"             // Params["Min"]
	RuleEpsilon          = "disclosure_epsilon"           // epsilon must be a number above 0
	RuleDelta            = "disclosure_delta"             // delta must be above 0 and below 1
	RuleMaxContributions = "disclosure_max_contributions" // Params["Min"]
	RuleNoVars           = "disclosure_no_vars"           // a table needs at least one variable
	RuleDupVar           = "disclosure_dup_var"           // a variable is named twice
	RuleCellWidth        = "disclosure_cell_width"        // Params["Row"], ["Vars"]: a cell has not one value per variable
	RuleDupCell          = "disclosure_dup_cell"          // Params["Row"]: a combination appears twice
	RuleNegative         = "disclosure_negative"          // Params["Row"]: a count is below 0
)

// Rules lists the rule ids, for the catalogue tests.
var Rules = []string{RuleMethod, RuleKMin, RuleEpsilon, RuleDelta, RuleMaxContributions,
	RuleNoVars, RuleDupVar, RuleCellWidth, RuleDupCell, RuleNegative}

// Validate checks the policy; the errors name the field ("method", "k",
// "epsilon", "delta", "max_contributions").
func (p Policy) Validate() error {
	var errs valid.Errors
	switch p.Method {
	case Public:
	case Suppression:
		if p.K < 2 {
			errs = append(errs, valid.New("k", RuleKMin, map[string]any{"Min": 2}))
		}
	case Differential:
		if !(p.Epsilon > 0) || math.IsInf(p.Epsilon, 0) {
			errs = append(errs, valid.New("epsilon", RuleEpsilon, nil))
		}
		if !(p.Delta > 0 && p.Delta < 1) {
			errs = append(errs, valid.New("delta", RuleDelta, nil))
		}
		if p.MaxContributions < 0 {
			errs = append(errs, valid.New("max_contributions", RuleMaxContributions, map[string]any{"Min": 1}))
		}
	default:
		errs = append(errs, valid.New("method", RuleMethod,
			map[string]any{"Allowed": []string{string(Suppression), string(Differential), string(Public)}}))
	}
	return errs.OrNil()
}
