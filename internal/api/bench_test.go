package api

import (
	"net/http"
	"testing"
)

// BenchmarkGetMe measures one authenticated call end to end: token lookup,
// actor, two store reads, JSON.
func BenchmarkGetMe(b *testing.B) {
	e := newEnv(b)
	for b.Loop() {
		if w := e.do(request{token: "adminA", method: "GET", path: "/me"}); w.Code != http.StatusOK {
			b.Fatalf("status %d", w.Code)
		}
	}
}

// BenchmarkRefusedBody measures a body refused by validation (422, nothing
// written): the cost of translating huma's errors.
func BenchmarkRefusedBody(b *testing.B) {
	e := newEnv(b)
	r := request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users",
		body: `{"email":"nope","display_name":"","role":"boss","extra":1}`, header: map[string]string{"Accept-Language": "fr"}}
	for b.Loop() {
		if w := e.do(r); w.Code != http.StatusUnprocessableEntity {
			b.Fatalf("status %d", w.Code)
		}
	}
}
