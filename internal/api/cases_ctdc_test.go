package api

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/ctdc"
)

// TestCaseExportCTDC: format=ctdc answers the CTDC file with its report in
// X-Ctdc-Report, holds no name, refuses filters and a k out of bounds, and
// keeps the export's permission.
func TestCaseExportCTDC(t *testing.T) {
	ce := newCaseEnv(t)
	w := ce.do(request{token: "superA", method: "GET", path: "/cases/export?format=ctdc&k=2"})
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), csvType) ||
		!strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="passerelle-ctdc-`) ||
		!strings.HasPrefix(w.Body.String(), strings.Join(ctdc.Columns, ",")+"\r\n") {
		t.Fatalf("ctdc export: %d %v %.200s", w.Code, w.Header(), w.Body)
	}
	for _, name := range []string{"Aminata", "Diallo"} {
		if strings.Contains(w.Body.String(), name) {
			t.Fatalf("the CTDC file holds %q", name)
		}
	}
	var rep ctdc.Report
	if err := json.Unmarshal([]byte(w.Header().Get("X-Ctdc-Report")), &rep); err != nil || rep.K != 2 ||
		rep.Cases+rep.Excluded == 0 || len(rep.Levels) != len(ctdc.QIs) || len(rep.Columns) != len(ctdc.QIs) {
		t.Fatalf("report header %q: %v", w.Header().Get("X-Ctdc-Report"), err)
	}
	if acts := ce.auditActions(ce.orgA.ID); acts[len(acts)-1] != "case.export_ctdc" {
		t.Errorf("not audited: %v", acts[len(acts)-1])
	}
	ce.run(t, []scenario{
		{"caseworker cannot export ctdc", request{token: "caseA", method: "GET", path: "/cases/export?format=ctdc"}, 403, nil, nil},
		{"analyst cannot export ctdc", request{token: "analystA", method: "GET", path: "/cases/export?format=ctdc"}, 403, nil, nil},
		{"ctdc: k too small", request{token: "superA", method: "GET", path: "/cases/export?format=ctdc&k=1"}, 422,
			[]string{`"location":"query.k"`}, nil},
		{"ctdc: no filters", request{token: "superA", method: "GET", path: "/cases/export?format=ctdc&name=Aminata"}, 422,
			[]string{`"location":"query.name"`, `"rule":"ctdc_whole"`, "whole register"}, []string{"Aminata"}},
	})
}
