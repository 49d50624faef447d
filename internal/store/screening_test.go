package store

import (
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/identify"
)

// TestScreeningCatalogueRefMigration: screenings recorded before the one
// format ("<id> <version>" from the pages) read as "<id>@<version>" once
// migration 00006 has run; those already in that format, and those without a
// catalogue, are left as they are.
func TestScreeningCatalogueRefMigration(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		c := createCase(t, db, ctx, blessing())
		stored := []string{"adult_labour 2009.1-passerelle.1", "niger_form@2026 draft", "child_sexual 2026 draft 2", ""}
		want := []string{"adult_labour@2009.1-passerelle.1", "niger_form@2026 draft", "child_sexual@2026 draft 2", ""}
		for _, v := range stored {
			sc, err := db.RecordScreening(ctx, c.ID, identify.Facts{Acts: []string{"recruitment"}})
			must(t, err)
			if _, err := db.w.Exec(`UPDATE case_screenings SET catalogue_version = $1 WHERE id = $2`, v, sc.ID); err != nil {
				t.Fatal(err)
			}
		}
		src, err := migrations.ReadFile("migrations/" + db.dialect + "/00006_screening_catalogue_ref.sql")
		must(t, err)
		up, _, _ := strings.Cut(strings.SplitN(string(src), "-- +goose Up", 2)[1], "-- +goose Down")
		if _, err := db.w.Exec(up); err != nil {
			t.Fatal(err)
		}
		list, err := db.ListScreenings(ctx, c.ID)
		must(t, err)
		for i, sc := range list {
			if sc.CatalogueVersion != want[i] {
				t.Errorf("%q became %q, want %q", stored[i], sc.CatalogueVersion, want[i])
			}
		}
	})
}

// TestScreeningOfErasedCase: an erased case takes no new screening (its
// shredded key refuses the seal; the transaction's own check covers the
// moment between the erase and the shredding).
func TestScreeningOfErasedCase(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := createCase(t, db, w.asCaseA(), blessing())
		must(t, db.EraseCaseConfirmed(w.asAdminA(), c.ID, c.Code))
		_, err := db.RecordScreening(w.asCaseA(), c.ID, identify.Facts{Acts: []string{"recruitment"}})
		wantErr(t, err, ErrConflict)
	})
}
