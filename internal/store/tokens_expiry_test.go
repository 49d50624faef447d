package store

import (
	"context"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestTokensAlwaysExpire: a token asked without an expiry gets 90 days, one
// asked for more than 365 days is refused naming the field, and a token
// stored without an expiry stops working 365 days after it was made.
func TestTokensAlwaysExpire(t *testing.T) {
	eachDB(t, func(t *testing.T, db *DB) {
		w := newWorld(t, db)
		k := APIToken{Name: "sans date", Hash: tokenHash("pas_nodate")}
		must(t, db.CreateAPIToken(w.asCaseA(), &k))
		if k.ExpiresAt == nil || !k.ExpiresAt.Equal(k.CreatedAt.Add(DefaultTokenDays*24*time.Hour)) {
			t.Fatalf("expiry %v, want created + %d days", k.ExpiresAt, DefaultTokenDays)
		}
		far := time.Now().Add(366 * 24 * time.Hour)
		var ves valid.Errors
		if err := db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "trop long", Hash: tokenHash("pas_far"), ExpiresAt: &far}); !asErrors(err, &ves) ||
			!ves.Has("expires_at", "range") {
			t.Fatalf("366 days: %v", err)
		}
		year := time.Now().Add(365 * 24 * time.Hour)
		must(t, db.CreateAPIToken(w.asCaseA(), &APIToken{Name: "un an", Hash: tokenHash("pas_year"), ExpiresAt: &year}))

		// A row from before the rule: no expiry, made 366 days ago.
		_, err := db.w.Exec(`UPDATE api_tokens SET expires_at = NULL, created_at = $1 WHERE id = $2`,
			time.Now().UTC().Add(-366*24*time.Hour).Truncate(time.Microsecond), k.ID)
		must(t, err)
		if _, _, _, err := db.APITokenByHash(context.Background(), k.Hash); err != ErrNotFound {
			t.Fatalf("a token without expiry made 366 days ago still works: %v", err)
		}
		ks, err := db.ListAPITokens(w.asCaseA())
		must(t, err)
		for _, x := range ks {
			if x.ExpiresAt == nil {
				t.Errorf("token %q listed without expiry", x.Name)
			}
		}
	})
}
