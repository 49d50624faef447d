package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// ctdcRoutes registers the CTDC submission page; its download is the case
// export's third format (GET /cases/export?format=ctdc&k=N, caseExport).
// Both go through store.ExportCTDC (PermCaseExport, audited).
func (s *Server) ctdcRoutes() {
	s.page("GET", "/cases/export/ctdc", auth.PermCaseExport, s.ctdcPage)
}

// ctdcK reads k from the query: absent is the default; anything else not a
// whole number is the range rule, as the domain words it.
func ctdcK(r *http.Request) (int, valid.Errors) {
	v := strings.TrimSpace(r.URL.Query().Get("k"))
	if v == "" {
		return ctdc.DefaultK, nil
	}
	k, err := strconv.Atoi(v)
	if err != nil {
		k = -1
	}
	o := ctdc.Options{K: k}
	if err := o.Validate(); err != nil {
		es, _ := asFieldErrors(err)
		return k, es
	}
	return k, nil
}

// ctdcPage explains the file, takes k, and shows what the file will hold
// (the report of store.ExportCTDC without the file) beside its download.
func (s *Server) ctdcPage(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	k, es := ctdcK(r)
	data := map[string]any{"K": r.URL.Query().Get("k"), "Min": ctdc.MinK, "Max": ctdc.MaxK, "Errors": map[string]string{}}
	if data["K"] == "" {
		data["K"] = strconv.Itoa(ctdc.DefaultK)
	}
	if len(es) > 0 {
		data["Errors"] = caseErrors(lang, es)
		s.render(w, r, http.StatusUnprocessableEntity, "ctdc_export", data)
		return
	}
	rep, err := s.db.ExportCTDC(r.Context(), nil, ctdc.Options{K: k})
	if err != nil {
		if es, ok := asFieldErrors(err); ok {
			data["Errors"] = caseErrors(lang, es)
			s.render(w, r, http.StatusUnprocessableEntity, "ctdc_export", data)
			return
		}
		s.fail(w, r, err)
		return
	}
	data["Report"] = rep.Lines(func(code string, p map[string]any) string { return i18n.T(lang, code, p) })
	data["Download"] = "/cases/export?format=ctdc&k=" + strconv.Itoa(k)
	s.render(w, r, http.StatusOK, "ctdc_export", data)
}

// ctdcFilters are the list's filters, which a CTDC file refuses (as the
// API does): it always holds the whole register, since two files of
// overlapping parts could be subtracted.
var ctdcFilters = []string{"status", "exploitation", "country", "age_group", "assigned_to", "code", "name"}

// ctdcDownload writes the CTDC file (caseExport's format=ctdc).
func (s *Server) ctdcDownload(w http.ResponseWriter, r *http.Request) {
	k, es := ctdcK(r)
	for _, f := range ctdcFilters {
		if strings.TrimSpace(r.URL.Query().Get(f)) != "" {
			es.Add(valid.New(f, ctdc.RuleWhole, nil))
		}
	}
	if len(es) > 0 {
		s.render(w, r, http.StatusUnprocessableEntity, "ctdc_export", map[string]any{
			"K": r.URL.Query().Get("k"), "Min": ctdc.MinK, "Max": ctdc.MaxK, "Errors": caseErrors(langOf(r), es)})
		return
	}
	var buf bytes.Buffer
	if _, err := s.db.ExportCTDC(r.Context(), &buf, ctdc.Options{K: k}); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="passerelle-ctdc-`+s.now().UTC().Format("20060102")+`.csv"`)
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Error("export", "request_id", requestID(r), "err", err.Error())
	}
}
