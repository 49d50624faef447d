package web

import "github.com/passerelle-org/passerelle/internal/auth"

// directoryRoutes registers the directory of services beyond its search page
// (GET /directory, admin_routes.go). The gate is the directory itself; who
// may edit which entry, export or import is the store's rule.
func (s *Server) directoryRoutes() {
	s.page("GET", "/directory/organisations/{id}/edit", auth.PermDirectory, s.directoryEditForm)
	s.page("POST", "/directory/organisations/{id}/edit", auth.PermDirectory, s.directoryUpdate)
	s.page("GET", "/directory/export", auth.PermDirectoryCurate, s.directoryExport)
	s.page("POST", "/directory/import", auth.PermDirectoryCurate, s.directoryImport)
}
