package store

import (
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/dataset"
)

// TestDatasetLifecycle: a coordinator imports, lists, describes, counts and
// drops a dataset, each write audited in their organisation's chain; the
// name cannot be taken twice; a refused file leaves nothing behind.
func TestDatasetLifecycle(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		coord := w.as(w.adminA, w.orgA.ID, auth.Coordinator)
		var buf strings.Builder
		must(t, dataset.Generate(&buf, 500, 3))
		info, err := db.ImportDataset(coord, "generated", strings.NewReader(buf.String()), dataset.ReadOptions{})
		must(t, err)
		if info.Rows != 500 || !info.TermsSkipped || len(info.Columns) != len(dataset.GeneratedColumns)-1 {
			t.Fatalf("imported %+v", info)
		}
		_, err = db.ImportDataset(coord, "generated", strings.NewReader(buf.String()), dataset.ReadOptions{})
		wantErr(t, err, ErrConflict)
		_, err = db.ImportDataset(coord, "broken", strings.NewReader("a,b\n1,2\n3\n"), dataset.ReadOptions{})
		if err == nil || !strings.Contains(err.Error(), "dataset.field_count") {
			t.Fatalf("broken file: %v", err)
		}
		list, err := db.Datasets(coord)
		must(t, err)
		if len(list) != 1 || list[0].Name != "generated" || list[0].Rows != 500 {
			t.Fatalf("list %+v", list)
		}
		got, err := db.Dataset(coord, "generated")
		must(t, err)
		if got.ID != info.ID || len(got.Columns) != len(info.Columns) || got.Columns[5].Kind != dataset.Country {
			t.Fatalf("described %+v", got)
		}
		tb, err := tabulateForTest(coord, db, "generated", []string{"gender", "citizenship"})
		must(t, err)
		var sum int64
		for _, c := range tb.Cells {
			sum += c.Count
		}
		if sum+tb.Excluded != 500 || tb.Excluded == 0 {
			t.Errorf("cells sum to %d with %d excluded", sum, tb.Excluded)
		}
		_, err = tabulateForTest(coord, db, "generated", []string{"nosuch"})
		if err == nil || !strings.Contains(err.Error(), "dataset.by_unknown") {
			t.Errorf("unknown column: %v", err)
		}
		_, err = db.Dataset(coord, "nosuch")
		wantErr(t, err, ErrNotFound)
		must(t, db.DropDataset(coord, "generated"))
		wantErr(t, db.DropDataset(coord, "generated"), ErrNotFound)
		for _, table := range []string{"datasets", "dataset_columns", "dataset_chunks"} {
			if n := count(t, db, table); n != 0 {
				t.Errorf("%s: %d rows left", table, n)
			}
		}
		released, err := db.ListAudit(w.sys, w.orgA.ID, AuditFilter{ActionPrefix: "statistics.release"})
		must(t, err)
		if len(released) != 1 { // the table; the unknown column was refused before any release
			t.Errorf("%d releases audited, want 1 (%+v)", len(released), released)
		}
		trail, err := db.ListAudit(w.sys, w.orgA.ID, AuditFilter{ActionPrefix: "dataset."})
		must(t, err)
		if len(trail) != 2 || trail[0].Action != "dataset.drop" || trail[1].Action != "dataset.import" ||
			trail[1].Detail != "name=generated rows=500 columns=11" {
			t.Errorf("trail %+v", trail)
		}
	})
}

// TestDatasetPermissions: statistics roles read, only coordinators (and the
// system) import and drop, case roles see nothing.
func TestDatasetPermissions(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		_, err := db.ImportDataset(w.sys, "small", strings.NewReader("sex,year\nF,2020\nM,2021\n"), dataset.ReadOptions{})
		must(t, err)
		analyst := w.as(w.adminB, w.orgB.ID, auth.Analyst)
		if _, err := db.Datasets(analyst); err != nil {
			t.Errorf("analyst list: %v", err)
		}
		_, err = db.ImportDataset(analyst, "other", strings.NewReader("a\n1\n"), dataset.ReadOptions{})
		wantErr(t, err, ErrForbidden)
		wantErr(t, db.DropDataset(analyst, "small"), ErrForbidden)
		for name, ctx := range map[string]func() (any, error){
			"caseworker": func() (any, error) { return db.Datasets(w.asCaseA()) },
			"supervisor": func() (any, error) { return db.Dataset(w.asSuperA(), "small") },
			"org admin":  func() (any, error) { return tabulateForTest(w.asAdminA(), db, "small", []string{"sex"}) },
			"platform":   func() (any, error) { return nil, db.DropDataset(w.asPlatform(), "small") },
		} {
			if _, err := ctx(); err == nil {
				t.Errorf("%s: allowed", name)
			}
		}
	})
}
