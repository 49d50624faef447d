package api

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/store"
)

// HTCDS import and export. An import is the file itself as the body (CSV or
// the HTCDS v2.0 Excel template), read like an attachment: no huma body, a
// bounded raw read in a resolver. The file is checked in the request (a
// refused file is answered at once and nothing is queued); the cases are
// then created by a job (store.StartImport) whose progress GET
// /imports/{id} shows. It is all or nothing: one bad row and no case is
// created, every bad row is reported; skip_bad=true imports the good rows
// and reports the others as skipped. There is no synchronous mode: no
// client needs one, and a request held for the length of a large import is
// what the jobs remove.

// Media types of the two formats.
const (
	csvType  = "text/csv"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// TransferFormat is csv or xlsx.
type TransferFormat string

// Schema lists the formats.
func (TransferFormat) Schema(huma.Registry) *huma.Schema {
	return enumSchema("File format: csv, or xlsx (the HTCDS v2.0 Excel template).", []string{string(htcds.CSV), string(htcds.XLSX)})
}

type importInput struct {
	Format  TransferFormat `query:"format" doc:"Required."`
	SkipBad bool           `query:"skip_bad" doc:"Import the good rows and report the bad ones as skipped, instead of importing nothing."`
	body    []byte
	tooBig  bool
	failed  bool
}

// Resolve reads the file, at most htcds.MaxFileBytes of it.
func (in *importInput) Resolve(ctx huma.Context) []error {
	in.body, in.tooBig, in.failed = readBounded(ctx, htcds.MaxFileBytes)
	return nil
}

// ImportReport says what an import did: every bad row and why, and every
// repair, in the request's language. It never holds a cell's value.
type ImportReport struct {
	Format   TransferFormat `json:"format"`
	Sheet    string         `json:"sheet,omitempty"`
	Rows     int            `json:"rows" doc:"Data rows read."`
	Imported int            `json:"imported" doc:"Cases created."`
	Codes    []string       `json:"codes" doc:"Codes of the cases created, in file order."`
	BadRows  []ImportBadRow `json:"bad_rows"`
	Notices  []ImportNotice `json:"notices"`
}

// ImportBadRow is one refused row (skipped when skip_bad was asked).
type ImportBadRow struct {
	Row      int             `json:"row" doc:"As the spreadsheet numbers it (header = 1)."`
	Skipped  bool            `json:"skipped"`
	Problems []ImportProblem `json:"problems"`
}

// ImportProblem is one broken rule in one cell.
type ImportProblem struct {
	Column  string `json:"column"`
	Field   string `json:"field"`
	Rule    string `json:"rule"`
	Message string `json:"message"`
}

// ImportNotice is a repair or omission, counted over rows.
type ImportNotice struct {
	ID      string `json:"id"`
	Column  string `json:"column,omitempty"`
	Count   int    `json:"count"`
	Rows    []int  `json:"rows,omitempty"`
	Message string `json:"message"`
}

func importReportOut(r htcds.Report, lang string) ImportReport {
	out := ImportReport{Format: TransferFormat(r.Format), Sheet: r.Sheet, Rows: r.Rows, Imported: r.Imported,
		Codes: []string{}, BadRows: []ImportBadRow{}, Notices: []ImportNotice{}}
	for _, b := range r.BadRows {
		br := ImportBadRow{Row: b.Row, Skipped: b.Skipped}
		for _, p := range b.Problems {
			br.Problems = append(br.Problems, ImportProblem{Column: p.Column, Field: p.Field, Rule: p.Rule,
				Message: tr(lang, p.Code, p.Params)})
		}
		out.BadRows = append(out.BadRows, br)
	}
	for _, n := range r.Notices {
		out.Notices = append(out.Notices, ImportNotice{ID: n.ID, Column: n.Column, Count: n.Count, Rows: n.Rows,
			Message: tr(lang, n.Code, n.Params)})
	}
	return out
}

// ImportStatus is where an import job is.
type ImportStatus string

// Schema lists the statuses.
func (ImportStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("queued: accepted, not started; running: creating cases; done: every case created; "+
		"failed: nothing created, error says why.", []string{string(store.ImportQueued), string(store.ImportRunning),
		string(store.ImportDone), string(store.ImportFailed)})
}

// ImportJob is an import's progress and, once checked, its report.
type ImportJob struct {
	ID        string         `json:"id" format:"uuid"`
	Status    ImportStatus   `json:"status"`
	Format    TransferFormat `json:"format"`
	SkipBad   bool           `json:"skip_bad"`
	RowsTotal int            `json:"rows_total" doc:"Cases to create (the file's good rows)."`
	RowsDone  int            `json:"rows_done" doc:"Cases prepared so far; updated about every second."`
	Created   int            `json:"created" doc:"Cases created: rows_total once done, 0 before (all or nothing)."`
	Skipped   int            `json:"skipped" doc:"Bad rows skipped (skip_bad)."`
	ErrorCode string         `json:"error_code,omitempty" doc:"Why a failed job failed (a message id)."`
	Error     string         `json:"error,omitempty" doc:"The same, in the request's language."`
	// Report is the file's report; its codes are filled once done.
	Report     ImportReport `json:"report"`
	CreatedAt  time.Time    `json:"created_at"`
	UpdatedAt  time.Time    `json:"updated_at"`
	FinishedAt *time.Time   `json:"finished_at,omitempty"`
}

func importJobOut(j store.ImportJob, lang string) ImportJob {
	out := ImportJob{ID: j.ID.String(), Status: ImportStatus(j.Status), Format: TransferFormat(j.Format), SkipBad: j.SkipBad,
		RowsTotal: j.RowsTotal, RowsDone: j.RowsDone, Created: j.Created, Skipped: j.Skipped, ErrorCode: j.ErrorCode,
		Report: importReportOut(j.Report, lang), CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, FinishedAt: j.FinishedAt}
	if j.ErrorCode != "" {
		out.Error = tr(lang, j.ErrorCode, nil)
	}
	if j.Status != store.ImportDone {
		out.Report.Imported = 0
	}
	out.Report.Codes = append(out.Report.Codes, j.Codes...)
	return out
}

type importOutput struct {
	Location string `header:"Location"`
	Body     ImportJob
}

type importJobOutput struct{ Body ImportJob }

type exportInput struct {
	Format CaseExportFormat `query:"format" doc:"Required."`
	K      CTDCK            `query:"k"`
	CaseListQuery
}

// CaseListQuery is the list's filters, shared by the export (exported: huma
// fills only exported embedded structs).
type CaseListQuery struct {
	Status       []CaseStatus     `query:"status,explode" doc:"Only these statuses (repeat the parameter for several)."`
	Exploitation ExploitationType `query:"exploitation"`
	Country      string           `query:"country" doc:"Citizenship or any country of the journey (ISO alpha-3)."`
	AgeGroup     AgeGroup         `query:"age_group"`
	AssignedTo   string           `query:"assigned_to" format:"uuid" doc:"The caseworker."`
	Code         string           `query:"code" doc:"A case code or its beginning."`
	Name         string           `query:"name" doc:"Every word must match a name of the case (exact words, accents and case ignored). The search is audited."`
}

type exportOutput struct {
	ContentType        string `header:"Content-Type"`
	ContentDisposition string `header:"Content-Disposition"`
	CTDCReport         string `header:"X-Ctdc-Report" doc:"With format=ctdc: what anonymisation did, as JSON (CTDCReport)."`
	Body               []byte
}

func (s *server) registerCaseTransfer(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "import-cases", Method: http.MethodPost, Path: "/cases/import", Tags: caseTags, Security: secured,
		Summary: "Import cases from an HTCDS file", DefaultStatus: http.StatusAccepted,
		Description: "The body is the file: CSV (" + csvType + ") or the HTCDS v2.0 Excel template (" + xlsxType + "), " +
			"as format says. The file is checked at once: all or nothing, with one bad row no case is created and the " +
			"problem lists every bad row (errors[].location body.rows[N].<column>); with skip_bad=true the good rows " +
			"are imported and the bad ones reported as skipped. An accepted file answers 202 with the import job " +
			"(Location: /api/v1/imports/{id}), which creates the cases in the background: follow it with GET " +
			"/imports/{id}. Each case gets a new code. At most " + strconv.Itoa(store.MaxImportsPerOrg) +
			" imports of an organisation run at once: another is 429 with Retry-After.",
		Errors:      []int{400, 401, 403, 413, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermCaseWrite)},
	}, s.importCases)
	huma.Register(a, huma.Operation{
		OperationID: "get-import", Method: http.MethodGet, Path: "/imports/{id}", Tags: caseTags, Security: secured,
		Summary:     "An import job: status, progress and report",
		Description: "status queued or running while the cases are created (rows_done of rows_total), then done (created, the report with the cases' codes) or failed (error; nothing was created: upload the file again). Another organisation's job is 404.",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.getImport)
	huma.Register(a, huma.Operation{
		OperationID: "export-cases", Method: http.MethodGet, Path: "/cases/export", Tags: caseTags, Security: secured,
		Summary: "Export cases as an HTCDS file or a de-identified CTDC file (supervisors)",
		Description: "csv and xlsx: every case matching the filters, personal data included, as CSV or the HTCDS v2.0 Excel layout. " +
			ctdcExportDoc + " Recorded in the audit trail.",
		Errors:      []int{401, 403, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermCaseExport)},
	}, s.exportCases)
	documentImport(a)
}

