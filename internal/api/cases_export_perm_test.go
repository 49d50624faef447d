package api

import "testing"

// TestExportChecksPermissionFirst: without the export permission the answer
// is 403 whatever the format (unknown, missing or valid); with it, a bad
// format is 422.
func TestExportChecksPermissionFirst(t *testing.T) {
	ce := newCaseEnv(t)
	runScenarios(t, ce.env, []scenario{
		{"caseworker, unknown format", request{token: "caseA", method: "GET", path: "/cases/export?format=pdf"}, 403,
			[]string{`"status":403`}, []string{"query.format"}},
		{"caseworker, no format", request{token: "caseA", method: "GET", path: "/cases/export"}, 403,
			[]string{`"status":403`}, []string{"query.format"}},
		{"org admin, unknown format", request{token: "adminA", method: "GET", path: "/cases/export?format=ods"}, 403, nil, nil},
		{"supervisor, unknown format", request{token: "superA", method: "GET", path: "/cases/export?format=pdf"}, 422,
			[]string{`"location":"query.format"`}, nil},
	})
}
