package store

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestSetMembership(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		m := account.Membership{UserID: w.caseA.ID, OrgID: w.orgA.ID, Role: auth.Supervisor}
		must(t, db.SetMembership(w.asAdminA(), m))
		e := lastAudit(t, db, w.orgA.ID)
		if e.Action != "membership.set" || e.RecordID != w.caseA.ID.String() || e.Detail != "role=caseworker->supervisor" {
			t.Fatalf("audit %+v", e)
		}
		ms, err := db.Memberships(context.Background(), w.caseA.ID)
		must(t, err)
		if len(ms) != 1 || ms[0].Role != auth.Supervisor {
			t.Fatalf("memberships %+v", ms)
		}
		// The same role again writes nothing.
		before := snapshot(t, db)
		must(t, db.SetMembership(w.asAdminA(), m))
		sameSnapshot(t, before, snapshot(t, db))

		// An organisation administrator cannot pull in a user of another
		// organisation, nor act on another organisation.
		wantErr(t, db.SetMembership(w.asAdminA(), account.Membership{UserID: w.caseB.ID, OrgID: w.orgA.ID, Role: auth.Caseworker}), ErrNotFound)
		wantErr(t, db.SetMembership(w.asAdminA(), account.Membership{UserID: w.caseB.ID, OrgID: w.orgB.ID, Role: auth.Supervisor}), ErrNotFound)
		wantErr(t, db.SetMembership(w.asSuperA(), account.Membership{UserID: w.caseA.ID, OrgID: w.orgA.ID, Role: auth.OrgAdmin}), ErrForbidden)
		wantErr(t, db.SetMembership(context.Background(), m), ErrForbidden)
		wantErr(t, db.SetMembership(w.asAdminA(), account.Membership{UserID: uuid.Must(uuid.NewV7()), OrgID: w.orgA.ID, Role: auth.Caseworker}), ErrNotFound)
		var ves valid.Errors
		if err := db.SetMembership(w.asAdminA(), account.Membership{UserID: w.caseA.ID, OrgID: w.orgA.ID, Role: auth.Admin}); !asErrors(err, &ves) || !ves.Has("role", valid.RuleRole) {
			t.Fatalf("admin is not a membership role: %v", err)
		}
		// The last org_admin stays.
		wantErr(t, db.SetMembership(w.asAdminA(), account.Membership{UserID: w.adminA.ID, OrgID: w.orgA.ID, Role: auth.Caseworker}), ErrConflict)
		sameSnapshot(t, before, snapshot(t, db))

		// A platform administrator adds an existing user to an organisation.
		must(t, db.SetMembership(w.asPlatform(), account.Membership{UserID: w.caseB.ID, OrgID: w.orgA.ID, Role: auth.Coordinator}))
		ms, err = db.Memberships(context.Background(), w.caseB.ID)
		must(t, err)
		if len(ms) != 2 || ms[0].OrgName != w.orgA.Name || ms[0].Role != auth.Coordinator || ms[1].OrgID != w.orgB.ID {
			t.Fatalf("memberships %+v", ms)
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Detail != "role=coordinator" || e.ActorID != w.platformUser.ID {
			t.Fatalf("audit %+v", e)
		}
		wantErr(t, db.SetMembership(w.asPlatform(), account.Membership{UserID: w.caseB.ID, OrgID: uuid.Must(uuid.NewV7()), Role: auth.Caseworker}), ErrNotFound)
	})
}

func TestRemoveMembership(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		before := snapshot(t, db)
		wantErr(t, db.RemoveMembership(w.asAdminB(), w.caseA.ID, w.orgA.ID), ErrNotFound)
		wantErr(t, db.RemoveMembership(w.asAdminA(), w.caseB.ID, w.orgB.ID), ErrNotFound)
		wantErr(t, db.RemoveMembership(w.asAdminA(), w.caseB.ID, w.orgA.ID), ErrNotFound) // not a member
		wantErr(t, db.RemoveMembership(w.asSuperA(), w.caseA.ID, w.orgA.ID), ErrForbidden)
		wantErr(t, db.RemoveMembership(context.Background(), w.caseA.ID, w.orgA.ID), ErrForbidden)
		wantErr(t, db.RemoveMembership(w.asAdminA(), w.adminA.ID, w.orgA.ID), ErrConflict)
		sameSnapshot(t, before, snapshot(t, db))

		must(t, db.RemoveMembership(w.asAdminA(), w.caseA.ID, w.orgA.ID))
		ms, err := db.Memberships(context.Background(), w.caseA.ID)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("still a member: %+v", ms)
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "membership.remove" || e.Detail != "role=caseworker" {
			t.Fatalf("audit %+v", e)
		}
		// No longer in A: A's administrator no longer sees them.
		_, err = db.GetUser(w.asAdminA(), w.caseA.ID)
		wantErr(t, err, ErrNotFound)
		// The system may remove even the last administrator.
		must(t, db.RemoveMembership(w.sys, w.adminB.ID, w.orgB.ID))
	})
}
