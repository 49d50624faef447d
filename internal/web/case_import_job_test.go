package web

import (
	"bytes"
	"database/sql"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/htcds"
	"github.com/passerelle-org/passerelle/internal/store"
)

var importJobPath = regexp.MustCompile(`^/imports/[0-9a-f-]{36}$`)

// importJobDone checks that an upload was accepted (303 to its job's page),
// waits for the job and returns its page.
func (e *coreEnv) importJobDone(c *coreClient, r coreResp) coreResp {
	e.t.Helper()
	if r.Code != http.StatusSeeOther || !importJobPath.MatchString(r.location()) {
		e.t.Fatalf("upload: %d %q %.1500s", r.Code, r.location(), r.Body)
	}
	e.db.WaitImports()
	page := c.get(r.location())
	if page.Code != http.StatusOK || !strings.Contains(page.Body, `id="import-done"`) || strings.Contains(page.Body, `http-equiv="refresh"`) {
		e.t.Fatalf("job page: %d %.2000s", page.Code, page.Body)
	}
	return page
}

// TestCaseImportJobPage: an upload leads to its job's page, which reloads
// itself while the job runs and shows the report when done, in French for
// a French reader; another organisation's job is not found; a job whose
// process died is shown failed, telling to upload the file again.
func TestCaseImportJobPage(t *testing.T) {
	e := newCoreEnv(t)
	cw := e.signedIn("caseworker")
	r := cw.cwUpload("/cases/import", "file", "cases.csv", cwCSV(t, 1), map[string]string{"skip_bad": "1"})
	if r.Code != http.StatusSeeOther || !importJobPath.MatchString(r.location()) {
		t.Fatalf("upload: %d %q", r.Code, r.location())
	}
	jobPath := r.location()
	// Right after the upload the job is queued, running or already done:
	// a live job's page reloads itself every 2 seconds, without script.
	first := cw.get(jobPath)
	switch {
	case first.Code != http.StatusOK:
		t.Fatalf("job page: %d", first.Code)
	case strings.Contains(first.Body, `id="import-progress"`):
		cwHas(t, "live job", first.Body, `<meta http-equiv="refresh" content="2">`, "refreshes itself every 2 seconds")
	default:
		cwHas(t, "finished job", first.Body, `id="import-done"`)
	}
	page := e.importJobDone(cw, r)
	cwHas(t, "job page", page.Body, "2 cases imported from 3 rows", "1 bad rows skipped", "<td>4</td>", "prs_Birthdate",
		"in the future", `id="import-codes"`, `href="/cases/import"`)
	cwLacks(t, "job page", page.Body, "Esi", "2999-01-01")

	// A job of the other organisation is not found.
	other, err := e.db.StartImport(e.cwActor("police"), store.ImportRequest{File: bytes.NewReader(cwCSV(t, -1)), Format: htcds.CSV})
	if err != nil {
		t.Fatal(err)
	}
	e.db.WaitImports()
	if r := cw.get("/imports/" + other.ID.String()); r.Code != http.StatusNotFound || strings.Contains(r.Body, "Abena") {
		t.Errorf("another organisation's job: %d", r.Code)
	}
	// A job whose server process died is shown failed, once its heartbeat
	// is old enough, with what to do.
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(e.dir, store.FileName))
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	dead := uuid.Must(uuid.NewV7())
	old := time.Now().UTC().Add(-store.ImportStaleAfter - time.Minute)
	if _, err := raw.Exec(`INSERT INTO import_jobs (id, organisation_id, requested_by, format, skip_bad, status,
		rows_total, rows_done, created, skipped, created_at, updated_at) VALUES ($1, $2, $3, 'csv', 0, 'running', 40, 12, 0, 0, $4, $4)`,
		dead, e.org.ID, e.users["caseworker"].ID, old); err != nil {
		t.Fatal(err)
	}
	cwHas(t, "dead job", cw.get("/imports/"+dead.String()).Body, `id="import-error"`, "upload the file again")
	// A live job of another process: its progress, and the page reloads.
	live := uuid.Must(uuid.NewV7())
	if _, err := raw.Exec(`INSERT INTO import_jobs (id, organisation_id, requested_by, format, skip_bad, status,
		rows_total, rows_done, created, skipped, created_at, updated_at) VALUES ($1, $2, $3, 'csv', 0, 'running', 40, 12, 0, 0, $4, $4)`,
		live, e.org.ID, e.users["caseworker"].ID, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	cwHas(t, "live job", cw.get("/imports/"+live.String()).Body, `<meta http-equiv="refresh" content="2">`,
		"12 of 40 prepared", `<progress max="40" value="12"`)

	// The reader's language is French: the same pages in French.
	fr := cw
	fr.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	cwHas(t, "French job page", fr.get(jobPath).Body, "2 dossiers importés sur 3 lignes", "1 lignes incorrectes ignorées",
		"Codes des dossiers créés", "Importer un autre fichier")

	cwHas(t, "dead job in French", fr.get("/imports/"+dead.String()).Body, "envoyez à nouveau le fichier")

	if r := cw.get("/imports/not-a-uuid"); r.Code != http.StatusNotFound {
		t.Errorf("bad id: %d", r.Code)
	}
	cwNoMissing(t)
}
