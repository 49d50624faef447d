package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"testing"

	"github.com/passerelle-org/passerelle/internal/store"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}

// openData opens the data folder dir as the system, closed at the test's end
// (or by the caller's defer when it must be closed sooner).
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
