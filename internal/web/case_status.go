package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// closureForm is the closure request as typed.
type closureForm struct {
	To, Reason string
}

// caseStatus moves an open case between Active and FollowUp.
func (s *Server) caseStatus(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.SetCaseStatus(r.Context(), id, casework.Status(r.PostFormValue("status")))
	s.afterWorkflow(w, r, id, err, "case.flash.status", map[string]any{}, "StatusErrors")
}

// caseClosureRequest asks a supervisor to close the case.
func (s *Server) caseClosureRequest(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	f := closureForm{To: r.PostFormValue("closure_status"), Reason: strings.TrimSpace(r.PostFormValue("closure_reason"))}
	err = s.db.RequestClosure(r.Context(), id, casework.Status(f.To), f.Reason)
	s.afterWorkflow(w, r, id, err, "case.flash.closure_requested", map[string]any{"ClosureForm": f}, "ClosureErrors")
}

// caseClosureApprove closes the case as requested (not by the requester).
func (s *Server) caseClosureApprove(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.ApproveClosure(r.Context(), id)
	if errors.Is(err, store.ErrForbidden) {
		s.showCase(w, r, http.StatusForbidden, map[string]any{"ApproveErrors": map[string]string{"status": s.t(r, "case.closure.own_request", nil)}})
		return
	}
	s.afterWorkflow(w, r, id, err, "case.flash.closure_approved", map[string]any{}, "ApproveErrors")
}

// caseClosureReject clears a pending closure request.
func (s *Server) caseClosureReject(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.RejectClosure(r.Context(), id)
	s.afterWorkflow(w, r, id, err, "case.flash.closure_rejected", map[string]any{}, "ApproveErrors")
}

// caseReopen brings a closed case back to Active.
func (s *Server) caseReopen(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	err = s.db.ReopenCase(r.Context(), id)
	s.afterWorkflow(w, r, id, err, "case.flash.reopened", map[string]any{}, "ApproveErrors")
}

// afterWorkflow answers a workflow step: back to the case on success, the
// case page with the messages (422) when the step is not allowed or the input
// is invalid, the error page otherwise. Supervisors acting from the
// approvals list return there.
func (s *Server) afterWorkflow(w http.ResponseWriter, r *http.Request, id uuid.UUID, err error, flash string, extra map[string]any, errKey string) {
	if es, ok := asFieldErrors(err); ok {
		extra[errKey] = caseErrors(langOf(r), es)
		s.showCase(w, r, http.StatusUnprocessableEntity, extra)
		return
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	s.flash(r, flash)
	if r.PostFormValue("return") == "approvals" {
		s.redirect(w, r, "/cases/approvals")
		return
	}
	s.redirect(w, r, "/cases/"+id.String()+"#status")
}
