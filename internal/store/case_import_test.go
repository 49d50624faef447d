package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// importFile has two good rows and one with an impossible birth date.
const importFile = "prs_FirstName,prs_SecondName,prs_Birthdate,prs_Citizenship\n" +
	"Aïcha,Moussa,1999-04-12,NER\n" +
	"Blessing,Okafor,2001-13-45,NGA\n" +
	"Fatou,Diallo,,SEN\n"

func importReq(body string, skipBad bool) ImportRequest {
	return ImportRequest{File: strings.NewReader(body), Format: htcds.CSV, SkipBad: skipBad}
}

// TestImportCases: the import use case checks the permission, imports all
// or nothing (or the good rows with SkipBad), audits each case, and refuses
// a third import of one organisation while two run.
func TestImportCases(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()

		if _, err := db.ImportCases(context.Background(), importReq(importFile, false)); !errors.Is(err, ErrForbidden) {
			t.Fatalf("no actor: %v", err)
		}
		if _, err := db.ImportCases(w.asAdminA(), importReq(importFile, false)); !errors.Is(err, ErrForbidden) {
			t.Fatalf("organisation administrator: %v", err)
		}
		var es valid.Errors
		if _, err := db.ImportCases(ctx, ImportRequest{File: strings.NewReader(importFile), Format: "ods"}); !errors.As(err, &es) ||
			!es.Has("format", valid.RuleOneOf) {
			t.Fatalf("format: %v", err)
		}

		before := snapshot(t, db)
		res, err := db.ImportCases(ctx, importReq(importFile, false))
		var he *htcds.Error
		if !errors.As(err, &he) || he.ID != htcds.ErrBadRows || fault.KindOf(err) != fault.Invalid || len(res.Cases) != 0 {
			t.Fatalf("bad rows: %v, %d cases", err, len(res.Cases))
		}
		if len(res.Report.BadRows) != 1 || res.Report.BadRows[0].Row != 3 || res.Report.BadRows[0].Problems[0].Column != "prs_Birthdate" {
			t.Fatalf("report: %+v", res.Report.BadRows)
		}
		sameSnapshot(t, before, snapshot(t, db))

		res, err = db.ImportCases(ctx, importReq(importFile, true))
		if err != nil || len(res.Cases) != 2 || res.Report.Imported != 2 || res.Report.Skipped() != 1 {
			t.Fatalf("skip bad: %v, %+v", err, res.Report)
		}
		for _, c := range res.Cases {
			if c.Code == "" || c.OrgID != w.orgA.ID || c.AssignedTo != w.caseA.ID {
				t.Fatalf("imported case %+v", c)
			}
		}
		n := 0
		for _, a := range auditActions(t, db, w.orgA.ID) {
			if strings.HasPrefix(a, "case.create") {
				n++
			}
		}
		if n != 2 {
			t.Fatalf("%d case.create entries, want 2", n)
		}
		verifyAudit(t, db)

		// Two imports of A running: a third is refused, B's is not.
		var leaves []func()
		for range MaxImportsPerOrg {
			leave, ok := db.enterImport(w.orgA.ID)
			if !ok {
				t.Fatal("no place for an import")
			}
			leaves = append(leaves, leave)
		}
		_, err = db.ImportCases(ctx, importReq(importFile, true))
		fe := fault.As(err)
		if fe == nil || fe.Kind != fault.RateLimited || fe.Code != CodeImportBusy || fe.RetryAfter <= 0 {
			t.Fatalf("third import: %v", err)
		}
		if _, err := db.ImportCases(w.asCaseB(), importReq(importFile, true)); err != nil {
			t.Fatalf("another organisation's import: %v", err)
		}
		for _, leave := range leaves {
			leave()
		}
		if _, err := db.ImportCases(ctx, importReq(importFile, true)); err != nil {
			t.Fatalf("after the others ended: %v", err)
		}
	})
}

// TestExportHTCDS: the permission is checked before the format, and the
// export is audited.
func TestExportHTCDS(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		createCase(t, db, w.asCaseA(), blessing())
		var sb strings.Builder
		if _, err := db.ExportHTCDS(w.asCaseA(), &sb, "pdf", CaseFilter{}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("caseworker, bad format: %v", err)
		}
		var es valid.Errors
		if _, err := db.ExportHTCDS(w.asSuperA(), &sb, "pdf", CaseFilter{}); !errors.As(err, &es) || !es.Has("format", valid.RuleOneOf) {
			t.Fatalf("supervisor, bad format: %v", err)
		}
		n, err := db.ExportHTCDS(w.asSuperA(), &sb, htcds.CSV, CaseFilter{})
		if err != nil || n != 1 || !strings.Contains(sb.String(), "Blessing") {
			t.Fatalf("export: %v %d", err, n)
		}
		acts := auditActions(t, db, w.orgA.ID)
		if !strings.HasPrefix(acts[len(acts)-1], "case.export") {
			t.Fatalf("export not audited: %v", acts)
		}
	})
}
