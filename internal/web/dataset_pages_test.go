package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/dataset"
)

// datasetEnv is web-core's fixture with a generated dataset "corridor".
func datasetEnv(t *testing.T) *coreEnv {
	t.Helper()
	e := newCoreEnv(t)
	var buf strings.Builder
	if err := dataset.Generate(&buf, 600, 13); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ImportDataset(cwSys(), "corridor", strings.NewReader(buf.String()), dataset.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	return e
}

// TestDatasetPages: an analyst finds the dataset, counts it by two columns
// with the Public method (countries named, the rule printed under the
// table), downloads the same table as CSV and XLSX; suppression withholds
// small cells; a bad k is a 422 with an error summary linking to the field;
// case roles get 403.
func TestDatasetPages(t *testing.T) {
	e := datasetEnv(t)
	c := e.signedIn("analyst")
	r := c.get("/datasets")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, `href="/datasets/corridor"`) {
		t.Fatalf("list: %d %.500s", r.Code, r.Body)
	}
	if r = c.get("/"); !strings.Contains(r.Body, `href="/datasets"`) {
		t.Errorf("no tile to the datasets on the analyst's home page")
	}
	q := "by=citizenship&by=isForcedLabour&by=&method=public"
	r = c.get("/datasets/corridor?" + q)
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "Niger (NE)") || !strings.Contains(r.Body, "Method: Public (k = 0)") ||
		!strings.Contains(r.Body, "rows left out") || !strings.Contains(r.Body, "table.csv?") || !strings.Contains(r.Body, "<svg") {
		t.Fatalf("public table: %d %.3000s", r.Code, r.Body)
	}
	r = c.get("/datasets/corridor/table.csv?" + q)
	recs, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if r.Code != http.StatusOK || err != nil || strings.Join(recs[0], ",") != "citizenship,isForcedLabour,count" || len(recs) < 20 {
		t.Fatalf("csv: %d %v %.300s", r.Code, err, r.Body)
	}
	r = c.get("/datasets/corridor/table.xlsx?" + q)
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if r.Code != http.StatusOK || err != nil {
		t.Fatalf("xlsx: %d %v", r.Code, err)
	}
	rows, _ := x.GetRows(x.GetSheetName(0))
	if len(rows) < len(recs) || strings.Join(rows[1], ",") != strings.Join(recs[1], ",") {
		t.Errorf("xlsx rows %v, csv %v", rows[:2], recs[:2])
	}

	r = c.get("/datasets/corridor?by=citizenship&by=ageBroad&method=suppression&k=11")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "withheld") {
		t.Errorf("suppressed table: %d %.300s", r.Code, r.Body)
	}
	r = c.get("/datasets/corridor?by=gender&method=suppression&k=abc")
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `id="error-summary"`) || !strings.Contains(r.Body, `href="#k"`) ||
		!strings.Contains(r.Body, `aria-describedby="k-error"`) {
		t.Errorf("bad k: %d %.300s", r.Code, r.Body)
	}
	r = c.get("/datasets/corridor?by=nosuch&method=public")
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#by-1"`) || !strings.Contains(r.Body, "no column") {
		t.Errorf("unknown column: %d %.300s", r.Code, r.Body)
	}
	if r = c.get("/datasets/nosuch"); r.Code != http.StatusNotFound {
		t.Errorf("unknown dataset: %d", r.Code)
	}
	for _, role := range []string{"caseworker", "supervisor", "org_admin"} {
		if r := e.signedIn(role).get("/datasets/corridor?" + q); r.Code != http.StatusForbidden {
			t.Errorf("%s: %d", role, r.Code)
		}
	}
}

// TestDatasetPageInFrench: the page, the rule and the country names speak
// the reader's language.
func TestDatasetPageInFrench(t *testing.T) {
	e := datasetEnv(t)
	c := e.signedIn("coordinator")
	c.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}})
	r := c.get("/datasets/corridor?by=citizenship&method=public")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "Allemagne (DE)") || !strings.Contains(r.Body, "Méthode : publique (k = 0)") ||
		!strings.Contains(r.Body, "lignes écartées") {
		t.Fatalf("French page: %d %.2000s", r.Code, r.Body)
	}
}
