package web

import "github.com/passerelle-org/passerelle/internal/auth"

// planRoutes registers the national action plans' pages under
// /programmes/plans. The store scopes every plan to the organisation that
// keeps it: every holder of programme.view reads it, another organisation's
// plan is 404 to its forms and writes.
func (s *Server) planRoutes() {
	view, edit := auth.PermProgrammeView, auth.PermProgrammeEdit
	s.page("GET", "/programmes/plans", view, s.planList)
	s.page("GET", "/programmes/plans/new", edit, s.planNew)
	s.page("POST", "/programmes/plans", edit, s.planCreate)
	s.page("GET", "/programmes/plans/{id}", view, s.planView)
	s.page("GET", "/programmes/plans/{id}/edit", edit, s.planEdit)
	s.page("POST", "/programmes/plans/{id}", edit, s.planUpdate)
	s.page("GET", "/programmes/plans/{id}/export.xlsx", view, s.planExportXLSX)
	s.page("GET", "/programmes/plans/{id}/export.csv", view, s.planExportCSV)
	s.page("GET", "/programmes/plans/{id}/iati.xml", view, s.planExportIATI)
	s.page("GET", "/programmes/plans/{id}/activities/new", edit, s.planActivityNew)
	s.page("POST", "/programmes/plans/{id}/activities", edit, s.planActivityCreate)
	s.page("GET", "/programmes/plans/{id}/activities/{item}", edit, s.planActivityEdit)
	s.page("POST", "/programmes/plans/{id}/activities/{item}", edit, s.planActivityUpdate)
	s.page("GET", "/programmes/plans/{id}/objectives/new", edit, s.planObjectiveNew)
	s.page("POST", "/programmes/plans/{id}/objectives", edit, s.planObjectiveCreate)
	s.page("GET", "/programmes/plans/{id}/indicators/new", edit, s.planIndicatorNew)
	s.page("POST", "/programmes/plans/{id}/indicators", edit, s.planIndicatorCreate)
	s.page("GET", "/programmes/plans/{id}/indicators/{item}/values", edit, s.planValueNew)
	s.page("POST", "/programmes/plans/{id}/indicators/{item}/values", edit, s.planValueCreate)
	s.page("GET", "/programmes/plans/{id}/projects/new", edit, s.planProjectNew)
	s.page("POST", "/programmes/plans/{id}/projects", edit, s.planProjectCreate)
}
