package web

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/store"
)

// TestProgrammesLanding: the landing page links exactly the programme pages
// that are registered, says to coordinators that they may change records,
// and is refused to caseworkers.
func TestProgrammesLanding(t *testing.T) {
	e := newCoreEnv(t)
	coord := e.signedIn("coordinator").get("/programmes")
	if coord.Code != http.StatusOK {
		t.Fatalf("coordinator: %d", coord.Code)
	}
	for _, l := range programmeLinks {
		shown := strings.Contains(coord.Body, `href="`+l.Pattern+`"`)
		if shown != e.srv.hasRoute("GET", l.Pattern) {
			t.Errorf("%s shown=%v, registered=%v", l.Pattern, shown, !shown)
		}
	}
	if !strings.Contains(coord.Body, `href="/programmes/legislation"`) || !strings.Contains(coord.Body, "You may add and change records here.") {
		t.Errorf("coordinator's landing page:\n%s", coord.Body)
	}
	analyst := e.signedIn("analyst").get("/programmes")
	if analyst.Code != http.StatusOK || strings.Contains(analyst.Body, "You may add and change records here.") {
		t.Errorf("analyst: %d, may change shown", analyst.Code)
	}
	if r := e.signedIn("caseworker").get("/programmes"); r.Code != http.StatusForbidden {
		t.Errorf("caseworker: %d", r.Code)
	}
	if home := e.signedIn("analyst").get("/"); !strings.Contains(home.Body, `href="/programmes"`) {
		t.Error("the analyst's dashboard has no programmes tile")
	}
}

var legisAssessmentPath = regexp.MustCompile(`^/programmes/legislation/assessments/([0-9a-f-]{36})$`)

