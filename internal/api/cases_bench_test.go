package api

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkCaseAPI measures the case register through the whole handler
// (token check, validation, store, encryption, audit) on SQLite:
//
//	go test ./internal/api -run '^$' -bench CaseAPI -benchtime 200x
func BenchmarkCaseAPI(b *testing.B) {
	e := newEnv(b)
	tok := e.tokens["caseA"]
	call := func(method, path, body string, want int) string {
		var r = httptest.NewRequest(method, Prefix+path, strings.NewReader(body))
		if body != "" {
			r.Header.Set("Content-Type", "application/json")
		}
		r.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, r)
		if w.Code != want {
			b.Fatalf("%s %s: %d %s", method, path, w.Code, w.Body)
		}
		return w.Body.String()
	}
	body := func(i int) string {
		return fmt.Sprintf(`{"person":{"given_name":"Chidinma%d","family_name":"Okeke","birth_date":"2001-05-%02d","narrative":"Promised work in a salon in Bamako."},
			"gender":"Feminine","citizenship":"NGA","age_when_trafficked":19,"exploitation":["SexualExploitation"],
			"events":[{"kind":"recruitment","country":"NGA","place":"Enugu"},{"kind":"exploitation","country":"MLI","place":"Kangaba"}]}`, i, i%28+1)
	}
	var ids []string
	b.Run("create", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out := call("POST", "/cases", body(i), 201)
			ids = append(ids, out[strings.Index(out, `"id":"`)+6:][:36])
		}
	})
	b.Run("get", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			call("GET", "/cases/"+ids[i%len(ids)], "", 200)
		}
	})
	b.Run("list filtered", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			call("GET", "/cases?status=Active&exploitation=SexualExploitation&country=MLI&limit=50", "", 200)
		}
	})
	b.Run("search name", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			call("GET", fmt.Sprintf("/cases?name=chidinma%d%%20okeke", i%len(ids)), "", 200)
		}
	})
	b.Run("screen", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			call("POST", "/cases/"+ids[i%len(ids)]+"/screenings",
				`{"age_at_recruitment":19,"acts":["recruitment"],"means":["deception"],"purposes":["sexual_exploitation"]}`, 201)
		}
	})
}
