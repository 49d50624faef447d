package api

import (
	"slices"
	"strings"

	"github.com/passerelle-org/passerelle/internal/linkrun"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Rule ids of the linkage operations beyond linkrun.Rules and the API's own;
// each has an "api.rule.<id>" message in api_linkage.en.toml and
// api_linkage.fr.toml (TestLinkageMessages checks).
const (
	ruleSecretEncoding = "linkage_secret_encoding" // the secret is not in the encoding named
	ruleCLKType        = "linkage_clk_type"        // an upload not sent as application/octet-stream
)

// linkageRules lists every rule a linkage operation can report beyond the
// API's own (apiRules).
var linkageRules = append([]string{ruleSecretEncoding, ruleCLKType, store.RuleCLK, store.RuleTooLarge},
	linkrun.Rules...)

// linkageRecordRules are the linkage rules about the run rather than the
// request: its state, the agreement to share membership, and the number of
// runs proposed in a day (about the caller, located at the body).
var linkageRecordRules = map[string]recordRule{
	linkrun.RuleState:     {"run.status", "api.detail.linkage_state"},
	linkrun.RuleNotShared: {"run.share_membership", "api.detail.linkage_not_shared"},
	linkrun.RuleRateLimit: {"body", "api.detail.linkage_rate_limit"},
}

// runLocation locates the fields of a linkage operation's errors. The store
// names the fields of a proposal and of an approval as the body names them;
// what is not in the body is located on the run: the number of cases a party
// can encode (run.cases), the run itself, and the fields named in onRun (when
// matching, the secrets the parties used: run.secret). An uploaded file is the
// body. The run's state, the agreement to share membership and the rate limit
// are record rules (recordRules).
func runLocation(onRun ...string) func(string) string {
	return func(field string) string {
		switch {
		case field == "cases" || field == "run" || slices.Contains(onRun, field):
			return "run." + field
		case field == "clk":
			return "body"
		}
		return "body." + field
	}
}

// lowerKeys names a domain rule's parameters ("Min") as the API does ("min").
func lowerKeys(params map[string]any) map[string]any {
	if len(params) == 0 {
		return nil
	}
	out := make(map[string]any, len(params))
	for k, v := range params {
		out[strings.ToLower(k)] = v
	}
	return out
}
