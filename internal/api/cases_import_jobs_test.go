package api

import (
	"encoding/json"
	"net/http/httptest"
	"strings"
	"testing"
)

// importDone posts an import, checks the 202 and its Location, follows the
// job to its end and returns it: every state seen is a valid step towards
// the end, with rows done never past rows total.
func (ce *caseEnv) importDone(r request) ImportJob {
	ce.t.Helper()
	rec := ce.do(r)
	var job ImportJob
	if rec.Code != 202 || json.Unmarshal(rec.Body.Bytes(), &job) != nil || job.ID == "" {
		ce.t.Fatalf("import: %d %s", rec.Code, rec.Body)
	}
	loc := rec.Header().Get("Location")
	if loc != Prefix+"/imports/"+job.ID || job.Status != "queued" || job.Created != 0 {
		ce.t.Fatalf("accepted job: %s %+v", loc, job)
	}
	seen := []ImportJob{job}
	ce.call(request{token: r.token, method: "GET", path: "/imports/" + job.ID}, 200, &job)
	seen = append(seen, job)
	ce.db.WaitImports()
	ce.call(request{token: r.token, method: "GET", path: strings.TrimPrefix(loc, Prefix)}, 200, &job)
	seen = append(seen, job)
	for _, j := range seen {
		if j.RowsDone > j.RowsTotal || j.RowsTotal != seen[0].RowsTotal || (j.Status != "done" && j.Created != 0) {
			ce.t.Fatalf("progress: %+v", seen)
		}
	}
	if job.Status != "done" || job.RowsDone != job.RowsTotal || job.Created != job.RowsTotal || job.FinishedAt == nil ||
		len(job.Report.Codes) != job.Created || job.Report.Imported != job.Created {
		ce.t.Fatalf("job at its end: %+v", job)
	}
	return job
}

// TestImportJobs: an accepted file answers 202 with the job; the job is
// followed to done with its report and codes; another organisation gets
// 404 for it; a refused file is answered at once and queues nothing; the
// job's start and end are audited.
func TestImportJobs(t *testing.T) {
	ce := newCaseEnv(t)
	csv := ce.call(request{token: "superA", method: "GET", path: "/cases/export?format=csv"}, 200, nil)
	lines := strings.Split(strings.TrimRight(csv, "\r\n"), "\n")
	good := lines[2]
	bad := strings.Replace(good, "1999-04-12", "1999-13-45", 1)
	file := strings.Join([]string{lines[0], lines[1], good, bad, good, good}, "\n") + "\n"
	imp := func(token, query, body string) request {
		return request{token: token, method: "POST", path: "/cases/import" + query, body: body, contentType: csvType}
	}
	// Refused at once, nothing queued or changed: bad rows, a file that is
	// not one, a role that may not import.
	before := ce.snapshot()
	ce.call(imp("caseA", "?format=csv", file), 422, nil)
	ce.call(imp("caseA", "?format=xlsx", "this is not a zip file"), 422, nil)
	ce.call(imp("analystA", "?format=csv&skip_bad=true", file), 403, nil)
	after := ce.snapshot()
	for table := range before {
		if before[table] != after[table] {
			t.Errorf("a refused file changed %s", table)
		}
	}

	job := ce.importDone(imp("caseA", "?format=csv&skip_bad=true", file))
	if job.RowsTotal != 3 || job.Skipped != 1 || job.Report.Rows != 4 || len(job.Report.BadRows) != 1 ||
		job.Report.BadRows[0].Row != 4 || !job.Report.BadRows[0].Skipped || job.Report.BadRows[0].Problems[0].Message == "" ||
		job.Format != "csv" || !job.SkipBad || job.ErrorCode != "" {
		t.Fatalf("report: %+v", job)
	}
	for _, code := range job.Report.Codes {
		var list struct{ Total int }
		ce.call(request{token: "caseA", method: "GET", path: "/cases?code=" + code}, 200, &list)
		if list.Total != 1 {
			t.Errorf("case %s not found", code)
		}
	}
	raw, _ := json.Marshal(job)
	if strings.Contains(string(raw), "Aminata") {
		t.Errorf("the job holds a cell value: %s", raw)
	}
	acts := strings.Join(ce.auditActions(ce.orgA.ID), " ")
	if !strings.Contains(acts, "case.import.start") || !strings.Contains(acts, "case.import.end") {
		t.Errorf("job not audited: %s", acts)
	}

	// Another organisation, and a role without the permission, do not see it.
	ce.call(request{token: "caseB", method: "GET", path: "/imports/" + job.ID}, 404, nil)
	ce.call(request{token: "analystA", method: "GET", path: "/imports/" + job.ID}, 403, nil)
	ce.call(request{token: "caseA", method: "GET", path: "/imports/0190a5e0-0000-7000-8000-000000000000"}, 404, nil)

	// In French.
	var fr ImportJob
	ce.call(request{token: "caseA", method: "GET", path: "/imports/" + job.ID, header: map[string]string{"Accept-Language": "fr"}}, 200, &fr)
	if !strings.Contains(fr.Report.BadRows[0].Problems[0].Message, "date") || fr.Report.BadRows[0].Problems[0].Message == job.Report.BadRows[0].Problems[0].Message {
		t.Errorf("French report: %+v", fr.Report.BadRows)
	}
}

// TestImportJobsDocumented: the document says an import answers 202 with
// the job and its Location, and describes the job's statuses.
func TestImportJobsDocumented(t *testing.T) {
	w := httptest.NewRecorder()
	New(Deps{}).ServeHTTP(w, httptest.NewRequest("GET", Prefix+openAPIPath+".json", nil))
	var doc struct {
		Paths map[string]map[string]struct {
			Responses map[string]struct {
				Headers map[string]any `json:"headers"`
				Content map[string]struct {
					Schema struct {
						Ref string `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"responses"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum []string `json:"enum"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	accepted := doc.Paths["/cases/import"]["post"].Responses["202"]
	if accepted.Headers["Location"] == nil || !strings.HasSuffix(accepted.Content["application/json"].Schema.Ref, "/ImportJob") {
		t.Errorf("import's 202: %+v", accepted)
	}
	got := doc.Paths["/imports/{id}"]["get"].Responses["200"]
	if !strings.HasSuffix(got.Content["application/json"].Schema.Ref, "/ImportJob") {
		t.Errorf("get-import's 200: %+v", got)
	}
	if st := doc.Components.Schemas["ImportJob"].Properties["status"].Enum; strings.Join(st, ",") != "queued,running,done,failed" {
		t.Errorf("statuses: %v", st)
	}
}
