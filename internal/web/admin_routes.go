package web

import "github.com/passerelle-org/passerelle/internal/auth"

// adminRoutes registers the administration pages and the network directory.
// The permission here is the first gate; the store then scopes every read and
// write to the actor's organisation (another organisation's id is 404).
func (s *Server) adminRoutes() {
	s.page("GET", "/admin", auth.PermOrgView, s.adminHome)

	// Organisations: platform administrators list and create; an organisation
	// administrator views and edits their own.
	s.page("GET", "/admin/organisations", auth.PermOrgListAll, s.adminOrgList)
	s.page("GET", "/admin/organisations/new", auth.PermOrgCreate, s.adminOrgNew)
	s.page("POST", "/admin/organisations", auth.PermOrgCreate, s.adminOrgCreate)
	s.page("GET", "/admin/organisations/{id}", auth.PermOrgView, s.adminOrgView)
	s.page("GET", "/admin/organisations/{id}/edit", auth.PermOrgEdit, s.adminOrgEditForm)
	s.page("POST", "/admin/organisations/{id}", auth.PermOrgEdit, s.adminOrgUpdate)

	// Users of an organisation.
	s.page("GET", "/admin/users", auth.PermUserView, s.adminUsersHome)
	s.page("GET", "/admin/organisations/{org}/users", auth.PermUserView, s.adminUserList)
	s.page("GET", "/admin/organisations/{org}/users/new", auth.PermUserManage, s.adminUserNew)
	s.page("POST", "/admin/organisations/{org}/users", auth.PermUserManage, s.adminUserCreate)
	s.page("GET", "/admin/organisations/{org}/users/{id}", auth.PermUserManage, s.adminUserView)
	s.page("POST", "/admin/organisations/{org}/users/{id}/role", auth.PermUserManage, s.adminUserRole)
	s.page("POST", "/admin/organisations/{org}/users/{id}/disable", auth.PermUserManage, s.adminUserDisable)
	s.page("POST", "/admin/organisations/{org}/users/{id}/enable", auth.PermUserManage, s.adminUserEnable)
	s.page("POST", "/admin/organisations/{org}/users/{id}/password", auth.PermUserManage, s.adminUserResetPassword)
	s.page("POST", "/admin/organisations/{org}/users/{id}/unlock", auth.PermUserManage, s.adminUserUnlock)

	// The acting organisation's audit trail.
	s.page("GET", "/admin/audit", auth.PermAuditView, s.adminAudit)

	// The network directory, for everyone signed in.
	s.page("GET", "/directory", auth.PermDirectory, s.directory)
}
