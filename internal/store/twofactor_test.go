package store

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/valid"
)

const testSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

func TestTOTP(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ctx := w.asCaseA()
		_, err := db.TOTPSecret(ctx, w.caseA.ID)
		wantErr(t, err, ErrNotFound)
		codes := []string{"1111aaaa", "2222bbbb", "3333cccc"}
		must(t, db.SetTOTP(ctx, w.caseA.ID, testSecret, codes))
		u, err := db.GetUser(ctx, w.caseA.ID)
		must(t, err)
		if !u.TOTPEnabled {
			t.Fatal("not enrolled")
		}
		// The column holds a ciphertext, not the secret.
		var raw []byte
		must(t, db.w.QueryRow(`SELECT totp_secret FROM users WHERE id = $1`, w.caseA.ID).Scan(&raw))
		if len(raw) == 0 || bytes.Contains(raw, []byte(testSecret)) || bytes.Contains(raw, []byte("JBSWY3DP")) {
			t.Fatalf("secret stored in clear: %q", raw)
		}
		got, err := db.TOTPSecret(ctx, w.caseA.ID)
		must(t, err)
		if got != testSecret {
			t.Fatalf("secret %q", got)
		}
		// The ciphertext is bound to its row: copied to another user it does
		// not open.
		must(t, db.SetTOTP(w.asSuperA(), w.superA.ID, "OTHERSECRETOTHERSECRET", nil))
		_, err = db.w.Exec(`UPDATE users SET totp_secret = $1 WHERE id = $2`, raw, w.superA.ID)
		must(t, err)
		if _, err := db.TOTPSecret(w.asSuperA(), w.superA.ID); err == nil {
			t.Fatal("a secret moved to another row opened")
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.totp_enable" || e.Detail != "recovery_codes=0" {
			t.Fatalf("audit %+v", e)
		}

		// Only oneself reads one's secret.
		_, err = db.TOTPSecret(w.asAdminA(), w.caseA.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.TOTPSecret(w.asPlatform(), w.caseA.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.TOTPSecret(context.Background(), w.caseA.ID)
		wantErr(t, err, ErrForbidden)
		before := snapshot(t, db)
		wantErr(t, db.SetTOTP(w.asAdminA(), w.caseA.ID, testSecret, nil), ErrForbidden)
		wantErr(t, db.SetTOTP(w.asAdminB(), w.caseA.ID, testSecret, nil), ErrNotFound)
		var ves valid.Errors
		if err := db.SetTOTP(ctx, w.caseA.ID, "", nil); !asErrors(err, &ves) || !ves.Has("totp_secret", valid.RuleRequired) {
			t.Fatalf("empty secret: %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))

		// Recovery codes work once each.
		ok, err := db.UseRecoveryCode(ctx, w.caseA.ID, "2222bbbb")
		must(t, err)
		if !ok {
			t.Fatal("a valid code was refused")
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.recovery_code_use" || e.Detail != "remaining=2" {
			t.Fatalf("audit %+v", e)
		}
		before = snapshot(t, db)
		for _, c := range []string{"2222bbbb", "9999zzzz"} {
			ok, err = db.UseRecoveryCode(ctx, w.caseA.ID, c)
			must(t, err)
			if ok {
				t.Fatalf("code %s accepted", c)
			}
		}
		_, err = db.UseRecoveryCode(w.asAdminB(), w.caseA.ID, "1111aaaa")
		wantErr(t, err, ErrNotFound)
		_, err = db.UseRecoveryCode(w.asAdminA(), w.caseA.ID, "1111aaaa")
		wantErr(t, err, ErrForbidden)
		sameSnapshot(t, before, snapshot(t, db))

		// A user manager resets two-factor for a lost device; another
		// organisation cannot.
		wantErr(t, db.DisableTOTP(w.asAdminB(), w.caseA.ID), ErrNotFound)
		wantErr(t, db.DisableTOTP(w.asSuperA(), w.caseA.ID), ErrForbidden)
		wantErr(t, db.DisableTOTP(w.asAdminA(), uuid.Must(uuid.NewV7())), ErrNotFound)
		must(t, db.DisableTOTP(w.asAdminA(), w.caseA.ID))
		u, _ = db.GetUser(ctx, w.caseA.ID)
		_, err = db.TOTPSecret(ctx, w.caseA.ID)
		if u.TOTPEnabled || err != ErrNotFound || count(t, db, "recovery_codes") != 0 {
			t.Fatalf("still enrolled: %+v %v", u, err)
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.totp_disable" || e.ActorID != w.adminA.ID {
			t.Fatalf("audit %+v", e)
		}
		must(t, db.DisableTOTP(w.asSuperA(), w.superA.ID)) // oneself
	})
}
