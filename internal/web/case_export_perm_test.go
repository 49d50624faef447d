package web

import (
	"net/http"
	"testing"
)

// TestExportPageChecksPermissionFirst: a caseworker asking for an export is
// refused (403) whatever the format; a supervisor's bad format is 422.
func TestExportPageChecksPermissionFirst(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	for _, q := range []string{"?format=pdf", "", "?format=csv"} {
		if r := cw.get("/cases/export" + q); r.Code != http.StatusForbidden {
			t.Errorf("caseworker /cases/export%s: %d, want 403", q, r.Code)
		}
	}
	if r := e.signedIn("supervisor").get("/cases/export?format=pdf"); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("supervisor, unknown format: %d, want 422", r.Code)
	}
}
