package store

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/ctdc"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestExportCTDC: the CTDC export takes PermCaseExport (checked before the
// options), counts only the cases consenting to statistics, holds only the
// organisation's own cases, is k-anonymous, never carries a direct
// identifier of the cases it is made from (names, birth date, contacts,
// identity number, narrative, places, codes, ids), and is audited with
// counts only.
func TestExportCTDC(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		var made []casework.Case
		for i := range 13 {
			c := blessing()
			c.Person.GivenName += strconv.Itoa(i)
			c = createCase(t, db, ctx, c)
			made = append(made, c)
			if i == 12 {
				break // the thirteenth never consents to statistics
			}
			stats := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person", Method: "oral"}
			must(t, db.AddConsent(ctx, &stats))
		}
		createCase(t, db, w.asCaseB(), moussa())

		if _, err := db.ExportCTDC(ctx, nil, ctdc.Options{K: 1}); !errors.Is(err, ErrForbidden) {
			t.Fatalf("caseworker: %v", err)
		}
		var es valid.Errors
		if _, err := db.ExportCTDC(w.asSuperA(), nil, ctdc.Options{K: 1}); !errors.As(err, &es) || !es.Has("k", "range") {
			t.Fatalf("k=1: %v", err)
		}
		var buf bytes.Buffer
		rep, err := db.ExportCTDC(w.asSuperA(), &buf, ctdc.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if rep.K != ctdc.DefaultK || rep.Cases != 12 || rep.Excluded != 1 || rep.Written != 12 {
			t.Fatalf("report %+v", rep)
		}
		recs, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
		if err != nil || len(recs) != 13 {
			t.Fatalf("%d records: %v", len(recs), err)
		}
		for _, r := range recs[1:] {
			if strings.Join(r[:5], "|") != recs[1][0]+"|Woman|9--17|NGA|FRA" || r[7] != "" || r[6] != "1" {
				t.Fatalf("row %q", r)
			}
		}
		file := buf.String()
		for _, c := range made {
			p := c.Person
			for _, s := range []string{p.GivenName, p.FamilyName, p.OtherNames, p.BirthDate, p.Phone, p.Email, p.Address,
				p.IdentityNumber, p.Narrative, c.RecruitmentPlace, c.Code, c.ID.String(), "Benin City", "Agadez", "Lyon",
				"Blessing", "Osagie", "2004", "A0778"} {
				if s != "" && strings.Contains(file, s) {
					t.Fatalf("the file holds %q", s)
				}
			}
		}
		if strings.Contains(file, "NER") {
			t.Fatal("the other organisation's case is in the file")
		}
		// Twelve alike are enough for k=12; for k=13 they are left out.
		buf.Reset()
		rep, err = db.ExportCTDC(w.asSuperA(), &buf, ctdc.Options{K: 12})
		if err != nil || rep.Written != 12 {
			t.Fatalf("k=12: %v %+v", err, rep)
		}
		rep, err = db.ExportCTDC(w.asSuperA(), nil, ctdc.Options{K: 13})
		if err != nil || rep.RowsRemoved != 12 || rep.Written != 0 {
			t.Fatalf("k=13: %v %+v", err, rep)
		}
		acts := auditActions(t, db, w.orgA.ID)
		last := acts[len(acts)-1]
		if !strings.HasPrefix(last, "case.export_ctdc k=13 cases=12 excluded=1 rows=0") || !strings.Contains(last, "report_only=1") {
			t.Fatalf("audit: %q", last)
		}
		verifyAudit(t, db)
	})
}