// TestLegislationPages: a coordinator's bad input is refused field by field
// with a summary linking to each field, and nothing is written; then an
// assessment, its findings, the gap report (page, CSV, Excel read back) and
// a comparison; an analyst reads but cannot change.
func TestLegislationPages(t *testing.T) {
	e := newCoreEnv(t)
	c := e.signedIn("coordinator")
	count := func(table string) int { return legisCountRows(t, e, table) }

	bad := c.post("/programmes/legislation/assessments", url.Values{"country": {"XXX"}, "assessed_on": {"2999-01-01"},
		"title": {strings.Repeat("t", legislation.MaxTitle+1)}})
	if bad.Code != http.StatusUnprocessableEntity {
		t.Fatalf("bad draft: %d", bad.Code)
	}
	for _, f := range []string{"country", "assessed_on", "title"} {
		if !strings.Contains(bad.Body, `<a href="#`+f+`">`) || !strings.Contains(bad.Body, `id="`+f+`-error"`) {
			t.Errorf("no summary link or message for %s", f)
		}
	}
	if !strings.Contains(bad.Body, "cannot be in the future") || count("legislation_assessments") != 0 {
		t.Fatalf("future date not explained, or something written:\n%s", bad.Body)
	}

	create := func(country, date string) string {
		t.Helper()
		r := c.post("/programmes/legislation/assessments", url.Values{"country": {country}, "assessed_on": {date}, "title": {"Revue"}})
		if r.Code != http.StatusSeeOther || !legisAssessmentPath.MatchString(r.location()) {
			t.Fatalf("create %s: %d %q %.400s", country, r.Code, r.location(), r.Body)
		}
		return r.location()
	}
	first := create("NER", "2022-03-01")
	set := func(path, req, status, provision, evidence string) coreResp {
		t.Helper()
		return c.post(path+"/items/"+req, url.Values{"status": {status}, "provision": {provision}, "evidence": {evidence}})
	}
	if r := set(first, "coe-13-reflection", "partly", "Ordonnance 2010-86, art. 12", "Trente jours,\r\nsans titre de séjour."); r.Code != http.StatusSeeOther {
		t.Fatalf("set item: %d %.300s", r.Code, r.Body)
	}
	set(first, "palermo-3-consent", "in_line", "Ordonnance 2010-86, art. 10", "")
	items := count("legislation_items")
	for _, b := range []struct{ status, provision, evidence, field string }{
		{"compliant", "", "", "status"},
		{"partly", strings.Repeat("p", legislation.MaxProvision+1), "", "provision"},
		{"partly", "", strings.Repeat("e", legislation.MaxEvidence+1), "evidence"},
	} {
		r := set(first, "coe-13-reflection", b.status, b.provision, b.evidence)
		if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `<a href="#`+b.field+`">`) {
			t.Errorf("bad %s: %d", b.field, r.Code)
		}
	}
	if r := set(first, "palermo-99-nothing", "partly", "", ""); r.Code != http.StatusNotFound {
		t.Errorf("unknown requirement: %d", r.Code)
	}
	if count("legislation_items") != items {
		t.Fatal("a refused finding was written")
	}
	view := c.get(first)
	if view.Code != http.StatusOK || !strings.Contains(view.Body, "Ordonnance 2010-86, art. 12") ||
		!strings.Contains(view.Body, "Partly in line") || !strings.Contains(view.Body, "Niger") {
		t.Fatalf("assessment page: %d\n%s", view.Code, view.Body)
	}

	gaps := c.get(first + "/gaps")
	total := len(legislation.Requirements())
	if gaps.Code != http.StatusOK || !strings.Contains(gaps.Body, fmt.Sprintf("%d of %d requirements", total-1, total)) ||
		strings.Contains(gaps.Body, "Consent of the victim is irrelevant") || !strings.Contains(gaps.Body, "Recovery and reflection period") {
		t.Fatalf("gap report: %d\n%s", gaps.Code, gaps.Body)
	}
	csvResp := c.get(first + "/gaps.csv")
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvResp.Body, "\ufeff"))).ReadAll()
	if err != nil || len(rows) != total || rows[0][4] != "Requirement" {
		t.Fatalf("CSV: %v, %d rows, header %v", err, len(rows), rows[0])
	}
	if cd := csvResp.Header.Get("Content-Disposition"); cd != `attachment; filename="gaps-NER-2022-03-01.csv"` {
		t.Errorf("CSV disposition %q", cd)
	}
	xl := c.get(first + "/gaps.xlsx")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(xl.Body)))
	if err != nil {
		t.Fatalf("XLSX does not open: %v", err)
	}
	defer f.Close()
	sheet := f.GetSheetName(0)
	xrows, err := f.GetRows(sheet)
	if err != nil || sheet != "Gaps" || len(xrows) != total || xrows[0][8] != "Evidence" {
		t.Fatalf("XLSX: %v sheet %q, %d rows, header %v", err, sheet, len(xrows), xrows[0])
	}
	found := false
	for _, row := range xrows[1:] {
		if row[5] == "coe-13-reflection" {
			found = row[6] == "Partly in line" && row[7] == "Ordonnance 2010-86, art. 12" && row[8] == "Trente jours,\nsans titre de séjour."
		}
	}
	if !found {
		t.Errorf("XLSX lacks the reflection period's finding as recorded")
	}

	second := create("NER", "2025-06-01")
	set(second, "coe-13-reflection", "in_line", "Loi 2024-12, art. 3", "")
	set(second, "palermo-3-consent", "partly", "Loi 2024-12, art. 2", "")
	cmp := c.get(first + "/compare?with=" + legisAssessmentPath.FindStringSubmatch(second)[1])
	if cmp.Code != http.StatusOK || !strings.Contains(cmp.Body, "From 2022-03-01 to 2025-06-01") ||
		!strings.Contains(cmp.Body, "Improved: 1") || !strings.Contains(cmp.Body, "Regressed: 1") {
		t.Fatalf("comparison: %d\n%s\n%s", cmp.Code, cmp.Body, e.logs.String())
	}
	france := create("FRA", "2025-01-15")
	if r := c.get(first + "/compare?with=" + legisAssessmentPath.FindStringSubmatch(france)[1]); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, "choose an assessment of the same country") {
		t.Errorf("two countries compared: %d", r.Code)
	}
	if r := c.get(first + "/compare?with=nonsense"); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("bad with: %d", r.Code)
	}

	list := c.get("/programmes/legislation")
	if !strings.Contains(list.Body, fmt.Sprintf("1 of %d requirements in line · %d gaps", total, total-1)) {
		t.Errorf("the list does not count the first assessment's findings:\n%s", list.Body)
	}

	a := e.signedIn("analyst")
	if r := a.get(first + "/gaps"); r.Code != http.StatusOK {
		t.Errorf("analyst reads the gaps: %d", r.Code)
	}
	if r := a.get(first); strings.Contains(r.Body, "/items/") {
		t.Error("analyst is offered to record findings")
	}
	if r := a.post(first+"/items/coe-13-reflection", url.Values{"status": {"not_in_line"}}); r.Code != http.StatusForbidden {
		t.Errorf("analyst records a finding: %d", r.Code)
	}
	if r := a.post("/programmes/legislation/assessments", url.Values{"country": {"NER"}, "assessed_on": {"2024-01-01"}}); r.Code != http.StatusForbidden {
		t.Errorf("analyst creates: %d", r.Code)
	}
	if r := e.signedIn("caseworker").get(first); r.Code != http.StatusForbidden {
		t.Errorf("caseworker: %d", r.Code)
	}
}

// legisCountRows counts a table's rows in e's database file, read-only.
func legisCountRows(t *testing.T, e *coreEnv, table string) int {
	t.Helper()
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(e.dir, store.FileName)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	return fixture.CountRows(t, raw, table)
}
