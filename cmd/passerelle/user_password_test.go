package main

import (
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestUserPasswordsAreTemporary: the passwords 'user add' and
// 'user reset-password' print must be changed at the first sign-in; the
// demo's users are not asked to.
func TestUserPasswordsAreTemporary(t *testing.T) {
	dir := seeded(t)
	email := "binta.sow@passage-lyon.example.org"
	flag := func() bool {
		t.Helper()
		db, ctx := openData(t, dir)
		defer db.Close()
		u, err := db.UserForLogin(ctx, email)
		if err != nil {
			t.Fatal(err)
		}
		// Clear it as the user's own change would, so a reset must set it again.
		if u.MustChangePassword {
			self := auth.WithActor(ctx, auth.Actor{UserID: u.ID, Role: auth.Analyst})
			if err := db.SetPassword(self, u.ID, u.PasswordHash); err != nil {
				t.Fatal(err)
			}
		}
		return u.MustChangePassword
	}

	code, out, errs := run(t, "user", "add", "--data", dir, "--email", email, "--name", "Binta Sow",
		"--org", "Association Passage Lyon", "--role", "caseworker", "--lang", "fr")
	if code != 0 || !strings.Contains(out, "must replace it") {
		t.Fatalf("user add: %d %s %s", code, out, errs)
	}
	if !flag() {
		t.Fatal("a user added on the command line is not asked to change the password")
	}
	if flag() {
		t.Fatal("the user's own change did not clear the flag")
	}
	if code, out, errs := run(t, "user", "reset-password", "--data", dir, "--email", email); code != 0 ||
		!strings.Contains(out, "must replace it") {
		t.Fatalf("reset: %d %s %s", code, out, errs)
	}
	if !flag() {
		t.Fatal("a password reset on the command line is not temporary")
	}
	// The demo's users sign in with the published demo password as it is.
	db, ctx := openData(t, dir)
	for _, d := range demoUsers {
		if u, err := db.UserForLogin(ctx, d.email); err != nil || u.MustChangePassword {
			t.Errorf("demo user %s: must change %v, %v", d.email, u.MustChangePassword, err)
		}
	}
}
