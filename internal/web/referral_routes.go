package web

import "github.com/passerelle-org/passerelle/internal/auth"

// referralRoutes registers the referral pages: from a case, choose the
// receiver, then the services and the message, then the fields to share;
// the lists of referrals received and sent; one referral with its steps.
// Every rule is the store's (CreateReferral, StepReferral, Shareable).
func (s *Server) referralRoutes() {
	// The receiver is a parameter (?to=, or the form's "to"): choosing one
	// from the public directory is not a record of the organisation's own.
	s.page("GET", "/cases/{id}/refer", auth.PermCaseWrite, s.referralChoose)
	s.page("POST", "/cases/{id}/refer", auth.PermCaseWrite, s.referralSubmit)
	s.page("GET", "/referrals", auth.PermCaseRead, s.referralList)
	s.page("GET", "/referrals/{id}", auth.PermCaseRead, s.referralView)
	s.page("POST", "/referrals/{id}/step", auth.PermCaseWrite, s.referralStep)
	s.page("POST", "/referrals/{id}/outcomes", auth.PermCaseWrite, s.referralOutcome)
	s.pathwayRoutes()
}

// pathwayRoutes registers the referral pathways: network information every
// signed-in user reads and prints, coordinators keep.
func (s *Server) pathwayRoutes() {
	s.page("GET", "/pathways", auth.PermDirectory, s.pathwayList)
	s.page("GET", "/pathways/new", auth.PermDirectoryCurate, s.pathwayNew)
	s.page("POST", "/pathways/new", auth.PermDirectoryCurate, s.pathwaySave)
	s.page("GET", "/pathways/{id}", auth.PermDirectory, s.pathwayView)
	s.page("GET", "/pathways/{id}/edit", auth.PermDirectoryCurate, s.pathwayEdit)
	s.page("POST", "/pathways/{id}/edit", auth.PermDirectoryCurate, s.pathwaySave)
}
