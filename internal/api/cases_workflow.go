package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The status workflow: Active <-> FollowUp; a caseworker asks to close, a
// supervisor (someone else) approves or rejects; a supervisor reopens; an
// org_admin erases the person's data. Steps answer 204: the case itself is
// read with GET /cases/{id}, which the audit trail records.

type caseStatusBody struct {
	Status OpenStatus `json:"status"`
}

type caseClosureBody struct {
	Status ClosureStatus `json:"status"`
	Reason string        `json:"reason" minLength:"1" doc:"Why the case ends (cas_ReasonForCaseClosure); encrypted."`
}

func (s *server) registerCaseWorkflow(a huma.API) {
	step := func(id, path, summary, desc string, errs []int, h func(context.Context, *IDParam) (*struct{}, error)) {
		huma.Register(a, huma.Operation{
			OperationID: id, Method: http.MethodPost, Path: path, Tags: caseTags, Security: secured,
			DefaultStatus: http.StatusNoContent, Summary: summary, Description: desc, Errors: errs,
		}, h)
	}
	huma.Register(a, huma.Operation{
		OperationID: "set-case-status", Method: http.MethodPost, Path: "/cases/{id}/status", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusNoContent,
		Summary:     "Move an open case between Active and FollowUp",
		Description: "A closed case, or one waiting for closure approval, answers 409.",
		Errors:      []int{400, 401, 403, 404, 409, 415, 422, 429},
	}, s.setCaseStatus)
	huma.Register(a, huma.Operation{
		OperationID: "request-case-closure", Method: http.MethodPost, Path: "/cases/{id}/closure", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusNoContent,
		Summary:     "Ask to close a case",
		Description: "The case closes only when a supervisor other than you approves.",
		Errors:      []int{400, 401, 403, 404, 409, 415, 422, 429},
	}, s.requestClosure)
	step("approve-case-closure", "/cases/{id}/closure/approve", "Approve the pending closure (supervisors)",
		"The person who asked cannot approve their own request (403).", []int{401, 403, 404, 409, 422, 429}, s.approveClosure)
	step("reject-case-closure", "/cases/{id}/closure/reject", "Refuse the pending closure (supervisors)",
		"The case stays open.", []int{401, 403, 404, 409, 422, 429}, s.rejectClosure)
	step("reopen-case", "/cases/{id}/reopen", "Reopen a closed case (supervisors)",
		"An erased case cannot be reopened (409).", []int{401, 403, 404, 409, 422, 429}, s.reopenCase)
	huma.Register(a, huma.Operation{
		OperationID: "erase-case", Method: http.MethodPost, Path: "/cases/{id}/erase", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusNoContent,
		Summary: "Erase the person's data (org_admins)",
		Description: "Destroys the key of the person's data (crypto-shredding): names, contacts, narrative, notes and attachments " +
			"become unreadable for good; de-identified facts stay for statistics. Recorded in the audit trail. Cannot be undone. " +
			"The body repeats the case's code as a confirmation: a code that is not this case's erases nothing (422).",
		Errors: []int{400, 401, 403, 404, 415, 422, 429},
	}, s.eraseCase)
}

// caseEraseBody confirms an erasure by the case's code.
type caseEraseBody struct {
	Code string `json:"code" minLength:"1" doc:"The case's code, e.g. FRA-26-7K3FQ9, as a confirmation."`
}

// ruleConfirmCode: the code given to confirm an erasure is not the case's.
const ruleConfirmCode = "confirm_code"

func (s *server) setCaseStatus(ctx context.Context, in *struct {
	IDParam
	Body caseStatusBody
}) (*struct{}, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	if err := s.db.SetCaseStatus(ctx, id, casework.Status(in.Body.Status)); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{}{}, nil
}

func (s *server) requestClosure(ctx context.Context, in *struct {
	IDParam
	Body caseClosureBody
}) (*struct{}, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	// casework names the fields closure_status and closure_reason.
	loc := func(f string) string {
		switch f {
		case "closure_status":
			return "body.status"
		case "closure_reason":
			return "body.reason"
		}
		return "body." + f
	}
	if err := s.db.RequestClosure(ctx, id, casework.Status(in.Body.Status), in.Body.Reason); err != nil {
		return nil, s.fail(ctx, where(err, loc))
	}
	return &struct{}{}, nil
}

func (s *server) approveClosure(ctx context.Context, in *IDParam) (*struct{}, error) {
	return s.caseStep(ctx, in, s.db.ApproveClosure)
}

func (s *server) rejectClosure(ctx context.Context, in *IDParam) (*struct{}, error) {
	return s.caseStep(ctx, in, s.db.RejectClosure)
}

func (s *server) reopenCase(ctx context.Context, in *IDParam) (*struct{}, error) {
	return s.caseStep(ctx, in, s.db.ReopenCase)
}

func (s *server) eraseCase(ctx context.Context, in *struct {
	IDParam
	Body caseEraseBody
}) (*struct{}, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	err = s.db.EraseCaseConfirmed(ctx, id, in.Body.Code)
	if errors.Is(err, store.ErrCodeMismatch) {
		err = valid.Errors{valid.New("code", ruleConfirmCode, nil)}
	}
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{}{}, nil
}

// caseStep runs one bodiless workflow step on case {id}.
func (s *server) caseStep(ctx context.Context, in *IDParam, step func(context.Context, uuid.UUID) error) (*struct{}, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	if err := step(ctx, id); err != nil {
		return nil, s.fail(ctx, onErased(err))
	}
	return &struct{}{}, nil
}
