package web

import "github.com/passerelle-org/passerelle/internal/auth"

// datasetRoutes registers the statistics dataset pages: the list, a
// dataset's page (choose columns, see the table released under disclosure
// control, its chart) and the table's downloads. Datasets are the
// platform's: an unknown name is 404 for the statistics roles.
func (s *Server) datasetRoutes() {
	s.page("GET", "/datasets", auth.PermStatistics, s.datasetList)
	s.page("GET", "/datasets/{name}", auth.PermStatistics, s.datasetView)
	s.page("GET", "/datasets/{name}/table.csv", auth.PermStatistics, s.datasetCSV)
	s.page("GET", "/datasets/{name}/table.xlsx", auth.PermStatistics, s.datasetXLSX)
}
