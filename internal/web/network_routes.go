package web

import "github.com/passerelle-org/passerelle/internal/auth"

// networkRoutes registers the linkage run pages (issue 4) and the
// multiple-systems estimate (issue 5). The store decides who sees a run:
// another organisation's run id is 404.
func (s *Server) networkRoutes() {
	s.page("GET", "/network/runs", "", s.networkRuns)
	s.page("GET", "/network/runs/new", auth.PermLinkageRun, s.networkRunNew)
	s.page("POST", "/network/runs", auth.PermLinkageRun, s.networkRunCreate)
	s.page("GET", "/network/runs/{id}", "", s.networkRunView)
	s.page("POST", "/network/runs/{id}/approve", auth.PermLinkageApprove, s.networkRunApprove)
	s.page("POST", "/network/runs/{id}/upload", auth.PermLinkageApprove, s.networkRunUpload)
	s.page("POST", "/network/runs/{id}/decline", auth.PermLinkageApprove, s.networkRunDecline)
	s.page("POST", "/network/runs/{id}/match", auth.PermLinkageRun, s.networkRunMatch)
	s.page("GET", "/network/runs/{id}/results", "", s.networkRunResults)
	s.page("GET", "/network/runs/{id}/estimate", auth.PermEstimate, s.networkRunEstimate)
}
