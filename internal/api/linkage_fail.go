package api

import (
	"context"
	"net/http"
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

// linkageFail is fail for linkage runs. The store names the fields of a
// proposal and of an approval as the body names them; what is not in the
// body is located on the run: its state (run.status, 409), the agreement to
// share membership (run.share_membership, 409), the number of cases a party
// can encode (run.cases) and, when matching, the secrets the parties used
// (run.secret). An uploaded file is the body. The rate limit is about the
// caller, not a field: it is located at body and answers 429. Parameters are named in lower
// case, as everywhere in the API.
func (s *server) linkageFail(ctx context.Context, err error, onRun ...string) error {
	es := asFieldErrors(err)
	if len(es) == 0 {
		return s.fail(ctx, err)
	}
	lang := langOf(ctx)
	status, detail := http.StatusUnprocessableEntity, "api.detail.422"
	fields := make([]*FieldProblem, 0, len(es))
	for _, e := range es {
		loc := "body." + e.Field
		switch {
		case e.Rule == linkrun.RuleState && e.Field == "run":
			status, detail, loc = http.StatusConflict, "api.detail.linkage_state", "run.status"
		case e.Rule == linkrun.RuleNotShared:
			status, detail, loc = http.StatusConflict, "api.detail.linkage_not_shared", "run.share_membership"
		case e.Rule == linkrun.RuleRateLimit:
			status, detail, loc = http.StatusTooManyRequests, "api.detail.linkage_rate_limit", "body"
		case e.Field == "clk":
			loc = "body"
		case e.Field == "cases" || e.Field == "run":
			loc = "run." + e.Field
		}
		for _, f := range onRun {
			if e.Field == f {
				loc = "run." + f
			}
		}
		fields = append(fields, fieldProblem(lang, loc, e.Rule, lowerKeys(e.Params)))
	}
	return newProblem(lang, status, detail, fields...)
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
