package store

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestCreateUser(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		u := account.User{Email: " Mariama.Sow@Espoir-Niamey.example ", DisplayName: "Mariama Sow", PasswordHash: "$argon2id$x"}
		must(t, db.CreateUser(w.asAdminA(), &u, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}))
		if u.Email != "mariama.sow@espoir-niamey.example" || u.Lang != "en" || u.ID.Version() != 7 {
			t.Fatalf("not normalised: %+v", u)
		}
		got, err := db.GetUser(w.asAdminA(), u.ID)
		must(t, err)
		if got.Email != u.Email || got.DisplayName != u.DisplayName || got.PasswordHash != "" || !got.CreatedAt.Equal(u.CreatedAt) {
			t.Fatalf("got %+v", got)
		}
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "user.create" || e.RecordID != u.ID.String() || e.Detail != "role=caseworker" {
			t.Fatalf("audit %+v", e)
		}
		ms, err := db.Memberships(context.Background(), u.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].OrgName != w.orgA.Name || ms[0].Role != auth.Caseworker {
			t.Fatalf("memberships %+v", ms)
		}

		before := snapshot(t, db)
		dup := account.User{Email: "MARIAMA.SOW@espoir-niamey.example", DisplayName: "Autre"}
		wantErr(t, db.CreateUser(w.asAdminA(), &dup, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}), ErrConflict)
		x := account.User{Email: "nouvel.agent@espoir-niamey.example", DisplayName: "Nouvel Agent"}
		inA := []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker}}
		wantErr(t, db.CreateUser(w.asAdminB(), &x, inA), ErrNotFound)
		wantErr(t, db.CreateUser(w.asSuperA(), &x, inA), ErrForbidden)
		wantErr(t, db.CreateUser(w.asCaseA(), &x, inA), ErrForbidden)
		wantErr(t, db.CreateUser(context.Background(), &x, inA), ErrForbidden)
		pa := x
		pa.PlatformAdmin = true
		wantErr(t, db.CreateUser(w.asAdminA(), &pa, inA), ErrForbidden)
		var ves valid.Errors
		if err := db.CreateUser(w.asAdminA(), &x, nil); !asErrors(err, &ves) || !ves.Has("memberships", valid.RuleRequired) {
			t.Fatalf("no membership: %v", err)
		}
		bad := account.User{Email: "pas une adresse", DisplayName: " ", Lang: "de"}
		err = db.CreateUser(w.asAdminA(), &bad, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Admin}})
		if !asErrors(err, &ves) || !ves.Has("email", valid.RuleEmail) || !ves.Has("display_name", valid.RuleRequired) ||
			!ves.Has("lang", valid.RuleOneOf) || !ves.Has("role", valid.RuleRole) {
			t.Fatalf("got %v", err)
		}
		// A failure half-way (the second organisation does not exist) rolls
		// back the user, the first membership and their audit entries.
		ghost := uuid.Must(uuid.NewV7())
		err = db.CreateUser(w.asPlatform(), &x, []account.Membership{{OrgID: w.orgA.ID, Role: auth.Caseworker},
			{OrgID: ghost, Role: auth.Caseworker}})
		wantErr(t, err, ErrNotFound)
		sameSnapshot(t, before, snapshot(t, db))
		if _, err := db.UserForLogin(context.Background(), x.Email); err != ErrNotFound {
			t.Fatalf("half-created user: %v", err)
		}
	})
}

func TestGetUserScope(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		ok := []struct {
			name string
			ctx  context.Context
		}{{"self", w.asCaseA()}, {"org admin", w.asAdminA()}, {"supervisor", w.asSuperA()}, {"platform", w.asPlatform()}}
		for _, c := range ok {
			u, err := db.GetUser(c.ctx, w.caseA.ID)
			if err != nil || u.ID != w.caseA.ID || u.PasswordHash != "" {
				t.Fatalf("%s: %+v %v", c.name, u, err)
			}
		}
		_, err := db.GetUser(w.asAdminB(), w.caseA.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.GetUser(w.asAdminA(), w.platformUser.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.GetUser(w.asCaseA(), w.superA.ID) // a colleague, without user.view
		wantErr(t, err, ErrForbidden)
		_, err = db.GetUser(w.asPlatform(), uuid.Must(uuid.NewV7()))
		wantErr(t, err, ErrNotFound)
		_, err = db.GetUser(context.Background(), w.caseA.ID)
		wantErr(t, err, ErrForbidden)
	})
}

