package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// An import runs in two steps. StartImport checks the request and the file
// at once (permission, format, the concurrency bounds, then htcds.Import,
// bounded in memory and time): a refused file is answered in the request
// and nothing is queued. The accepted cases are then created by a job in
// the process that accepted the file, which records its progress in
// import_jobs so that any server process on the database can show it. The
// file never reaches the database; the parsed cases live only in that
// process's memory, so a job whose process dies is failed (heartbeat older
// than ImportStaleAfter) by the next read of it or by SweepImportJobs, and
// the person is told to upload the file again. The cases are created in
// one transaction with the job's end: a job is done with all its cases, or
// failed with none.

// ImportStatus is where an import job is.
type ImportStatus string

// The statuses of an import job.
const (
	ImportQueued  ImportStatus = "queued"  // accepted, not started
	ImportRunning ImportStatus = "running" // creating cases
	ImportDone    ImportStatus = "done"    // every case created
	ImportFailed  ImportStatus = "failed"  // nothing created; ErrorCode says why
)

// Message codes of a failed job.
const (
	CodeImportInterrupted = "htcds.import.interrupted" // the process running it stopped
	CodeImportFailed      = "htcds.import.failed"      // the cases could not be saved
)

// Timing of jobs: progress is written at most every importProgressEvery, a
// running job's heartbeat every importBeat, and a job whose heartbeat is
// older than ImportStaleAfter is taken for dead (longer than the final
// transaction of the largest import on SQLite, where the heartbeat waits
// for the one writer).
const (
	importProgressEvery = time.Second
	importBeat          = 10 * time.Second
	ImportStaleAfter    = 3 * time.Minute
	importChunk         = 250 // cases sealed between progress checks
)

// ImportJob is an import's state as the database holds it.
type ImportJob struct {
	ID, OrgID   uuid.UUID
	RequestedBy uuid.UUID // uuid.Nil: the system
	Format      htcds.Format
	SkipBad     bool
	Status      ImportStatus
	RowsTotal   int // cases to create
	RowsDone    int // cases prepared (sealed) so far
	Created     int // cases created: RowsTotal when done, else 0
	Skipped     int // bad rows skipped
	ErrorCode   string
	// Report is the file's report, with Codes the codes of the cases
	// created, in file order (when done).
	Report     htcds.Report
	Codes      []string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	FinishedAt *time.Time
}

// Finished reports whether the job ended (done or failed).
func (j ImportJob) Finished() bool { return j.Status == ImportDone || j.Status == ImportFailed }

// ImportRefused is a file refused by StartImport with its report so far
// (every bad row); it unwraps to the *htcds.Error.
type ImportRefused struct {
	Report htcds.Report
	Err    error
}

func (e *ImportRefused) Error() string { return e.Err.Error() }
func (e *ImportRefused) Unwrap() error { return e.Err }

// importRun is an accepted import: the parsed cases, in this process only.
type importRun struct {
	job   ImportJob
	actor auth.Actor
	cases []*casework.Case
	leave func()
}

// sealedReport is what the report column holds, sealed.
type sealedReport struct {
	Report htcds.Report `json:"report"`
	Codes  []string     `json:"codes,omitempty"`
}

// WaitImports waits for the import jobs this process runs on db to end.
func (db *DB) WaitImports() { db.imports.Wait() }

// StartImport checks an HTCDS import (PermCaseWrite) and the file at once,
// then creates its cases in a job of this process and returns the job as
// queued. Errors (nothing queued): ErrForbidden, ErrNotFound (no
// organisation), valid.Errors on "format", CodeImportBusy
// (fault.RateLimited, with RetryAfter) when the organisation runs
// MaxImportsPerOrg jobs on any server process or this process runs
// MaxImportsRunning, and *ImportRefused for a file htcds refuses (its
// *htcds.Error is Invalid, or TooLarge for a file over a limit). The job
// start and end are audited ("case.import.start", "case.import.end"), and
// each case "case.create" with detail "import".
func (db *DB) StartImport(ctx context.Context, req ImportRequest) (ImportJob, error) {
	run, err := db.acceptImport(ctx, req)
	if err != nil {
		return ImportJob{}, err
	}
	db.imports.Add(1)
	go func() {
		defer db.imports.Done()
		// The request ends with its answer; the job keeps its actor.
		if _, err := db.runImport(context.WithoutCancel(ctx), run); err != nil {
			slog.Default().Error("import job failed", "job", run.job.ID.String(), "err", err.Error())
		}
	}()
	return run.job, nil
}

