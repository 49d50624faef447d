package web

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// caseTransferRoutes registers HTCDS import (case writers) and export
// (PermCaseExport) of CSV files and the HTCDS v2.0 Excel template.
func (s *Server) caseTransferRoutes() {
	s.page("GET", "/cases/import", auth.PermCaseWrite, s.caseImportForm)
	s.page("POST", "/cases/import", auth.PermCaseWrite, s.caseImport)
	s.page("GET", "/imports/{id}", auth.PermCaseWrite, s.caseImportJob)
	s.page("GET", "/cases/export", auth.PermCaseExport, s.caseExport)
}

// maxImport is the largest file the import page accepts (the route's body
// limit leaves room for the rest of the form).
func maxImport() int64 { return htcds.MaxFileBytes }

// problemView is one broken rule of one row, in the reader's language.
type problemView struct {
	Row             int
	Column, Message string
	Rule            string
}

func (s *Server) caseImportForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "case_import", map[string]any{"Max": humanSize(langOf(r), maxImport()), "Errors": map[string]string{}})
}

// caseImport reads an uploaded file. All or nothing: with any bad row
// nothing is imported and every bad row is listed, unless "skip bad rows"
// was ticked, which imports the good rows and lists the skipped ones. The
// file is checked in the request (a refusal is this page again); an
// accepted file becomes an import job, whose page the browser is sent to.
func (s *Server) caseImport(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	data := map[string]any{"Max": humanSize(lang, maxImport()), "Errors": map[string]string{}, "Path": "/cases/import"}
	invalid := func(es valid.Errors) {
		data["Errors"] = caseErrors(lang, es)
		s.render(w, r, http.StatusUnprocessableEntity, "case_import", data)
	}
	// The whole body fits in memory: no plaintext temporary file.
	if err := r.ParseMultipartForm(maxImport() + formRoom); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			invalid(valid.Errors{valid.New("file", "too_large", map[string]any{"max_bytes": humanSize(lang, maxImport())})})
			return
		}
		invalid(valid.Errors{valid.New("file", valid.RuleRequired, nil)})
		return
	}
	defer func() { _ = r.MultipartForm.RemoveAll() }()
	skip := r.PostFormValue("skip_bad") == "1"
	data["SkipBad"] = skip
	file, hdr, err := r.FormFile("file")
	if err != nil {
		invalid(valid.Errors{valid.New("file", valid.RuleRequired, nil)})
		return
	}
	defer file.Close()
	format := htcds.FormatOf(hdr.Filename)
	if f := r.PostFormValue("format"); f != "" && f != "auto" {
		format, _ = htcds.ParseFormat(f)
	}
	if format == "" {
		invalid(valid.Errors{valid.New("format", valid.RuleOneOf, map[string]any{"allowed": []string{"csv", "xlsx"}})})
		return
	}
	job, err := s.db.StartImport(r.Context(), store.ImportRequest{File: io.LimitReader(file, maxImport()+1),
		Format: format, SkipBad: skip, Today: s.today()})
	if err == nil {
		http.Redirect(w, r, "/imports/"+job.ID.String(), http.StatusSeeOther)
		return
	}
	var refused *store.ImportRefused
	if errors.As(err, &refused) {
		s.importReport(data, lang, refused.Report)
	}
	var he *htcds.Error
	if fe := fault.As(err); fe != nil && fe.Kind == fault.RateLimited {
		setRetryAfter(w, err)
		data["FileError"] = i18n.T(lang, fe.Code, fe.Params)
		s.render(w, r, http.StatusTooManyRequests, "case_import", data)
		return
	}
	if errors.As(err, &he) {
		data["FileError"] = i18n.T(lang, he.Code, he.Params)
		s.render(w, r, statusOf(he), "case_import", data)
		return
	}
	if es, ok := asFieldErrors(err); ok {
		invalid(es)
		return
	}
	s.fail(w, r, err)
}

// importReport puts a report's problems and notices in the page's data.
func (s *Server) importReport(data map[string]any, lang string, rep htcds.Report) {
	data["Report"] = rep
	data["Problems"] = problemViews(lang, rep)
	var notices []string
	for _, n := range rep.Notices {
		notices = append(notices, i18n.T(lang, n.Code, n.Params))
	}
	data["Notices"] = notices
}

// importRefresh is how often a running job's page reloads itself.
const importRefresh = 2

// caseImportJob shows an import job of the reader's organisation: its
// progress while it runs (the page reloads itself, without JavaScript),
// then its report. Another organisation's job is not found.
func (s *Server) caseImportJob(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	id, err := uuid.Parse(r.PathValue("id"))
	if err != nil {
		s.notFound(w, r)
		return
	}
	job, err := s.db.ImportJob(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	data := map[string]any{"Job": job}
	s.importReport(data, lang, job.Report)
	if !job.Finished() {
		data["Refresh"] = importRefresh
	}
	if job.ErrorCode != "" {
		data["Reason"] = i18n.T(lang, job.ErrorCode, nil)
	}
	s.render(w, r, http.StatusOK, "case_import_job", data)
}

func problemViews(lang string, rep htcds.Report) []problemView {
	var out []problemView
	for _, b := range rep.BadRows {
		for _, p := range b.Problems {
			out = append(out, problemView{Row: b.Row, Column: p.Column, Message: i18n.T(lang, p.Code, p.Params), Rule: p.Rule})
		}
	}
	return out
}

// caseExport writes the cases matching the list's filters as an HTCDS CSV
// or Excel file, always as a download, through the export use case
// (store.ExportHTCDS: permission, then format; audited).
func (s *Server) caseExport(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Get("format") == "ctdc" {
		s.ctdcDownload(w, r)
		return
	}
	_, f, es := s.caseFilterOf(r)
	format := htcds.Format(r.URL.Query().Get("format"))
	if len(es) > 0 {
		s.exportInvalid(w, r, es)
		return
	}
	// Buffered, so that a refusal is a page and not half a download.
	var buf bytes.Buffer
	if _, err := s.db.ExportHTCDS(r.Context(), &buf, format, f); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.exportInvalid(w, r, es)
			return
		}
		s.fail(w, r, err)
		return
	}
	format, _ = htcds.ParseFormat(string(format))
	name := "passerelle-cases-" + s.now().UTC().Format("20060102") + "." + string(format)
	ct := "text/csv; charset=utf-8"
	if format == htcds.XLSX {
		ct = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Content-Disposition", `attachment; filename="`+path.Base(strings.ReplaceAll(name, `"`, ""))+`"`)
	if _, err := buf.WriteTo(w); err != nil {
		s.log.Error("export", "request_id", requestID(r), "err", err.Error())
	}
}

func (s *Server) exportInvalid(w http.ResponseWriter, r *http.Request, es valid.Errors) {
	s.render(w, r, http.StatusUnprocessableEntity, "case_import", map[string]any{
		"Max": humanSize(langOf(r), maxImport()), "Errors": caseErrors(langOf(r), es)})
}
