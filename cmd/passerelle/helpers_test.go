package main

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newJar() http.CookieJar {
	j, _ := cookiejar.New(nil)
	return j
}
