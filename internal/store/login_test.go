package store

import (
	"context"
	"testing"

	"github.com/google/uuid"
)

func TestUserForLoginAndRecordLogin(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		bg := context.Background()
		u, err := db.UserForLogin(bg, "  AISSATA.maiga@espoir-niamey.EXAMPLE ")
		must(t, err)
		if u.ID != w.adminA.ID || u.PasswordHash == "" || u.LastLoginAt != nil {
			t.Fatalf("got %+v", u)
		}
		_, err = db.UserForLogin(bg, "inconnu@example.org")
		wantErr(t, err, ErrNotFound)

		must(t, db.RecordLogin(bg, w.adminA.ID, w.orgA.ID, true, "198.51.100.7", ""))
		u, _ = db.UserForLogin(bg, w.adminA.Email)
		if u.LastLoginAt == nil {
			t.Fatal("last sign-in not recorded")
		}
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "login.success" || e.ActorID != w.adminA.ID || e.IP != "198.51.100.7" || e.RecordID != w.adminA.ID.String() {
			t.Fatalf("audit %+v", e)
		}
		must(t, db.RecordLogin(bg, w.caseA.ID, w.orgA.ID, false, "198.51.100.7", "bad_password"))
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "login.fail" || e.Detail != "bad_password" {
			t.Fatalf("audit %+v", e)
		}
		if u, _ := db.UserForLogin(bg, w.caseA.Email); u.LastLoginAt != nil {
			t.Fatal("a failed sign-in set the last sign-in time")
		}
		// Unknown user and unknown organisation go to the platform chain.
		n := auditCount(t, db, uuid.Nil)
		must(t, db.RecordLogin(bg, uuid.Nil, uuid.Nil, false, "203.0.113.9", "unknown_account"))
		must(t, db.RecordLogin(bg, w.caseA.ID, uuid.Must(uuid.NewV7()), false, "203.0.113.9", "no_membership"))
		if got := auditCount(t, db, uuid.Nil); got != n+2 {
			t.Fatalf("platform chain grew by %d", got-n)
		}
		if e := lastAudit(t, db, uuid.Nil); e.Detail != "no_membership" {
			t.Fatalf("audit %+v", e)
		}
		_, err = db.VerifyAudit(w.sys)
		must(t, err)
	})
}
