package store

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
)

// TestStartImport: a refused file is answered at once with its report and
// queues nothing; an accepted one becomes a job that ends done with its
// counts, report and codes, audited at start and end; the report is sealed;
// another organisation cannot see the job.
func TestStartImport(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()

		_, err := db.StartImport(ctx, importReq(importFile, false))
		var ir *ImportRefused
		var he *htcds.Error
		if !errors.As(err, &ir) || !errors.As(err, &he) || he.ID != htcds.ErrBadRows || len(ir.Report.BadRows) != 1 {
			t.Fatalf("bad rows: %v", err)
		}
		if n := count(t, db, "import_jobs"); n != 0 {
			t.Fatalf("a refused file queued %d jobs", n)
		}
		if _, err := db.StartImport(w.asAdminA(), importReq(importFile, true)); !errors.Is(err, ErrForbidden) {
			t.Fatalf("organisation administrator: %v", err)
		}

		// A heading the file invents is quoted by the report: the report is
		// sealed, so it is not in the database in clear.
		file := strings.Replace(importFile, "prs_Citizenship", "prs_Citizenship,Adresse Kouyaté", 1)
		job, err := db.StartImport(ctx, importReq(file, true))
		if err != nil || job.Status != ImportQueued || job.RowsTotal != 2 || job.Skipped != 1 {
			t.Fatalf("start: %v %+v", err, job)
		}
		db.WaitImports()
		got, err := db.ImportJob(ctx, job.ID)
		if err != nil || got.Status != ImportDone || got.RowsDone != 2 || got.Created != 2 || got.Skipped != 1 ||
			len(got.Codes) != 2 || len(got.Report.BadRows) != 1 || got.Report.BadRows[0].Row != 3 || got.FinishedAt == nil ||
			got.RequestedBy != w.caseA.ID || got.ErrorCode != "" {
			t.Fatalf("job: %v %+v", err, got)
		}
		if _, ok := got.Report.Notice(htcds.NoticeUnknownColumn, "Adresse Kouyaté"); !ok {
			t.Fatalf("report notices: %+v", got.Report.Notices)
		}
		var raw []byte
		must(t, db.w.QueryRow(`SELECT report FROM import_jobs WHERE id = $1`, job.ID).Scan(&raw))
		if len(raw) == 0 || bytes.Contains(raw, []byte("Kouyat")) || bytes.Contains(raw, []byte(got.Codes[0])) {
			t.Fatal("the report is stored in clear")
		}
		for _, code := range got.Codes {
			list, err := db.ListCases(ctx, CaseFilter{Code: code})
			if err != nil || len(list.Items) != 1 {
				t.Fatalf("case %s: %v %d", code, err, len(list.Items))
			}
		}
		acts := strings.Join(auditActions(t, db, w.orgA.ID), " ")
		if !strings.Contains(acts, "case.import.start") || !strings.Contains(acts, "case.import.end") {
			t.Fatalf("job not audited: %s", acts)
		}
		verifyAudit(t, db)

		if _, err := db.ImportJob(w.asCaseB(), job.ID); !errors.Is(err, ErrNotFound) {
			t.Fatalf("another organisation: %v", err)
		}
		if _, err := db.ImportJob(ctx, uuid.New()); !errors.Is(err, ErrNotFound) {
			t.Fatalf("no such job: %v", err)
		}
		if _, err := db.ImportJob(w.asAdminA(), job.ID); !errors.Is(err, ErrForbidden) {
			t.Fatalf("without the permission: %v", err)
		}
	})
}

// TestImportJobsAcrossProcesses: live jobs recorded by other server
// processes count against the organisation's bound, and a job whose process
// stopped is failed by the next read or by the sweep, audited.
func TestImportJobsAcrossProcesses(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		// Jobs of another process: rows only, that process holds the cases.
		other := func(updated time.Time) uuid.UUID {
			id := uuid.Must(uuid.NewV7())
			_, err := db.w.Exec(`INSERT INTO import_jobs (id, organisation_id, requested_by, format, skip_bad, status,
				rows_total, rows_done, created, skipped, created_at, updated_at)
				VALUES ($1, $2, $3, 'csv', $4, 'running', 10, 3, 0, 0, $5, $5)`, id, w.orgA.ID, w.caseA.ID, false, updated)
			must(t, err)
			return id
		}
		var live []uuid.UUID
		for range MaxImportsPerOrg {
			live = append(live, other(now()))
		}
		_, err := db.StartImport(ctx, importReq(importFile, true))
		if fe := fault.As(err); fe == nil || fe.Kind != fault.RateLimited || fe.Code != CodeImportBusy || fe.RetryAfter <= 0 {
			t.Fatalf("bound across processes: %v", err)
		}
		if _, err := db.StartImport(w.asCaseB(), importReq(importFile, true)); err != nil {
			t.Fatalf("another organisation: %v", err)
		}

		// Both processes die: their heartbeats stop.
		old := now().Add(-ImportStaleAfter - time.Minute)
		_, err = db.w.Exec(`UPDATE import_jobs SET updated_at = $1 WHERE organisation_id = $2`, old, w.orgA.ID)
		must(t, err)
		j, err := db.ImportJob(ctx, live[0])
		if err != nil || j.Status != ImportFailed || j.ErrorCode != CodeImportInterrupted || j.Created != 0 || j.FinishedAt == nil {
			t.Fatalf("read of a dead job: %v %+v", err, j)
		}
		n, err := db.SweepImportJobs(sysCtx())
		if err != nil || n != 1 {
			t.Fatalf("sweep: %d %v", n, err)
		}
		if j, _ := db.ImportJob(ctx, live[1]); j.Status != ImportFailed || j.ErrorCode != CodeImportInterrupted {
			t.Fatalf("swept job: %+v", j)
		}
		ends := 0
		for _, a := range auditActions(t, db, w.orgA.ID) {
			if strings.HasPrefix(a, "case.import.end") {
				ends++
			}
		}
		if ends != 2 {
			t.Fatalf("%d case.import.end entries, want 2", ends)
		}
		// The dead jobs no longer hold places.
		job, err := db.StartImport(ctx, importReq(importFile, true))
		if err != nil {
			t.Fatalf("after the sweep: %v", err)
		}
		db.WaitImports()
		if j, err := db.ImportJob(ctx, job.ID); err != nil || j.Status != ImportDone {
			t.Fatalf("job after the sweep: %v %+v", err, j)
		}
		verifyAudit(t, db)
	})
}