// acceptImport checks the request, parses the file and records the job.
func (db *DB) acceptImport(ctx context.Context, req ImportRequest) (*importRun, error) {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return nil, err
	}
	if a.OrgID == uuid.Nil {
		return nil, ErrNotFound
	}
	format, err := htcds.ParseFormat(string(req.Format))
	if err != nil {
		return nil, valid.Errors{valid.New("format", valid.RuleOneOf, map[string]any{"allowed": formats()})}
	}
	leave, ok := db.enterImport(a.OrgID)
	if !ok {
		return nil, errImportBusy()
	}
	ok = false
	defer func() {
		if !ok {
			leave()
		}
	}()
	// Before the parse, a cheap look at the other processes' jobs; the
	// count is checked again, under the organisation's lock, with the job.
	if n, err := db.activeImports(ctx, db.r, a.OrgID, now()); err != nil {
		return nil, err
	} else if n >= MaxImportsPerOrg {
		return nil, errImportBusy()
	}
	cases, rep, err := htcds.Import(req.File, format, htcds.Options{SkipBad: req.SkipBad, Today: req.Today})
	if err != nil {
		var he *htcds.Error
		if errors.As(err, &he) {
			return nil, &ImportRefused{Report: rep, Err: err}
		}
		return nil, err
	}
	for _, c := range cases {
		c.OrgID = a.OrgID
	}
	at := now()
	id, err := uuid.NewV7()
	if err != nil {
		return nil, err
	}
	job := ImportJob{ID: id, OrgID: a.OrgID, RequestedBy: a.UserID, Format: format, SkipBad: req.SkipBad,
		Status: ImportQueued, RowsTotal: len(cases), Skipped: rep.Skipped(), Report: rep, CreatedAt: at, UpdatedAt: at}
	sealed, err := db.sealReport(ctx, job.OrgID, job.ID, sealedReport{Report: rep})
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *tx) error {
		if err := t.lockOrg(ctx, a.OrgID); err != nil {
			return err
		}
		if n, err := db.activeImports(ctx, t, a.OrgID, at); err != nil {
			return err
		} else if n >= MaxImportsPerOrg {
			return errImportBusy()
		}
		if _, err := t.ExecContext(ctx, `INSERT INTO import_jobs (id, organisation_id, requested_by, format, skip_bad,
			status, rows_total, rows_done, created, skipped, report, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 0, 0, $8, $9, $10, $10)`,
			job.ID, job.OrgID, job.RequestedBy, string(format), req.SkipBad, job.Status, job.RowsTotal, job.Skipped,
			sealed, at); err != nil {
			return err
		}
		t.audit(event(a, a.OrgID, "case.import.start", "import", job.ID.String(),
			fmt.Sprintf("format=%s rows=%d cases=%d skipped=%d", format, rep.Rows, len(cases), job.Skipped)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	ok = true
	return &importRun{job: job, actor: a, cases: cases, leave: leave}, nil
}

// activeImports counts the organisation's jobs live at time at, in every
// process, on q (the reader pool or the write's transaction).
func (db *DB) activeImports(ctx context.Context, q querier, org uuid.UUID, at time.Time) (int, error) {
	var n int
	err := db.rowOn(ctx, q, `SELECT COUNT(*) FROM import_jobs WHERE organisation_id = $1 AND status IN ($2, $3)
		AND updated_at > $4`, org, ImportQueued, ImportRunning, at.Add(-ImportStaleAfter)).Scan(&n)
	return n, err
}

// runImport creates run's cases: sealed in chunks with progress, then
// inserted in one transaction that also ends the job. It returns the cases
// created; on failure the job is marked failed and nothing is created.
func (db *DB) runImport(ctx context.Context, run *importRun) ([]*casework.Case, error) {
	defer run.leave()
	job := run.job
	stop := make(chan struct{})
	beatDone := make(chan struct{})
	go func() {
		defer close(beatDone)
		tick := time.NewTicker(importBeat)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				_, _ = db.importProgress(ctx, job.ID, -1)
			}
		}
	}()
	cases, err := db.createImported(ctx, run)
	close(stop)
	<-beatDone
	if err != nil {
		code := CodeImportFailed
		if errors.Is(err, errJobGone) {
			code = CodeImportInterrupted
		}
		if ferr := db.failImport(ctx, run.actor, job, code); ferr != nil {
			return nil, errors.Join(err, ferr)
		}
		return nil, err
	}
	return cases, nil
}

