package store

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func TestCreateOrganisation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		o := account.Organisation{Name: "  Centre d'accueil Sainte-Rita ", Type: account.Shelter, Country: "ben",
			City: "Cotonou", Email: "Accueil@SainteRita.example"}
		must(t, db.CreateOrganisation(w.asPlatform(), &o))
		if o.ID == uuid.Nil || o.ID.Version() != 7 || o.CreatedAt.IsZero() {
			t.Fatalf("ID/CreatedAt not set: %+v", o)
		}
		got, err := db.GetOrganisation(w.asPlatform(), o.ID)
		must(t, err)
		if got != o || got.Name != "Centre d'accueil Sainte-Rita" || got.Country != "BEN" || got.Email != "accueil@sainterita.example" {
			t.Fatalf("stored %+v, want %+v", got, o)
		}
		es, err := db.ListAudit(w.asPlatform(), o.ID, AuditFilter{})
		must(t, err)
		if len(es) != 1 || es[0].Action != "org.create" || es[0].RecordID != o.ID.String() || es[0].ActorID != w.platformUser.ID {
			t.Fatalf("audit %+v", es)
		}

		// Only platform administrators (and the system) create organisations.
		before := snapshot(t, db)
		n := account.Organisation{Name: "X", Type: account.NGO, Country: "NGA"}
		wantErr(t, db.CreateOrganisation(w.asAdminA(), &n), ErrForbidden)
		wantErr(t, db.CreateOrganisation(context.Background(), &n), ErrForbidden)
		// Bad input names every field and changes nothing.
		bad := account.Organisation{Name: "", Type: "Club", Country: "XXX", Phone: "call me", Website: "ftp://x",
			Email: "not-an-address", RetentionDays: -1}
		err = db.CreateOrganisation(w.asPlatform(), &bad)
		var ves valid.Errors
		if !asErrors(err, &ves) {
			t.Fatalf("want valid.Errors, got %v", err)
		}
		for _, f := range []string{"name", "type", "country", "phone", "website", "email", "retention_days"} {
			if !ves.Has(f, "") {
				t.Errorf("no error for %s in %v", f, ves)
			}
		}
		if bad.ID != uuid.Nil {
			t.Fatal("a refused organisation was given an ID")
		}
		sameSnapshot(t, before, snapshot(t, db))
	})
}

func TestGetOrganisationScope(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		for _, ctx := range []context.Context{w.asAdminA(), w.asCaseA(), w.asSuperA(), w.asPlatform(), w.sys} {
			o, err := db.GetOrganisation(ctx, w.orgA.ID)
			must(t, err)
			if o != w.orgA {
				t.Fatalf("got %+v", o)
			}
		}
		_, err := db.GetOrganisation(w.asCaseB(), w.orgA.ID)
		wantErr(t, err, ErrNotFound)
		_, err = db.GetOrganisation(w.asPlatform(), uuid.Must(uuid.NewV7()))
		wantErr(t, err, ErrNotFound)
		_, err = db.GetOrganisation(context.Background(), w.orgA.ID)
		wantErr(t, err, ErrForbidden)
	})
}

func TestUpdateOrganisation(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		o := w.orgA
		o.Phone = "+227 20 73 00 00"
		o.RequireTOTP = true
		o.CreatedAt = o.CreatedAt.AddDate(-1, 0, 0) // not editable
		must(t, db.UpdateOrganisation(w.asAdminA(), o))
		got, err := db.GetOrganisation(w.asAdminA(), o.ID)
		must(t, err)
		if got.Phone != o.Phone || !got.RequireTOTP || got.CreatedAt != w.orgA.CreatedAt {
			t.Fatalf("got %+v", got)
		}
		es, err := db.ListAudit(w.asAdminA(), o.ID, AuditFilter{ActionPrefix: "org.update"})
		must(t, err)
		if len(es) != 1 || es[0].Detail != "fields=phone,require_totp" || es[0].ActorID != w.adminA.ID || es[0].IP != "192.0.2.10" {
			t.Fatalf("audit %+v", es)
		}
		// Saving unchanged values writes nothing.
		before := snapshot(t, db)
		must(t, db.UpdateOrganisation(w.asAdminA(), got))
		sameSnapshot(t, before, snapshot(t, db))

		o.City = "Zinder"
		wantErr(t, db.UpdateOrganisation(w.asCaseA(), o), ErrForbidden)
		wantErr(t, db.UpdateOrganisation(w.asSuperA(), o), ErrForbidden)
		wantErr(t, db.UpdateOrganisation(w.asAdminB(), o), ErrNotFound)
		wantErr(t, db.UpdateOrganisation(context.Background(), o), ErrForbidden)
		ghost := o
		ghost.ID = uuid.Must(uuid.NewV7())
		wantErr(t, db.UpdateOrganisation(w.asPlatform(), ghost), ErrNotFound)
		bad := o
		bad.Name, bad.Country = "", "FR"
		err = db.UpdateOrganisation(w.asAdminA(), bad)
		var ves valid.Errors
		if !asErrors(err, &ves) || !ves.Has("name", valid.RuleRequired) || !ves.Has("country", account.RuleCountry) {
			t.Fatalf("got %v", err)
		}
		sameSnapshot(t, before, snapshot(t, db))
		must(t, db.UpdateOrganisation(w.asPlatform(), o))
	})
}

func TestListOrganisations(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		all, err := db.ListOrganisations(w.asPlatform())
		must(t, err)
		if len(all) != 2 || all[0] != w.orgA || all[1] != w.orgB {
			t.Fatalf("admin list %+v", all)
		}
		dir, err := db.ListOrganisations(w.asCaseA())
		must(t, err)
		if len(dir) != 2 || dir[0] != w.orgA {
			t.Fatalf("own organisation not complete: %+v", dir)
		}
		b := dir[1]
		if b.Name != w.orgB.Name || b.Type != w.orgB.Type || b.Country != "FRA" || b.City != "Lyon" {
			t.Fatalf("directory fields missing: %+v", b)
		}
		if b.Address != "" || b.RequireTOTP || !b.CreatedAt.IsZero() {
			t.Fatalf("directory shows private fields of another organisation: %+v", b)
		}
		_, err = db.ListOrganisations(context.Background())
		wantErr(t, err, ErrForbidden)
	})
}

// asErrors is errors.As for valid.Errors.
func asErrors(err error, out *valid.Errors) bool {
	es, ok := err.(valid.Errors)
	if ok {
		*out = es
	}
	return ok
}

// auditCount is the number of audit entries of one chain.
func auditCount(t testing.TB, db *DB, org uuid.UUID) int {
	t.Helper()
	var n int
	must(t, db.w.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE organisation_id = $1`, org).Scan(&n))
	return n
}

// lastAudit is the newest entry of a chain.
func lastAudit(t testing.TB, db *DB, org uuid.UUID) audit.Entry {
	t.Helper()
	es, err := db.ListAudit(sysCtx(), org, AuditFilter{Limit: 1})
	must(t, err)
	if len(es) == 0 {
		t.Fatal("empty chain")
	}
	return es[0]
}
