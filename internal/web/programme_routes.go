package web

import "github.com/passerelle-org/passerelle/internal/auth"

// programmeRoutes registers the programme pages: the landing page, then one
// block per programme (legislation, plans, trainings, campaigns, justice
// figures), each in its own files. Keep each block separate.
func (s *Server) programmeRoutes() {
	s.page("GET", "/programmes", auth.PermProgrammeView, s.programmes)

	// Legislation against the Protocol (programme_legislation*.go).
	// Readers (analysts, donors' staff, supervisors) see the assessments and
	// their reports; coordinators create them and record the findings.
	s.page("GET", "/programmes/legislation", auth.PermProgrammeView, s.legislationHome)
	s.page("GET", "/programmes/legislation/new", auth.PermProgrammeEdit, s.legislationNew)
	s.page("POST", "/programmes/legislation/assessments", auth.PermProgrammeEdit, s.legislationCreate)
	s.page("GET", "/programmes/legislation/assessments/{id}", auth.PermProgrammeView, s.legislationAssessment)
	s.page("GET", "/programmes/legislation/assessments/{id}/items/{requirement}", auth.PermProgrammeEdit, s.legislationItem)
	s.page("POST", "/programmes/legislation/assessments/{id}/items/{requirement}", auth.PermProgrammeEdit, s.legislationItemSave)
	s.page("GET", "/programmes/legislation/assessments/{id}/gaps", auth.PermProgrammeView, s.legislationGaps)
	s.page("GET", "/programmes/legislation/assessments/{id}/gaps.csv", auth.PermProgrammeView, s.legislationGapsCSV)
	s.page("GET", "/programmes/legislation/assessments/{id}/gaps.xlsx", auth.PermProgrammeView, s.legislationGapsXLSX)
	s.page("GET", "/programmes/legislation/assessments/{id}/compare", auth.PermProgrammeView, s.legislationCompare)

	// National action plans (plan_*.go).
	s.planRoutes()

	// Trainings, campaigns and justice figures (outreach_routes.go).
	s.outreachRoutes()
}