// documentImport describes the import's body in the document, on a copy of
// the operation (see documentUpload).
func documentImport(a huma.API) {
	item := a.OpenAPI().Paths["/cases/import"]
	if item == nil || item.Post == nil {
		return
	}
	op := *item.Post
	file := &huma.Schema{Type: "string", Format: "binary", Description: "The HTCDS file, at most " + strconv.Itoa(htcds.MaxFileBytes>>20) + " MiB, " +
		strconv.Itoa(htcds.MaxRows) + " rows and " + strconv.Itoa(htcds.MaxCells) + " cells; an Excel file unpacks to at most " +
		strconv.Itoa(htcds.MaxUnpacked>>20) + " MiB."}
	op.RequestBody = &huma.RequestBody{Required: true, Content: map[string]*huma.MediaType{
		csvType: {Schema: file}, xlsxType: {Schema: file},
	}}
	item.Post = &op
}

// importCases translates the request to the import use case
// (store.ImportCases) and its answer to the report or a problem.
func (s *server) importCases(ctx context.Context, in *importInput) (*importOutput, error) {
	lang := langOf(ctx)
	switch {
	case in.failed:
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.400")
	case in.tooBig:
		return nil, newProblem(lang, http.StatusRequestEntityTooLarge, "api.detail.import_too_large",
			fieldProblem(lang, "body", ruleTooLarge, map[string]any{"max_bytes": htcds.MaxFileBytes}))
	case len(in.body) == 0:
		return nil, newProblem(lang, http.StatusBadRequest, "api.detail.body_required",
			fieldProblem(lang, "body", "required", nil))
	}
	if in.Format == "" {
		return nil, formatRequired(lang)
	}
	job, err := s.db.StartImport(ctx, store.ImportRequest{File: bytes.NewReader(in.body),
		Format: htcds.Format(in.Format), SkipBad: in.SkipBad, Today: s.now()})
	if err != nil {
		var ir *store.ImportRefused
		var rep htcds.Report
		if errors.As(err, &ir) {
			rep = ir.Report
		}
		return nil, s.importProblem(ctx, err, rep)
	}
	return &importOutput{Location: Prefix + "/imports/" + job.ID.String(), Body: importJobOut(job, lang)}, nil
}

