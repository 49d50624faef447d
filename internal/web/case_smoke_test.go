package web

import (
	"net/http"
	"testing"
)

func TestCaseSmoke(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	for _, p := range []string{"/cases", "/cases/new"} {
		r := cw.get(p)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", p, r.Code, e.logs.String())
		}
	}
	id := cw.cwCreate(cwForm())
	for _, p := range []string{"/cases/" + id.String(), "/cases/" + id.String() + "/edit", "/cases/" + id.String() + "/screening", "/cases"} {
		r := cw.get(p)
		if r.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", p, r.Code, e.logs.String())
		}
	}
	cwNoMissing(t)
}
