package web

import "github.com/passerelle-org/passerelle/internal/auth"

// linkrunRoutes registers the linkage run pages and the multiple-systems
// estimate. The store decides who sees a run (by the linkrun predicates):
// another organisation's run id is 404. The URLs keep /network/runs.
func (s *Server) linkrunRoutes() {
	s.page("GET", "/network/runs", "", s.runList)
	s.page("GET", "/network/runs/new", auth.PermLinkageRun, s.runNew)
	s.page("POST", "/network/runs", auth.PermLinkageRun, s.runCreate)
	s.page("GET", "/network/runs/{id}", "", s.runView)
	s.page("POST", "/network/runs/{id}/approve", auth.PermLinkageApprove, s.runApprove)
	s.page("POST", "/network/runs/{id}/upload", auth.PermLinkageApprove, s.runUpload)
	s.page("POST", "/network/runs/{id}/decline", auth.PermLinkageApprove, s.runDecline)
	s.page("POST", "/network/runs/{id}/match", auth.PermLinkageRun, s.runMatch)
	s.page("GET", "/network/runs/{id}/results", "", s.runResults)
	s.page("GET", "/network/runs/{id}/estimate", auth.PermEstimate, s.runEstimate)
}
