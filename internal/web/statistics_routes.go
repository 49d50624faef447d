package web

import "github.com/passerelle-org/passerelle/internal/auth"

// statisticsRoutes registers the statistics pages: the dashboard of the
// actor's role, a table of the actor's choosing, its downloads, and the SDG
// indicator 16.2.2. Every figure comes from store.CaseStatistics, which
// scopes, counts and releases it through disclosure control.
func (s *Server) statisticsRoutes() {
	s.page("GET", "/statistics", auth.PermCaseStatistics, s.statsDashboard)
	s.page("GET", "/statistics/table", auth.PermCaseStatistics, s.statsTable)
	s.page("GET", "/statistics/cases.csv", auth.PermCaseStatistics, s.statsCSV)
	s.page("GET", "/statistics/cases.xlsx", auth.PermCaseStatistics, s.statsXLSX)
	s.page("GET", "/statistics/sdg", auth.PermStatisticsNetwork, s.statsSDG)
}
