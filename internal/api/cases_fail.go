package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// caseFail is fail for the case register. Validation errors name their field
// at loc(field) ("body."+field when loc is nil); a workflow step the case's
// state does not allow, or a change to an erased case, is a 409 naming the
// case's status; everything else is as fail.
func (s *server) caseFail(ctx context.Context, err error, loc func(string) string) error {
	lang := langOf(ctx)
	es := asFieldErrors(err)
	if len(es) == 0 {
		if isConflict(err) {
			return newProblem(lang, http.StatusConflict, "api.detail.409")
		}
		return s.fail(ctx, err)
	}
	if loc == nil {
		loc = func(f string) string { return "body." + f }
	}
	status, detail := http.StatusUnprocessableEntity, "api.detail.422"
	fields := make([]*FieldProblem, 0, len(es))
	for _, e := range es {
		switch e.Rule {
		case casework.RuleTransition, ruleErased:
			status, detail = http.StatusConflict, "api.detail.case_state"
			fields = append(fields, fieldProblem(lang, "case.status", e.Rule, e.Params))
		default:
			fields = append(fields, fieldProblem(lang, loc(e.Field), e.Rule, e.Params))
		}
	}
	return newProblem(lang, status, detail, fields...)
}

// ruleErased: the case's personal data was erased; it takes no more.
const ruleErased = "erased"

// caseRules lists the rule ids the case register can report beyond the
// API's own (apiRules): each has an "api.rule.<id>" message in
// api_cases.en.toml and api_cases.fr.toml (TestCaseMessages checks).
var caseRules = []string{casework.RuleDate, casework.RuleFutureDate, casework.RuleDateOrder, casework.RuleDuplicate,
	casework.RuleTransition, ruleErased, ruleStale, ruleWithdrawn, ruleUploadType, ruleBase64, ruleTooLarge, ruleForm,
	"unknown_indicator", "unknown_catalogue", ruleConfirmCode}

// erasedProblem is the 409 for a change to a case whose person was erased.
func erasedProblem(ctx context.Context) error {
	lang := langOf(ctx)
	return newProblem(lang, http.StatusConflict, "api.detail.case_state",
		fieldProblem(lang, "case.status", ruleErased, nil))
}

// factsProblem is the 422 for facts the screening engine refuses: the field
// and the rule as identify names them, under body.
func factsProblem(ctx context.Context, fe *identify.FieldError) error {
	lang := langOf(ctx)
	return newProblem(lang, http.StatusUnprocessableEntity, "api.detail.422",
		fieldProblem(lang, "body."+fe.Field, fe.Rule, nil))
}

// pathID reads the {id} path parameter; huma has already checked its form,
// so a failure here is a 404 like any unknown id.
func pathID(ctx context.Context, in IDParam) (uuid.UUID, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return uuid.Nil, notFound(ctx)
	}
	return id, nil
}

// recordFail is caseFail for additions of personal data to a case (notes,
// plan, attachments): the store's only conflict there is an erased case.
func (s *server) recordFail(ctx context.Context, err error, loc func(string) string) error {
	if isConflict(err) {
		return erasedProblem(ctx)
	}
	return s.caseFail(ctx, err, loc)
}

// asFieldErrors returns the validation errors in err, if any (one FieldError
// becomes a list of one).
func asFieldErrors(err error) valid.Errors {
	var es valid.Errors
	var fe *valid.FieldError
	switch {
	case errors.As(err, &es):
		return es
	case errors.As(err, &fe):
		return valid.Errors{fe}
	}
	return nil
}

// parseUUIDField reads a UUID the schema could not check (huma already did
// for format:"uuid" fields; this is the belt to its braces).
func parseUUIDField(ctx context.Context, location, v string) (uuid.UUID, error) {
	id, err := uuid.Parse(v)
	if err != nil {
		lang := langOf(ctx)
		return uuid.Nil, newProblem(lang, http.StatusUnprocessableEntity, "api.detail.422",
			fieldProblem(lang, location, valid.RuleUUID, nil))
	}
	return id, nil
}

// caseRecords lists one kind of record of case {id} with list and turns each
// into its API form with conv; errors are the case register's.
func caseRecords[R, T any](s *server, ctx context.Context, in *IDParam, list func(context.Context, uuid.UUID) ([]R, error), conv func(R) T) ([]T, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	records, err := list(ctx, id)
	if err != nil {
		return nil, s.caseFail(ctx, err, nil)
	}
	out := make([]T, 0, len(records))
	for _, r := range records {
		out = append(out, conv(r))
	}
	return out, nil
}
