package web

import (
	"net/http"
	"net/url"
	"testing"
)

// BenchmarkSignIn is a full POST /signin through the handler: form parsing,
// throttle, user lookup, argon2id check (the bulk of the time), new session
// token, audit entry, session write.
func BenchmarkSignIn(b *testing.B) {
	e := newCoreEnv(b)
	f := url.Values{"email": {e.users["caseworker"].Email}, "password": {corePassword}}
	for b.Loop() {
		c := e.client()
		if r := c.post("/signin", f); r.Code != http.StatusSeeOther {
			b.Fatalf("status %d", r.Code)
		}
	}
}

// BenchmarkAuthenticatedPage is GET / with a valid session: session load,
// user and membership re-check, dashboard render.
func BenchmarkAuthenticatedPage(b *testing.B) {
	e := newCoreEnv(b)
	c := e.signedIn("org_admin")
	for b.Loop() {
		if r := c.get("/"); r.Code != http.StatusOK {
			b.Fatalf("status %d", r.Code)
		}
	}
}
