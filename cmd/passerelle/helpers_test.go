package main

import (
	"context"
	"log/slog"
	"net/http"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/store"
)

func discardLogger() *slog.Logger { return fixture.Discard() }

func newJar() http.CookieJar { return fixture.Jar() }

// openData opens the data folder dir as the system, closed at the test's end
// (or by the caller's defer when it must be closed sooner). It opens it as
// the commands do (config.open: the master key file in the folder), not with
// a fixture's own key.
func openData(t *testing.T, dir string) (*store.DB, context.Context) {
	t.Helper()
	c := config{dataDir: dir}
	ctx := systemCtx(context.Background())
	db, err := c.open(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db, ctx
}
