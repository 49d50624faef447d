package store

import (
	"strings"
	"testing"
)

func TestEraseCaseConfirmed(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		c := createCase(t, db, w.asCaseA(), blessing())
		other := createCase(t, db, w.asCaseA(), blessing())
		// Another case's code, an empty code: nothing is erased.
		wantErr(t, db.EraseCaseConfirmed(w.asAdminA(), c.ID, other.Code), ErrCodeMismatch)
		wantErr(t, db.EraseCaseConfirmed(w.asAdminA(), c.ID, ""), ErrCodeMismatch)
		// Another organisation's case is not found, whatever the code.
		wantErr(t, db.EraseCaseConfirmed(w.asAdminB(), c.ID, c.Code), ErrNotFound)
		// A caseworker may not erase.
		wantErr(t, db.EraseCaseConfirmed(w.asCaseA(), c.ID, c.Code), ErrForbidden)
		if got, err := db.GetCase(w.asCaseA(), c.ID); err != nil || got.ErasedAt != nil {
			t.Fatalf("erased without the right code: %v", err)
		}
		// The right code, typed in lower case with spaces, erases.
		must(t, db.EraseCaseConfirmed(w.asAdminA(), c.ID, "  "+strings.ToLower(c.Code)+" "))
		if got, err := db.GetCase(w.asCaseA(), c.ID); err != nil || got.ErasedAt == nil {
			t.Fatalf("not erased with the right code: %v", err)
		}
	})
}