// errJobGone is a job found no longer running (failed by a sweep).
var errJobGone = errors.New("import job no longer running")

func (db *DB) createImported(ctx context.Context, run *importRun) ([]*casework.Case, error) {
	job, a, cases := run.job, run.actor, run.cases
	if ok, err := db.importProgress(ctx, job.ID, 0); err != nil {
		return nil, err
	} else if !ok {
		return nil, errJobGone
	}
	ps := make([]preparedCase, 0, len(cases))
	last := time.Now()
	for start := 0; start < len(cases); start += importChunk {
		chunk := cases[start:min(start+importChunk, len(cases))]
		p, err := db.prepareCases(ctx, a, chunk, true)
		if err != nil {
			return nil, err
		}
		ps = append(ps, p...)
		if time.Since(last) >= importProgressEvery {
			last = time.Now()
			if ok, err := db.importProgress(ctx, job.ID, len(ps)); err != nil {
				return nil, err
			} else if !ok {
				return nil, errJobGone
			}
		}
	}
	prefixes := make([]string, len(ps))
	for i, p := range ps {
		prefixes[i] = p.c.Code
	}
	var codes []string
	err := db.write(ctx, func(t *tx) error {
		codes = codes[:0]
		for i, p := range ps {
			p.c.Code = prefixes[i]
		}
		if err := t.insertCases(ctx, a, ps, "import"); err != nil {
			return err
		}
		for _, p := range ps {
			codes = append(codes, p.c.Code)
		}
		sealed, err := db.sealReport(ctx, job.OrgID, job.ID, sealedReport{Report: job.Report, Codes: codes})
		if err != nil {
			return err
		}
		at := now()
		res, err := t.ExecContext(ctx, `UPDATE import_jobs SET status = $1, rows_done = $2, created = $2, report = $3,
			updated_at = $4, finished_at = $4 WHERE id = $5 AND status IN ($6, $7)`,
			ImportDone, len(ps), sealed, at, job.ID, ImportQueued, ImportRunning)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return errJobGone
		}
		t.audit(event(a, job.OrgID, "case.import.end", "import", job.ID.String(),
			fmt.Sprintf("status=done created=%d skipped=%d", len(ps), job.Skipped)))
		return nil
	})
	if err != nil {
		return nil, err
	}
	out := make([]*casework.Case, len(ps))
	for i, p := range ps {
		out[i] = p.c
	}
	return out, nil
}

// importProgress records rows done (-1: only the heartbeat) and marks the
// job running; false when the job is no longer queued or running.
func (db *DB) importProgress(ctx context.Context, id uuid.UUID, done int) (bool, error) {
	var ok bool
	err := db.write(ctx, func(t *tx) error {
		q := `UPDATE import_jobs SET status = $1, updated_at = $2 WHERE id = $3 AND status IN ($4, $5)`
		args := []any{ImportRunning, now(), id, ImportQueued, ImportRunning}
		if done >= 0 {
			q = `UPDATE import_jobs SET status = $1, updated_at = $2, rows_done = $6 WHERE id = $3 AND status IN ($4, $5)`
			args = append(args, done)
		}
		res, err := t.ExecContext(ctx, q, args...)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		ok = n > 0
		return err
	})
	return ok, err
}

// failImport marks a live job failed with code, audited as a's.
func (db *DB) failImport(ctx context.Context, a auth.Actor, job ImportJob, code string) error {
	return db.write(ctx, func(t *tx) error {
		return t.failImport(ctx, a, job.OrgID, job.ID, code, now().Add(time.Hour))
	})
}

// failImport marks job id failed with code if it is live and its heartbeat
// is older than before, and audits it.
func (t *tx) failImport(ctx context.Context, a auth.Actor, org, id uuid.UUID, code string, before time.Time) error {
	at := now()
	res, err := t.ExecContext(ctx, `UPDATE import_jobs SET status = $1, error_code = $2, updated_at = $3, finished_at = $3
		WHERE id = $4 AND status IN ($5, $6) AND updated_at < $7`,
		ImportFailed, code, at, id, ImportQueued, ImportRunning, before)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return err
	}
	t.audit(event(a, org, "case.import.end", "import", id.String(), "status=failed reason="+code))
	return nil
}

