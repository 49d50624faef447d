package web

import (
	"bytes"
	"net/http"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/programme/planexport"
)

// The plan's files. store.ExportActionPlan reads the plan and audits the
// export; planexport writes the file.

func (s *Server) planExport(w http.ResponseWriter, r *http.Request, format, contentType, suffix string,
	write func(*bytes.Buffer, plan.Detail, account.Organisation) error) {
	id, err := pathID(r, "id")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	d, org, err := s.db.ExportActionPlan(r.Context(), id, format)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := write(&buf, d, org); err != nil {
		s.fail(w, r, err)
		return
	}
	name := "action-plan-" + d.Plan.Country + "-" + d.Plan.StartsOn[:4] + suffix
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	_, _ = buf.WriteTo(w)
}

// planExportXLSX is the ministry's workbook, in the reader's language.
func (s *Server) planExportXLSX(w http.ResponseWriter, r *http.Request) {
	s.planExport(w, r, "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx",
		func(b *bytes.Buffer, d plan.Detail, o account.Organisation) error {
			return planexport.Excel(b, langOf(r), d, o, s.today())
		})
}

// planExportCSV is the activities as CSV.
func (s *Server) planExportCSV(w http.ResponseWriter, r *http.Request) {
	s.planExport(w, r, "csv", "text/csv; charset=utf-8", ".csv", func(b *bytes.Buffer, d plan.Detail, _ account.Organisation) error {
		return planexport.CSV(b, d, s.today())
	})
}

// planExportIATI is the IATI activity file.
func (s *Server) planExportIATI(w http.ResponseWriter, r *http.Request) {
	s.planExport(w, r, "iati", "application/xml", "-iati.xml", func(b *bytes.Buffer, d plan.Detail, o account.Organisation) error {
		return planexport.IATI(b, langOf(r), d, o, s.now())
	})
}
