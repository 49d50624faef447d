package store

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// idMethods calls every actor-scoped method that takes an identifier of org
// B's records (organisation, user, token); the caller supplies the context.
func idMethods(w *world, tokenB uuid.UUID) map[string]func(ctx context.Context) error {
	db := w.db
	orgB := w.orgB
	orgB.City = "Vénissieux"
	return map[string]func(ctx context.Context) error{
		"GetOrganisation":    func(ctx context.Context) error { _, err := db.GetOrganisation(ctx, w.orgB.ID); return err },
		"UpdateOrganisation": func(ctx context.Context) error { return db.UpdateOrganisation(ctx, orgB) },
		"GetUser":            func(ctx context.Context) error { _, err := db.GetUser(ctx, w.caseB.ID); return err },
		"ListUsers":          func(ctx context.Context) error { _, _, err := db.ListUsers(ctx, w.orgB.ID); return err },
		"CreateUser": func(ctx context.Context) error {
			u := account.User{Email: "infiltre@example.org", DisplayName: "Infiltré"}
			return db.CreateUser(ctx, &u, []account.Membership{{OrgID: w.orgB.ID, Role: auth.OrgAdmin}})
		},
		"SetMembership": func(ctx context.Context) error {
			return db.SetMembership(ctx, account.Membership{UserID: w.caseB.ID, OrgID: w.orgB.ID, Role: auth.OrgAdmin})
		},
		"SetMembership(own user into B)": func(ctx context.Context) error {
			return db.SetMembership(ctx, account.Membership{UserID: w.caseA.ID, OrgID: w.orgB.ID, Role: auth.OrgAdmin})
		},
		"RemoveMembership": func(ctx context.Context) error { return db.RemoveMembership(ctx, w.caseB.ID, w.orgB.ID) },
		"SetPassword":      func(ctx context.Context) error { return db.SetPassword(ctx, w.caseB.ID, "$argon2id$x") },
		"SetDisabled":      func(ctx context.Context) error { return db.SetDisabled(ctx, w.caseB.ID, true) },
		"SetLanguage":      func(ctx context.Context) error { return db.SetLanguage(ctx, w.caseB.ID, "fr") },
		"SetTOTP":          func(ctx context.Context) error { return db.SetTOTP(ctx, w.caseB.ID, testSecret, nil) },
		"DisableTOTP":      func(ctx context.Context) error { return db.DisableTOTP(ctx, w.caseB.ID) },
		"TOTPSecret":       func(ctx context.Context) error { _, err := db.TOTPSecret(ctx, w.caseB.ID); return err },
		"UseRecoveryCode": func(ctx context.Context) error {
			_, err := db.UseRecoveryCode(ctx, w.caseB.ID, "1111aaaa")
			return err
		},
		"CreateAPIToken": func(ctx context.Context) error {
			return db.CreateAPIToken(ctx, &APIToken{Name: "x", Hash: tokenHash("pas_x"), OrgID: w.orgB.ID})
		},
		"RevokeAPIToken": func(ctx context.Context) error { return db.RevokeAPIToken(ctx, tokenB) },
		"ListAudit": func(ctx context.Context) error {
			_, err := db.ListAudit(ctx, w.orgB.ID, AuditFilter{})
			return err
		},
		"Audit": func(ctx context.Context) error {
			return db.Audit(ctx, audit.Entry{OrgID: w.orgB.ID, Action: "case.read"})
		},
	}
}

// membership is a shorthand for tests.
func membership(user, org uuid.UUID, role auth.Role) account.Membership {
	return account.Membership{UserID: user, OrgID: org, Role: role}
}

// TestCrossOrganisationIsNotFound: every actor of organisation A, whatever
// their role, gets ErrNotFound for B's records, and nothing changes.
func TestCrossOrganisationIsNotFound(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		must(t, db.SetTOTP(w.asCaseB(), w.caseB.ID, testSecret, []string{"1111aaaa"}))
		tok := APIToken{Name: "export nocturne", Hash: tokenHash("pas_caseB")}
		must(t, db.CreateAPIToken(w.asCaseB(), &tok))
		before := snapshot(t, db)
		for _, role := range []auth.Role{auth.OrgAdmin, auth.Supervisor, auth.Caseworker, auth.Coordinator, auth.Analyst} {
			ctx := w.as(w.adminA, w.orgA.ID, role)
			for name, call := range idMethods(w, tok.ID) {
				if err := call(ctx); err != ErrNotFound {
					t.Errorf("%s as %s of A on B: %v, want ErrNotFound", name, role, err)
				}
			}
		}
		sameSnapshot(t, before, snapshot(t, db))
	})
}

// TestNoActorIsForbidden: without an actor every scoped method refuses.
func TestNoActorIsForbidden(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		before := snapshot(t, db)
		calls := idMethods(w, uuid.Must(uuid.NewV7()))
		calls["CreateOrganisation"] = func(ctx context.Context) error {
			return db.CreateOrganisation(ctx, &account.Organisation{Name: "X", Type: account.NGO, Country: "NGA"})
		}
		calls["ListOrganisations"] = func(ctx context.Context) error { _, err := db.ListOrganisations(ctx); return err }
		calls["ListAPITokens"] = func(ctx context.Context) error { _, err := db.ListAPITokens(ctx); return err }
		calls["VerifyAudit"] = func(ctx context.Context) error { _, err := db.VerifyAudit(ctx); return err }
		for name, call := range calls {
			if err := call(context.Background()); err != ErrForbidden {
				t.Errorf("%s without actor: %v, want ErrForbidden", name, err)
			}
		}
		sameSnapshot(t, before, snapshot(t, db))
	})
}