// ImportJob returns the import job id of the actor's organisation
// (PermCaseWrite; another organisation's is ErrNotFound). A live job
// whose heartbeat stopped is failed first (CodeImportInterrupted).
func (db *DB) ImportJob(ctx context.Context, id uuid.UUID) (ImportJob, error) {
	a, err := caseActor(ctx, auth.PermCaseWrite)
	if err != nil {
		return ImportJob{}, err
	}
	j, err := db.readImportJob(ctx, scopeOrg(a), id)
	if err != nil {
		return j, err
	}
	if !j.Finished() && j.UpdatedAt.Before(now().Add(-ImportStaleAfter)) {
		if err := db.write(ctx, func(t *tx) error {
			return t.failImport(ctx, a, j.OrgID, j.ID, CodeImportInterrupted, now().Add(-ImportStaleAfter))
		}); err != nil {
			return j, err
		}
		return db.readImportJob(ctx, scopeOrg(a), id)
	}
	return j, nil
}

func (db *DB) readImportJob(ctx context.Context, org, id uuid.UUID) (ImportJob, error) {
	j := ImportJob{ID: id}
	var format, status string
	var sealed []byte
	var finished sql.NullTime
	err := db.readRow(ctx, `SELECT organisation_id, requested_by, format, skip_bad, status, rows_total, rows_done,
		created, skipped, error_code, report, created_at, updated_at, finished_at FROM import_jobs
		WHERE id = $1 AND (organisation_id = $2 OR $3)`, id, org, org == uuid.Nil).
		Scan(&j.OrgID, &j.RequestedBy, &format, &j.SkipBad, &status, &j.RowsTotal, &j.RowsDone, &j.Created, &j.Skipped,
			&j.ErrorCode, &sealed, &j.CreatedAt, &j.UpdatedAt, &finished)
	if err != nil {
		return j, notFound(err)
	}
	j.Format, j.Status = htcds.Format(format), ImportStatus(status)
	j.CreatedAt, j.UpdatedAt = j.CreatedAt.UTC(), j.UpdatedAt.UTC()
	if finished.Valid {
		t := finished.Time.UTC()
		j.FinishedAt = &t
	}
	if len(sealed) > 0 {
		plain, err := db.keys.Open(ctx, j.OrgID, sealed, reportAAD(j.ID))
		if err != nil {
			return j, err
		}
		var sr sealedReport
		if err := json.Unmarshal(plain, &sr); err != nil {
			return j, err
		}
		j.Report, j.Codes = sr.Report, sr.Codes
	}
	return j, nil
}

// SweepImportJobs fails every live job whose heartbeat stopped (its process
// died), in every organisation, as the system; it returns how many. Server
// processes call it on their schedule; any of them may.
func (db *DB) SweepImportJobs(ctx context.Context) (int, error) {
	before := now().Add(-ImportStaleAfter)
	rows, err := db.read(ctx, `SELECT id, organisation_id FROM import_jobs WHERE status IN ($1, $2) AND updated_at < $3`,
		ImportQueued, ImportRunning, before)
	if err != nil {
		return 0, err
	}
	type ref struct{ id, org uuid.UUID }
	var stale []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.org); err != nil {
			rows.Close()
			return 0, err
		}
		stale = append(stale, r)
	}
	if err := rows.Close(); err != nil {
		return 0, err
	}
	sys := auth.SystemActor()
	for _, r := range stale {
		if err := db.write(ctx, func(t *tx) error {
			return t.failImport(ctx, sys, r.org, r.id, CodeImportInterrupted, before)
		}); err != nil {
			return 0, err
		}
	}
	return len(stale), nil
}

func (db *DB) sealReport(ctx context.Context, org, id uuid.UUID, r sealedReport) ([]byte, error) {
	b, err := json.Marshal(r)
	if err != nil {
		return nil, err
	}
	return db.keys.Seal(ctx, org, b, reportAAD(id))
}

func reportAAD(id uuid.UUID) []byte { return []byte("import_jobs.report|" + id.String()) }
