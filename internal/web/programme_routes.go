package web

import "github.com/passerelle-org/passerelle/internal/auth"

// programmeRoutes registers the programme pages: the landing page, then one
// block per programme (legislation, plans, trainings, campaigns, justice
// figures), each in its own files. Keep each block separate.
func (s *Server) programmeRoutes() {
	s.page("GET", "/programmes", auth.PermProgrammeView, s.programmes)

	// Legislation against the Protocol (programme_legislation*.go).
}