// getImport reads an import job of the caller's organisation.
func (s *server) getImport(ctx context.Context, in *IDParam) (*importJobOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	job, err := s.db.ImportJob(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &importJobOutput{Body: importJobOut(job, langOf(ctx))}, nil
}

// importProblem turns an import failure into a problem: every problem of
// every bad row, the file-level reason, or a busy organisation (429 with
// Retry-After); the rest as the case register's failures.
func (s *server) importProblem(ctx context.Context, err error, rep htcds.Report) error {
	lang := langOf(ctx)
	var he *htcds.Error
	if fault.KindOf(err) == fault.RateLimited || !errors.As(err, &he) {
		return s.fail(ctx, where(err, func(field string) string {
			if field == "format" {
				return "query.format"
			}
			return "body." + field
		}))
	}
	switch {
	case he.ID == htcds.ErrBadRows:
		var fields []*FieldProblem
		for _, b := range rep.BadRows {
			for _, p := range b.Problems {
				fields = append(fields, &FieldProblem{
					Location: "body.rows[" + strconv.Itoa(b.Row) + "]." + p.Column,
					Rule:     p.Rule,
					Message: tr(lang, "api.import.row_message", map[string]any{"row": b.Row, "column": p.Column,
						"message": tr(lang, p.Code, p.Params)}),
					Params: map[string]any{"row": b.Row, "column": p.Column, "field": p.Field},
				})
			}
		}
		return newProblemData(lang, http.StatusUnprocessableEntity, "api.detail.import_bad_rows",
			map[string]any{"count": len(rep.BadRows), "rows": rep.Rows}, fields...)
	case he.FaultKind() == fault.TooLarge:
		p := newProblem(lang, http.StatusRequestEntityTooLarge, "api.detail.import_too_large",
			fieldProblem(lang, "body", ruleTooLarge, nil))
		p.Detail += " " + tr(lang, he.Code, he.Params)
		return p
	}
	p := newProblem(lang, http.StatusUnprocessableEntity, "api.detail.import_unreadable",
		fieldProblem(lang, "body", ruleInvalid, nil))
	p.Detail += " " + tr(lang, he.Code, he.Params)
	return p
}

// exportCases translates the request to the export use case
// (store.ExportHTCDS), which checks the permission before the format.
func (s *server) exportCases(ctx context.Context, in *exportInput) (*exportOutput, error) {
	if in.Format == formatCTDC {
		return s.exportCTDC(ctx, in)
	}
	f, err := in.CaseListQuery.filter(ctx)
	if err != nil {
		return nil, err
	}
	format := htcds.Format(in.Format)
	var buf bytes.Buffer
	if _, err := s.db.ExportHTCDS(ctx, &buf, format, f); err != nil {
		if es := fieldErrorsOf(err); len(es) == 1 && es[0].Field == "format" && in.Format == "" {
			return nil, formatRequired(langOf(ctx))
		}
		return nil, s.fail(ctx, where(err, inQuery))
	}
	name := "passerelle-cases-" + s.now().UTC().Format("2006-01-02") + "." + string(format)
	ct := csvType + "; charset=utf-8"
	if format == htcds.XLSX {
		ct = xlsxType
	}
	return &exportOutput{ContentType: ct, ContentDisposition: `attachment; filename="` + name + `"`, Body: buf.Bytes()}, nil
}

// filter turns the query into the store's filter.
func (q CaseListQuery) filter(ctx context.Context) (store.CaseFilter, error) {
	f := store.CaseFilter{Exploitation: string(q.Exploitation), Country: q.Country, AgeGroup: string(q.AgeGroup),
		Code: q.Code, Name: q.Name}
	for _, st := range q.Status {
		f.Status = append(f.Status, casework.Status(st))
	}
	if q.AssignedTo != "" {
		id, err := parseUUIDField(ctx, "query.assigned_to", q.AssignedTo)
		if err != nil {
			return f, err
		}
		f.AssignedTo = id
	}
	return f, nil
}

// formatRequired is the 422 for a missing format (huma's own message for a
// missing required parameter has no rule of ours).
func formatRequired(lang string) error {
	return newProblem(lang, http.StatusUnprocessableEntity, "api.detail.422",
		fieldProblem(lang, "query.format", "required", nil))
}
