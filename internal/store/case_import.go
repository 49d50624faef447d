package store

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Importing and exporting cases as HTCDS files is one use case each, owned
// here: the pages, the API and "passerelle cases" only turn their medium
// (an upload, a request body, a file) into an ImportRequest and the result
// into their answer.

// ImportRequest is an HTCDS file to import into the actor's organisation.
type ImportRequest struct {
	File    io.Reader    // read at most htcds.MaxFileBytes (+1 to detect more)
	Format  htcds.Format // csv or xlsx
	SkipBad bool         // import the good rows and report the bad ones, instead of nothing
	Today   time.Time    // dates may not pass it (zero: now)
}

// ImportResult is what an import did: the report (every bad row and
// repair, never a cell's value) and the cases created, codes set, in file
// order.
type ImportResult struct {
	JobID  uuid.UUID
	Report htcds.Report
	Cases  []*casework.Case
}

// Limits on concurrent imports: each holds a file and its cases in memory,
// so a few uploads at once must not take the server's memory.
const (
	MaxImportsPerOrg  = 2
	MaxImportsRunning = 4
	ImportRetryAfter  = 30 * time.Second
)

// CodeImportBusy is the message code of the refusal when the limits above
// are reached (fault.RateLimited, RetryAfter ImportRetryAfter).
const CodeImportBusy = "htcds.import.busy"

func errImportBusy() error {
	return &fault.Error{Kind: fault.RateLimited, Code: CodeImportBusy,
		Params: map[string]any{"seconds": int(ImportRetryAfter / time.Second)}, RetryAfter: ImportRetryAfter}
}

// importGate counts the imports running, per organisation and in all, in
// one handle (a server process has one; tests have many, side by side).
type importGate struct {
	sync.Mutex
	byOrg map[uuid.UUID]int
	all   int
}

// enterImport takes a place for org, or returns false when none is free.
func (db *DB) enterImport(org uuid.UUID) (leave func(), ok bool) {
	g := &db.gate
	g.Lock()
	defer g.Unlock()
	if g.byOrg == nil {
		g.byOrg = map[uuid.UUID]int{}
	}
	if g.byOrg[org] >= MaxImportsPerOrg || g.all >= MaxImportsRunning {
		return nil, false
	}
	g.byOrg[org]++
	g.all++
	return func() {
		g.Lock()
		defer g.Unlock()
		g.all--
		if g.byOrg[org]--; g.byOrg[org] == 0 {
			delete(g.byOrg, org)
		}
	}, true
}

// ImportCases imports an HTCDS file (PermCaseWrite) into the actor's
// organisation and waits for the end: StartImport's checks and job, run in
// the caller's goroutine (for "passerelle cases import", one process). The
// result holds the job's id, the report and the cases created, in file
// order. Errors: StartImport's (an *ImportRefused carries the report, also
// set in the result), or the job's failure (nothing created, the job
// failed).
func (db *DB) ImportCases(ctx context.Context, req ImportRequest) (ImportResult, error) {
	var res ImportResult
	run, err := db.acceptImport(ctx, req)
	if err != nil {
		var ir *ImportRefused
		if errors.As(err, &ir) {
			res.Report = ir.Report
		}
		return res, err
	}
	res.JobID, res.Report = run.job.ID, run.job.Report
	cases, err := db.runImport(ctx, run)
	if err != nil {
		return res, err
	}
	res.Cases = cases
	return res, nil
}

// ExportHTCDS writes the cases of the actor's organisation matching f
// (PermCaseExport, checked before anything else) to w as an HTCDS file,
// and returns how many. ExportCases audits the export. A format other than
// csv or xlsx is valid.Errors on "format".
func (db *DB) ExportHTCDS(ctx context.Context, w io.Writer, format htcds.Format, f CaseFilter) (int, error) {
	if _, err := caseActor(ctx, auth.PermCaseExport); err != nil {
		return 0, err
	}
	format, err := htcds.ParseFormat(string(format))
	if err != nil {
		return 0, valid.Errors{valid.New("format", valid.RuleOneOf, map[string]any{"allowed": formats()})}
	}
	cases, err := db.ExportCases(ctx, f)
	if err != nil {
		return 0, err
	}
	return len(cases), htcds.Export(w, format, cases)
}

func formats() []string { return []string{string(htcds.CSV), string(htcds.XLSX)} }
