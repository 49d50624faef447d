package web

import (
	"bytes"
	"html/template"
	"net/http"
	"net/url"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/donor"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// reportRoutes registers the donor report: a printable page and, with
// format=pdf, the same report as a PDF. Both are store.DonorReport (its
// permission, scope, disclosure control and audit).
func (s *Server) reportRoutes() {
	s.page("GET", "/reports/donor", auth.PermReport, s.donorReport)
}

func (s *Server) donorReport(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	q := r.URL.Query()
	req := donor.Request{From: q.Get("from"), To: q.Get("to"), Scope: donor.Scope(q.Get("scope"))}
	canNetwork := actorOf(r).Can(auth.PermReportNetwork)
	data := map[string]any{"From": req.From, "To": req.To, "CanNetwork": canNetwork, "Errors": map[string]string{}}
	scopes := func(cur donor.Scope) []choice {
		if cur == "" {
			cur = donor.ScopeOrganisation
		}
		var out []choice
		for _, sc := range donor.Scopes {
			out = append(out, choice{Value: sc, Label: i18n.T(lang, "report.page.scope."+sc, nil), Checked: sc == string(cur)})
		}
		return out
	}
	data["Scopes"] = scopes(req.Scope)
	rep, err := s.db.DonorReport(r.Context(), req)
	if err != nil {
		if es, ok := asFieldErrors(err); ok {
			data["Errors"] = caseErrors(lang, es)
			s.render(w, r, http.StatusUnprocessableEntity, "report_donor", data)
			return
		}
		s.fail(w, r, err)
		return
	}
	tr := func(code string, p map[string]any) string { return i18n.T(lang, code, p) }
	view := rep.View(tr)
	if q.Get("format") == "pdf" {
		var buf bytes.Buffer
		if err := donor.WritePDF(&buf, view, lang); err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Type", "application/pdf")
		w.Header().Set("Content-Disposition", `attachment; filename="passerelle-report-`+rep.Request.From+`-`+rep.Request.To+`.pdf"`)
		if _, err := buf.WriteTo(w); err != nil {
			s.log.Error("report", "request_id", requestID(r), "err", err.Error())
		}
		return
	}
	charts := make([][]template.HTML, len(view.Sections))
	for i, sec := range view.Sections {
		charts[i] = make([]template.HTML, len(sec.Tables))
		for j, t := range sec.Tables {
			if len(t.Bars) == 0 {
				continue
			}
			c := chart.BarChart{Title: t.Caption, Desc: tr("report.chart", map[string]any{"title": t.Caption}),
				Unit: tr("report.count", nil)}
			for _, b := range t.Bars {
				c.Bars = append(c.Bars, chart.Bar{Label: b.Label, Value: float64(b.Count), Display: b.Display, Suppressed: b.Suppressed})
			}
			charts[i][j] = chart.Bars(c)
		}
	}
	pdf := url.Values{"from": {rep.Request.From}, "to": {rep.Request.To}, "scope": {string(rep.Request.Scope)}, "format": {"pdf"}}
	data["From"], data["To"], data["Scopes"] = rep.Request.From, rep.Request.To, scopes(rep.Request.Scope)
	data["View"], data["Charts"], data["PDF"] = view, charts, "/reports/donor?"+pdf.Encode()
	s.render(w, r, http.StatusOK, "report_donor", data)
}
