package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

func tokenHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:])
}

func TestAPITokens(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		bg := context.Background()
		k := APIToken{Name: "Import depuis le tableur", Hash: tokenHash("pas_caseA")}
		must(t, db.CreateAPIToken(w.asCaseA(), &k))
		if k.ID.Version() != 7 || k.UserID != w.caseA.ID || k.OrgID != w.orgA.ID || k.CreatedAt.IsZero() {
			t.Fatalf("token %+v", k)
		}
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "token.create" || e.RecordID != k.ID.String() {
			t.Fatalf("audit %+v", e)
		}
		got, u, m, err := db.APITokenByHash(bg, k.Hash)
		must(t, err)
		if got.ID != k.ID || u.ID != w.caseA.ID || u.PasswordHash != "" || m.Role != auth.Caseworker ||
			m.OrgID != w.orgA.ID || m.OrgName != w.orgA.Name || got.LastUsedAt == nil {
			t.Fatalf("lookup %+v %+v %+v", got, u, m)
		}
		_, _, _, err = db.APITokenByHash(bg, tokenHash("unknown"))
		wantErr(t, err, ErrNotFound)

		// Refused: another user's or organisation's token, bad input, no actor.
		before := snapshot(t, db)
		wantErr(t, db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "x", Hash: tokenHash("1"), UserID: w.superA.ID}), ErrNotFound)
		wantErr(t, db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "x", Hash: tokenHash("2"), OrgID: w.orgB.ID}), ErrNotFound)
		wantErr(t, db.CreateAPIToken(bg, &APIToken{Name: "x", Hash: tokenHash("3")}), ErrForbidden)
		var ves valid.Errors
		if err := db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "", Hash: "short"}); !asErrors(err, &ves) ||
			!ves.Has("name", valid.RuleRequired) || !ves.Has("hash", "") {
			t.Fatalf("bad token: %v", err)
		}
		wantErr(t, db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "dup", Hash: k.Hash}), ErrConflict)
		sameSnapshot(t, before, snapshot(t, db))

		// Expired tokens are refused.
		past := time.Now().Add(-time.Hour)
		old := APIToken{Name: "ancien", Hash: tokenHash("pas_old"), ExpiresAt: &past}
		must(t, db.CreateAPIToken(w.asCaseA(), &old))
		_, _, _, err = db.APITokenByHash(bg, old.Hash)
		wantErr(t, err, ErrNotFound)
		future := time.Now().Add(time.Hour)
		soon := APIToken{Name: "bientôt", Hash: tokenHash("pas_soon"), ExpiresAt: &future}
		must(t, db.CreateAPIToken(w.asCaseA(), &soon))
		_, _, _, err = db.APITokenByHash(bg, soon.Hash)
		must(t, err)

		// Lists show one's own tokens only, newest first, without hashes.
		list, err := db.ListAPITokens(w.asCaseA())
		must(t, err)
		if len(list) != 3 || list[0].ID != soon.ID || list[2].ID != k.ID || list[0].Hash != "" {
			t.Fatalf("list %+v", list)
		}
		if l, _ := db.ListAPITokens(w.asSuperA()); len(l) != 0 {
			t.Fatalf("another user's tokens listed: %+v", l)
		}

		// Revocation: not another organisation, not a colleague without
		// user.manage; the owner or a user manager may.
		before = snapshot(t, db)
		wantErr(t, db.RevokeAPIToken(w.asAdminB(), k.ID), ErrNotFound)
		wantErr(t, db.RevokeAPIToken(w.asSuperA(), k.ID), ErrForbidden)
		wantErr(t, db.RevokeAPIToken(w.asCaseA(), uuid.Must(uuid.NewV7())), ErrNotFound)
		wantErr(t, db.RevokeAPIToken(bg, k.ID), ErrForbidden)
		sameSnapshot(t, before, snapshot(t, db))
		must(t, db.RevokeAPIToken(w.asCaseA(), k.ID))
		if e := lastAudit(t, db, w.orgA.ID); e.Action != "token.revoke" || e.RecordID != k.ID.String() {
			t.Fatalf("audit %+v", e)
		}
		_, _, _, err = db.APITokenByHash(bg, k.Hash)
		wantErr(t, err, ErrNotFound)
		before = snapshot(t, db)
		must(t, db.RevokeAPIToken(w.asCaseA(), k.ID)) // twice: nothing more
		sameSnapshot(t, before, snapshot(t, db))
		must(t, db.RevokeAPIToken(w.asAdminA(), old.ID))

		// A disabled user's tokens stop working, and so do tokens of an
		// organisation the user has left.
		must(t, db.SetDisabled(w.asAdminA(), w.caseA.ID, true))
		_, _, _, err = db.APITokenByHash(bg, soon.Hash)
		wantErr(t, err, ErrNotFound)
		must(t, db.SetDisabled(w.asAdminA(), w.caseA.ID, false))
		_, _, _, err = db.APITokenByHash(bg, soon.Hash)
		must(t, err)
		must(t, db.RemoveMembership(w.asAdminA(), w.caseA.ID, w.orgA.ID))
		_, _, _, err = db.APITokenByHash(bg, soon.Hash)
		wantErr(t, err, ErrNotFound)
	})
}

func TestPlatformAdminToken(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		k := APIToken{Name: "supervision", Hash: tokenHash("pas_platform")}
		must(t, db.CreateAPIToken(w.asPlatform(), &k))
		_, u, m, err := db.APITokenByHash(context.Background(), k.Hash)
		must(t, err)
		if u.ID != w.platformUser.ID || m.Role != auth.Admin || m.OrgID != uuid.Nil {
			t.Fatalf("got %+v %+v", u, m)
		}
		// Someone who is not a platform administrator gets no organisation-less token.
		x := account.User{Email: "sans.organisation@example.org", DisplayName: "Sans Organisation"}
		must(t, db.CreateUser(w.sys, &x, nil))
		sysTok := APIToken{Name: "x", Hash: tokenHash("pas_x"), UserID: x.ID}
		wantErr(t, db.CreateAPIToken(w.sys, &sysTok), ErrForbidden)
	})
}
