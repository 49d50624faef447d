package store

import (
	"context"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// mustChange reads the flag the way sign-in does (UserForLogin) and the way
// pages do (GetUser), and fails if they disagree.
func mustChange(t *testing.T, db *DB, w *world, u account.User) bool {
	t.Helper()
	login, err := db.UserForLogin(context.Background(), u.Email)
	must(t, err)
	got, err := db.GetUser(w.sys, u.ID)
	must(t, err)
	if login.MustChangePassword != got.MustChangePassword {
		t.Fatalf("UserForLogin says %v, GetUser %v", login.MustChangePassword, got.MustChangePassword)
	}
	return got.MustChangePassword
}

// TestMustChangePassword: a password issued by someone else (creation with
// the flag, a manager's reset, the command line's system actor, a platform
// administrator) is temporary; one's own change clears the flag; a rehash at
// sign-in keeps it.
func TestMustChangePassword(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// Users created without the flag (existing, demo) are unaffected.
		if mustChange(t, db, w, w.caseA) {
			t.Fatal("a user created without the flag must change their password")
		}
		// The migration's default: a row written without the column.
		id := uuid.Must(uuid.NewV7())
		if _, err := db.w.ExecContext(context.Background(), `INSERT INTO users (id, email, display_name, created_at)
			VALUES ($1, $2, $3, $4)`, id, "old.account@espoir-niamey.example", "Halima Souley", now()); err != nil {
			t.Fatal(err)
		}
		if old, err := db.GetUser(w.sys, id); err != nil || old.MustChangePassword {
			t.Fatalf("a row without the column: flag %v, %v", old.MustChangePassword, err)
		}

		// Created by an organisation administrator with a temporary password.
		u := account.User{Email: "Ibrahim.Garba@espoir-niamey.example", DisplayName: "Ibrahim Garba", Lang: "fr",
			PasswordHash: "$argon2id$temporary", MustChangePassword: true}
		must(t, db.CreateUser(w.asAdminA(), &u, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}))
		if !u.MustChangePassword || !mustChange(t, db, w, u) {
			t.Fatal("flag not stored at creation")
		}
		us, _, err := db.ListUsers(w.asAdminA(), w.orgA.ID)
		must(t, err)
		for _, l := range us {
			if l.ID == u.ID && !l.MustChangePassword {
				t.Fatal("ListUsers loses the flag")
			}
		}
		asU := w.as(u, w.orgA.ID, auth.Caseworker)

		// A rehash of the same password at sign-in keeps it temporary.
		must(t, db.RehashPassword(asU, u.ID, "$argon2id$temporary-rehashed"))
		if !mustChange(t, db, w, u) {
			t.Fatal("a rehash cleared the flag")
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.password" || !strings.Contains(e.Detail, "rehash") {
			t.Fatalf("rehash audit %+v", e)
		}
		// Only oneself rehashes: a colleague is refused, another organisation does not see the user.
		wantErr(t, db.RehashPassword(w.asAdminA(), u.ID, "$argon2id$x"), ErrForbidden)
		wantErr(t, db.RehashPassword(w.asAdminB(), u.ID, "$argon2id$x"), ErrNotFound)

		// Their own password clears it.
		must(t, db.SetPassword(asU, u.ID, "$argon2id$own"))
		if mustChange(t, db, w, u) {
			t.Fatal("one's own password did not clear the flag")
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.password" || e.ActorID != u.ID ||
			strings.Contains(e.Detail, "must_change") {
			t.Fatalf("own change audit %+v", e)
		}

		// Each way someone else issues a password sets it again.
		issuers := []struct {
			name string
			ctx  context.Context
			org  uuid.UUID // the audit chain written
		}{
			{"organisation administrator (web, API)", w.asAdminA(), w.orgA.ID},
			{"command line (system)", w.sys, uuid.Nil},
			{"platform administrator", w.asPlatform(), uuid.Nil},
		}
		for _, is := range issuers {
			must(t, db.SetPassword(asU, u.ID, "$argon2id$own-again"))
			must(t, db.SetPassword(is.ctx, u.ID, "$argon2id$reset"))
			if !mustChange(t, db, w, u) {
				t.Errorf("%s: a reset did not set the flag", is.name)
			}
			if e := lastAudit(t, db, is.org); e.Action != "user.password" || e.RecordID != u.ID.String() ||
				!strings.Contains(e.Detail, "must_change=true") {
				t.Errorf("%s: audit %+v", is.name, e)
			}
		}
		// A refused reset changes nothing.
		must(t, db.SetPassword(asU, u.ID, "$argon2id$own-last"))
		wantErr(t, db.SetPassword(w.asAdminB(), u.ID, "$argon2id$x"), ErrNotFound)
		wantErr(t, db.SetPassword(w.asSuperA(), u.ID, "$argon2id$x"), ErrForbidden)
		if mustChange(t, db, w, u) {
			t.Fatal("a refused reset set the flag")
		}
	})
}

// TestResetRevokesTokens: a password set by someone else revokes the
// person's API tokens; one's own change leaves them.
func TestResetRevokesTokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		mk := func(name string) string {
			secret := "pas_" + name + "_0123456789abcdef"
			k := APIToken{Name: name, Hash: tokenHash(secret)}
			must(t, db.CreateAPIToken(w.asCaseA(), &k))
			return secret
		}
		works := func(secret string) bool {
			_, _, _, err := db.APITokenByHash(context.Background(), tokenHash(secret))
			return err == nil
		}
		own := mk("synchronisation")
		must(t, db.SetPassword(w.asCaseA(), w.caseA.ID, "$argon2id$own"))
		if !works(own) {
			t.Fatal("one's own password change revoked a token")
		}
		must(t, db.SetPassword(w.asAdminA(), w.caseA.ID, "$argon2id$temporary"))
		if works(own) {
			t.Error("a token still works after an administrator's reset")
		}
		acts := auditActions(t, db, w.orgA.ID)
		if last := acts[len(acts)-1]; !strings.Contains(last, "tokens_revoked=1") {
			t.Errorf("audit of the reset: %q", last)
		}
		// Tokens made after the reset work.
		if later := mk("après"); !works(later) {
			t.Error("a token made after the reset does not work")
		}
	})
}
