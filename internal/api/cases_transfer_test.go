package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCaseExportImport: a supervisor exports the cases as CSV and as the
// Excel layout; the files import into another organisation; a file with bad
// rows imports nothing and names each row, unless skip_bad is asked.
func TestCaseExportImport(t *testing.T) {
	ce := newCaseEnv(t)
	csv := ce.call(request{token: "superA", method: "GET", path: "/cases/export?format=csv"}, 200, nil)
	if !strings.Contains(csv, "Aminata") || !strings.Contains(csv, "Diallo") || strings.Contains(csv, "Popescu") {
		t.Fatalf("export: %.300s", csv)
	}
	w := ce.do(request{token: "superA", method: "GET", path: "/cases/export?format=xlsx"})
	if w.Code != 200 || !strings.HasPrefix(w.Header().Get("Content-Type"), xlsxType) ||
		!strings.HasPrefix(w.Header().Get("Content-Disposition"), `attachment; filename="passerelle-cases-`) ||
		!strings.HasPrefix(w.Body.String(), "PK") {
		t.Fatalf("xlsx export: %d %v", w.Code, w.Header())
	}
	xlsx := w.Body.String()
	if acts := ce.auditActions(ce.orgA.ID); acts[len(acts)-1] != "case.export" {
		t.Errorf("export not audited: %v", acts[len(acts)-3:])
	}

	lines := strings.Split(strings.TrimRight(csv, "\r\n"), "\n")
	if len(lines) != 3 {
		t.Fatalf("export has %d lines, want header, labels and one case", len(lines))
	}
	good := lines[2]
	bad := strings.Replace(good, "1999-04-12", "1999-13-45", 1)
	if bad == good {
		t.Fatal("birth date not found in the exported row")
	}
	mixed := strings.Join([]string{lines[0], lines[1], good, bad, good}, "\n") + "\n"

	imp := func(token, query, body, ct string) request {
		return request{token: token, method: "POST", path: "/cases/import" + query, body: body, contentType: ct}
	}
	ce.run(t, []scenario{
		{"bad rows: nothing imported", imp("caseB", "?format=csv", mixed, csvType), 422,
			[]string{`"location":"body.rows[4].prs_Birthdate"`, `"rule":"date"`, "Rows not valid: 1 of 3", "Row 4, prs_Birthdate:"},
			[]string{"1999-13-45", "Aminata"}},
		{"analyst cannot import", imp("analystA", "?format=csv", mixed, csvType), 403, nil, nil},
		{"format required", imp("caseB", "", mixed, csvType), 422, []string{`"location":"query.format"`, `"rule":"required"`}, nil},
		{"unknown format", imp("caseB", "?format=ods", mixed, csvType), 422, []string{`"location":"query.format"`, `"rule":"one_of"`}, nil},
		{"empty file", request{token: "caseB", method: "POST", path: "/cases/import?format=csv"}, 400, []string{`"rule":"required"`}, nil},
		{"not a spreadsheet", imp("caseB", "?format=xlsx", "this is not a zip file", xlsxType), 422,
			[]string{`"location":"body"`}, nil},
		{"caseworker cannot export", request{token: "caseA", method: "GET", path: "/cases/export?format=csv"}, 403, nil, nil},
		{"org admin cannot export", request{token: "adminA", method: "GET", path: "/cases/export?format=csv"}, 403, nil, nil},
		{"export: unknown format", request{token: "superA", method: "GET", path: "/cases/export?format=pdf"}, 422,
			[]string{`"location":"query.format"`}, nil},
	})
	// The same refusal in French.
	r := httptest.NewRequest("POST", Prefix+"/cases/import?format=csv", strings.NewReader(mixed))
	r.Header.Set("Authorization", "Bearer "+ce.tokens["caseB"])
	r.Header.Set("Accept-Language", "fr")
	rec := httptest.NewRecorder()
	ce.h.ServeHTTP(rec, r)
	if rec.Code != 422 || !strings.Contains(rec.Body.String(), "Ligne 4, prs_Birthdate") {
		t.Errorf("French import problem: %d %s", rec.Code, rec.Body)
	}

	rep := ce.importDone(imp("caseB", "?format=csv&skip_bad=true", mixed, csvType)).Report
	if rep.Rows != 3 || rep.Imported != 2 || len(rep.Codes) != 2 || len(rep.BadRows) != 1 || !rep.BadRows[0].Skipped ||
		rep.BadRows[0].Row != 4 || rep.BadRows[0].Problems[0].Rule != "date" {
		t.Errorf("skip_bad report: %+v", rep)
	}
	rep = ce.importDone(request{token: "caseB", method: "POST", path: "/cases/import?format=xlsx", body: xlsx, contentType: xlsxType}).Report
	if rep.Imported != 1 || rep.Format != "xlsx" {
		t.Errorf("xlsx import: %+v", rep)
	}
	// Organisation B now has its own case and three imported copies, with
	// new codes; A's list is unchanged.
	var list struct {
		Items []CaseSummary `json:"items"`
		Total int           `json:"total"`
	}
	ce.call(request{token: "caseB", method: "GET", path: "/cases?name=Aminata%20Diallo"}, 200, &list)
	if list.Total != 3 {
		t.Errorf("B finds %d imported cases: %+v", list.Total, list.Items)
	}
	for _, it := range list.Items {
		if it.Code == ce.ids["{codeA}"] || !strings.HasPrefix(it.Code, "FRA-") {
			t.Errorf("imported case code %s", it.Code)
		}
	}
	ce.call(request{token: "caseA", method: "GET", path: "/cases"}, 200, &list)
	if list.Total != 1 {
		t.Errorf("A has %d cases after B's import", list.Total)
	}
	raw, _ := json.Marshal(rep)
	if strings.Contains(string(raw), "Aminata") {
		t.Errorf("import report holds a cell value: %s", raw)
	}
}