func TestListUsers(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		us, ms, err := db.ListUsers(w.asSuperA(), w.orgA.ID)
		must(t, err)
		if len(us) != 3 || len(ms) != 3 {
			t.Fatalf("%d users, %d memberships", len(us), len(ms))
		}
		names := []string{us[0].DisplayName, us[1].DisplayName, us[2].DisplayName}
		if names[0] != "Aïssata Maïga" || names[1] != "Fati Abdou" || names[2] != "Moussa Issoufou" {
			t.Fatalf("order %v", names)
		}
		for i := range us {
			if us[i].PasswordHash != "" || ms[i].UserID != us[i].ID || ms[i].OrgID != w.orgA.ID || ms[i].OrgName != w.orgA.Name {
				t.Fatalf("row %d: %+v %+v", i, us[i], ms[i])
			}
		}
		if ms[0].Role != auth.OrgAdmin || ms[1].Role != auth.Caseworker {
			t.Fatalf("roles %+v", ms)
		}
		_, _, err = db.ListUsers(w.asPlatform(), w.orgB.ID)
		must(t, err)
		_, _, err = db.ListUsers(w.asAdminB(), w.orgA.ID)
		wantErr(t, err, ErrNotFound)
		_, _, err = db.ListUsers(w.asCaseA(), w.orgA.ID)
		wantErr(t, err, ErrForbidden)
		_, _, err = db.ListUsers(w.asPlatform(), uuid.Must(uuid.NewV7()))
		wantErr(t, err, ErrNotFound)
		_, _, err = db.ListUsers(context.Background(), w.orgA.ID)
		wantErr(t, err, ErrForbidden)
	})
}

func TestSetPasswordDisabledLanguage(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// Self, then a user manager.
		must(t, db.SetPassword(w.asCaseA(), w.caseA.ID, "$argon2id$self"))
		u, err := db.UserForLogin(context.Background(), w.caseA.Email)
		must(t, err)
		if u.PasswordHash != "$argon2id$self" {
			t.Fatal("password not set")
		}
		must(t, db.SetPassword(w.asAdminA(), w.caseA.ID, "$argon2id$reset"))
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "user.password" || e.RecordID != w.caseA.ID.String() || e.ActorID != w.adminA.ID {
			t.Fatalf("audit %+v", e)
		}
		before := snapshot(t, db)
		wantErr(t, db.SetPassword(w.asSuperA(), w.caseA.ID, "$argon2id$x"), ErrForbidden)
		wantErr(t, db.SetPassword(w.asAdminB(), w.caseA.ID, "$argon2id$x"), ErrNotFound)
		wantErr(t, db.SetPassword(w.asAdminA(), w.platformUser.ID, "$argon2id$x"), ErrNotFound)
		wantErr(t, db.SetPassword(context.Background(), w.caseA.ID, "$argon2id$x"), ErrForbidden)
		var ves valid.Errors
		if err := db.SetPassword(w.asCaseA(), w.caseA.ID, ""); !asErrors(err, &ves) {
			t.Fatalf("empty hash: %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))

		must(t, db.SetDisabled(w.asAdminA(), w.caseA.ID, true))
		if u, _ := db.UserForLogin(context.Background(), w.caseA.Email); !u.Disabled {
			t.Fatal("not disabled")
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "user.disable" {
			t.Fatalf("audit %+v", e)
		}
		must(t, db.SetDisabled(w.asPlatform(), w.caseA.ID, false))
		if e := lastAudit(t, db, uuid.Nil); e.Action != "user.enable" || e.ActorID != w.platformUser.ID {
			t.Fatalf("audit %+v", e)
		}
		before = snapshot(t, db)
		wantErr(t, db.SetDisabled(w.asCaseA(), w.superA.ID, true), ErrForbidden)
		wantErr(t, db.SetDisabled(w.asAdminB(), w.caseA.ID, true), ErrNotFound)
		wantErr(t, db.SetDisabled(w.asAdminA(), uuid.Must(uuid.NewV7()), true), ErrNotFound)
		sameSnapshot(t, before, snapshot(t, db))

		must(t, db.SetLanguage(w.asCaseA(), w.caseA.ID, "fr"))
		if u, _ := db.GetUser(w.asCaseA(), w.caseA.ID); u.Lang != "fr" {
			t.Fatal("language not set")
		}
		before = snapshot(t, db)
		if err := db.SetLanguage(w.asCaseA(), w.caseA.ID, "de"); !asErrors(err, &ves) || !ves.Has("lang", valid.RuleOneOf) {
			t.Fatalf("bad language: %v", err)
		}
		wantErr(t, db.SetLanguage(w.asAdminA(), w.caseA.ID, "en"), ErrForbidden)
		wantErr(t, db.SetLanguage(w.asAdminB(), w.caseA.ID, "en"), ErrNotFound)
		sameSnapshot(t, before, snapshot(t, db))
	})
}

func TestPlatformAdminsAreManagedByPlatformAdmins(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		// Even as a member of organisation A, a platform administrator's
		// password cannot be reset by A's administrator.
		must(t, db.SetMembership(w.asPlatform(), account.Membership{UserID: w.platformUser.ID, OrgID: w.orgA.ID, Role: auth.Analyst}))
		wantErr(t, db.SetPassword(w.asAdminA(), w.platformUser.ID, "$argon2id$x"), ErrForbidden)
		wantErr(t, db.SetDisabled(w.asAdminA(), w.platformUser.ID, true), ErrForbidden)
		wantErr(t, db.DisableTOTP(w.asAdminA(), w.platformUser.ID), ErrForbidden)
		wantErr(t, db.SetMembership(w.asAdminA(), account.Membership{UserID: w.platformUser.ID, OrgID: w.orgA.ID, Role: auth.OrgAdmin}), ErrForbidden)
		wantErr(t, db.RemoveMembership(w.asAdminA(), w.platformUser.ID, w.orgA.ID), ErrForbidden)
	})
}
