package store

import "testing"

func TestWorld(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		o, err := db.GetOrganisation(w.asAdminA(), w.orgA.ID)
		must(t, err)
		if o.Name != w.orgA.Name || o.CreatedAt != w.orgA.CreatedAt {
			t.Fatalf("%+v vs %+v", o, w.orgA)
		}
		n, err := db.VerifyAudit(w.sys)
		must(t, err)
		if n != int64(count(t, db, "audit_log")) || n == 0 {
			t.Fatalf("checked %d", n)
		}
	})
}
