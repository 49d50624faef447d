package api

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// ruleErased: the case's personal data was erased; it takes no more.
const ruleErased = "erased"

// caseRules lists the rule ids the case register can report beyond the
// API's own (apiRules): each has an "api.rule.<id>" message in
// api_cases.en.toml and api_cases.fr.toml (TestCaseMessages checks).
var caseRules = []string{casework.RuleDate, casework.RuleFutureDate, casework.RuleDateOrder, casework.RuleDuplicate,
	casework.RuleTransition, ruleErased, ruleStale, ruleWithdrawn, ruleUploadType, ruleBase64, ruleTooLarge, ruleForm,
	"unknown_indicator", "unknown_catalogue", ruleConfirmCode, ctdc.RuleWhole}

// caseRecordRules are the case register's rules about the case's state: a
// workflow step the status does not allow, a change to an erased case.
var caseRecordRules = map[string]recordRule{
	casework.RuleTransition: {"case.status", "api.detail.case_state"},
	ruleErased:              {"case.status", "api.detail.case_state"},
}

// onErased turns the store's conflict on an addition to a case into what it
// means there: the case's personal data was erased.
func onErased(err error) error { return conflictOn(err, "status", ruleErased) }

// errErased is a change refused because the case's person was erased.
var errErased = valid.Errors{valid.NewKind(fault.Conflict, "status", ruleErased, nil)}

// pathID reads the {id} path parameter; huma has already checked its form,
// so a failure here is a 404 like any unknown id.
func pathID(ctx context.Context, in IDParam) (uuid.UUID, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return uuid.Nil, notFound(ctx)
	}
	return id, nil
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
		return nil, s.fail(ctx, err)
	}
	out := make([]T, 0, len(records))
	for _, r := range records {
		out = append(out, conv(r))
	}
	return out, nil
}
