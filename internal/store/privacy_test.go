package store

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestAuditCarriesNoPersonalData runs the writes that touch people and
// checks that no name, address, secret or token name reached the trail.
func TestAuditCarriesNoPersonalData(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		bg := context.Background()
		u := account.User{Email: "gloria.eze@espoir-niamey.example", DisplayName: "Gloria Eze", PasswordHash: "$argon2id$gloria"}
		must(t, db.CreateUser(w.asAdminA(), &u, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}))
		o := w.orgA
		o.Name, o.Address, o.Email = "Association Espoir Niamey-Zinder", "Boulevard Mali Béro", "direction@espoir.example"
		must(t, db.UpdateOrganisation(w.asAdminA(), o))
		must(t, db.SetPassword(w.asAdminA(), u.ID, "$argon2id$newsecret"))
		must(t, db.SetTOTP(w.as(u, w.orgA.ID, auth.Caseworker), u.ID, testSecret, []string{"hash-of-code-1"}))
		k := APIToken{Name: "Rapport mensuel de Gloria", Hash: tokenHash("pas_gloria")}
		must(t, db.CreateAPIToken(w.as(u, w.orgA.ID, auth.Caseworker), &k))
		must(t, db.RecordLogin(bg, u.ID, w.orgA.ID, false, "198.51.100.20", "bad_password"))
		must(t, db.SessionStore(nil).Commit("tok", []byte("gloria.eze@espoir-niamey.example"), time.Now().Add(time.Hour)))

		secrets := []string{u.Email, "gloria", "Gloria", "Eze", o.Name, o.Address, o.Email, w.orgA.Name, w.orgA.Address,
			"newsecret", testSecret, "hash-of-code-1", k.Name, k.Hash, w.adminA.Email, w.adminA.DisplayName}
		rows, err := db.r.Query(`SELECT action, record_type, record_id, ip, detail FROM audit_log`)
		must(t, err)
		defer rows.Close()
		n := 0
		for rows.Next() {
			var f [5]string
			must(t, rows.Scan(&f[0], &f[1], &f[2], &f[3], &f[4]))
			line := strings.Join(f[:], "|")
			for _, s := range secrets {
				if strings.Contains(line, s) {
					t.Errorf("audit entry %q carries %q", line, s)
				}
			}
			n++
		}
		must(t, rows.Err())
		if n < 10 {
			t.Fatalf("only %d entries", n)
		}
	})
}
