package web

import "github.com/passerelle-org/passerelle/internal/auth"

// caseRoutes registers the case register's pages. The permission
// here is the first gate; the store scopes every read and write to the
// actor's organisation, so another organisation's case id is 404.
func (s *Server) caseRoutes() {
	s.page("GET", "/cases", auth.PermCaseRead, s.caseList)
	s.page("GET", "/cases/new", auth.PermCaseWrite, s.caseNew)
	s.page("POST", "/cases", auth.PermCaseWrite, s.caseCreate)
	s.page("GET", "/cases/approvals", auth.PermCaseApprove, s.caseApprovals)

	s.page("GET", "/cases/{id}", auth.PermCaseRead, s.caseView)
	s.page("GET", "/cases/{id}/edit", auth.PermCaseWrite, s.caseEdit)
	s.page("POST", "/cases/{id}", auth.PermCaseWrite, s.caseUpdate)

	// Guided screening interview and its results.
	s.page("GET", "/cases/{id}/screening", auth.PermCaseWrite, s.caseScreeningStart)
	s.page("POST", "/cases/{id}/screening", auth.PermCaseWrite, s.caseScreeningStep)
	s.page("GET", "/cases/{id}/screenings/{version}", auth.PermCaseRead, s.caseScreeningResult)

	// Consent per purpose.
	s.page("POST", "/cases/{id}/consents", auth.PermCaseWrite, s.caseConsentAdd)
	s.page("POST", "/cases/{id}/consents/{cid}/withdraw", auth.PermCaseWrite, s.caseConsentWithdraw)

	// Reintegration plan.
	s.page("POST", "/cases/{id}/plan", auth.PermCaseWrite, s.casePlanAdd)
	s.page("POST", "/cases/{id}/plan/{item}", auth.PermCaseWrite, s.casePlanUpdate)
	s.page("POST", "/cases/{id}/plan/{item}/follow-ups", auth.PermCaseWrite, s.casePlanFollowUp)

	// Notes and attachments.
	s.page("POST", "/cases/{id}/notes", auth.PermCaseWrite, s.caseNoteAdd)
	s.page("POST", "/cases/{id}/attachments", auth.PermCaseWrite, s.caseAttachmentAdd)
	s.page("GET", "/cases/{id}/attachments/{aid}", auth.PermCaseRead, s.caseAttachmentGet)

	// Status workflow: caseworkers ask, supervisors approve.
	s.page("POST", "/cases/{id}/status", auth.PermCaseWrite, s.caseStatus)
	s.page("POST", "/cases/{id}/closure", auth.PermCaseWrite, s.caseClosureRequest)
	s.page("POST", "/cases/{id}/closure/approve", auth.PermCaseApprove, s.caseClosureApprove)
	s.page("POST", "/cases/{id}/closure/reject", auth.PermCaseApprove, s.caseClosureReject)
	s.page("POST", "/cases/{id}/reopen", auth.PermCaseApprove, s.caseReopen)

	// Erasure (crypto-shredding) by an organisation administrator.
	s.page("GET", "/cases/erase", auth.PermCaseErase, s.caseEraseForm)
	s.page("POST", "/cases/{id}/erase", auth.PermCaseErase, s.caseErase)

	s.caseTransferRoutes()
}
