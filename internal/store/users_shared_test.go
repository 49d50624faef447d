package store

import (
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestSharedAccountManagedByPlatformOnly: once a person belongs to A and B,
// A's administrator may no longer reset their password or two-factor
// sign-in, or disable them (rule shared_account, nothing written); the
// platform administrator may.
func TestSharedAccountManagedByPlatformOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// A's administrator may reset B's caseworker while she is in A only.
		must(t, db.SetMembership(w.sys, account.Membership{UserID: w.caseB.ID, OrgID: w.orgA.ID, Role: auth.Caseworker}))
		before := snapshot(t, db)
		wantRule(t, db.SetPassword(w.asAdminA(), w.caseB.ID, "$argon2id$taken-over"), "user", account.RuleSharedAccount)
		wantRule(t, db.SetDisabled(w.asAdminA(), w.caseB.ID, true), "user", account.RuleSharedAccount)
		wantRule(t, db.DisableTOTP(w.asAdminA(), w.caseB.ID), "user", account.RuleSharedAccount)
		// B's administrator is refused the same way: A shares her too.
		wantRule(t, db.SetPassword(w.asAdminB(), w.caseB.ID, "$argon2id$taken-over"), "user", account.RuleSharedAccount)
		sameSnapshot(t, before, snapshot(t, db))
		u, err := db.GetUser(w.sys, w.caseB.ID)
		must(t, err)
		if u.Disabled || u.MustChangePassword || u.PasswordHash == "$argon2id$taken-over" {
			t.Fatalf("refused changes applied: %+v", u)
		}
		// A member of A only is still A's to manage; the platform manages both.
		must(t, db.SetPassword(w.asAdminA(), w.caseA.ID, "$argon2id$temporary"))
		must(t, db.SetPassword(w.asPlatform(), w.caseB.ID, "$argon2id$temporary"))
		must(t, db.SetDisabled(w.asPlatform(), w.caseB.ID, true))
	})
}
