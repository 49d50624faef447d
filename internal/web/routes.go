package web

import "github.com/passerelle-org/passerelle/internal/auth"

// registerRoutes lists every page and action. Admin pages are registered by
// adminRoutes (admin_routes.go).
func (s *Server) registerRoutes() {
	s.public("GET", staticPattern, s.static)
	s.public("POST", "/language", s.language)

	s.public("GET", "/signin", s.signinForm)
	s.public("POST", "/signin", s.signin)
	s.public("GET", "/signin/two-factor", s.signinTOTPForm)
	s.public("POST", "/signin/two-factor", s.signinTOTP)
	s.public("GET", "/signin/organisation", s.chooseOrgForm)
	s.public("POST", "/signin/organisation", s.chooseOrg)
	s.page("POST", "/signout", "", s.signout)

	s.page("GET", "/{$}", "", s.home)

	s.page("GET", "/account", auth.PermAccountSelf, s.account)
	s.page("POST", "/account/password", auth.PermAccountSelf, s.accountPassword)
	s.page("POST", "/account/tokens", auth.PermAccountSelf, s.accountTokenCreate)
	s.page("POST", "/account/tokens/{id}/revoke", auth.PermAccountSelf, s.accountTokenRevoke)
	s.page("GET", "/account/two-factor", auth.PermAccountSelf, s.twoFactorPage)
	s.page("POST", "/account/two-factor", auth.PermAccountSelf, s.twoFactorEnrol)
	s.page("POST", "/account/two-factor/disable", auth.PermAccountSelf, s.twoFactorDisable)

	s.adminRoutes()
	s.caseRoutes()
	s.ctdcRoutes()
	s.reportRoutes()
	s.linkrunRoutes()
	s.statisticsRoutes()
	s.programmeRoutes()
	s.directoryRoutes()
	s.notifyRoutes()
	s.datasetRoutes()
	s.referralRoutes()

	// Anything else is a 404 page in the visitor's language (not in Routes()).
	s.mux.HandleFunc("/", s.notFound)
}
