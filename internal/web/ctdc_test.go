package web

import (
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestCTDCExportPage: the list links to the CTDC page; the page shows what
// the file will hold for the k asked, names no one, and links to the
// download, which is the CTDC CSV; a k out of range is a 422 naming the
// field; a caseworker is refused both.
func TestCTDCExportPage(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	for i, name := range []string{"Awa", "Coumba", "Ndeye"} {
		c := e.cwSeed("caseworker", name, "Sarr", 20+i)
		stats := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person", Method: "oral"}
		if err := e.db.AddConsent(e.cwActor("caseworker"), &stats); err != nil {
			t.Fatal(err)
		}
	}
	sup := e.signedIn("supervisor")
	if r := sup.get("/cases"); !strings.Contains(r.Body, `href="/cases/export/ctdc"`) {
		t.Fatalf("the list does not link to the CTDC page: %d", r.Code)
	}
	r := sup.get("/cases/export/ctdc?k=3")
	if r.Code != http.StatusOK || !strings.Contains(r.Body, "3 cases read, 3 rows in the file, k = 3.") ||
		!strings.Contains(r.Body, `href="/cases/export?format=ctdc&amp;k=3"`) {
		t.Fatalf("page: %d %s", r.Code, r.Body)
	}
	for _, s := range []string{"Awa", "Sarr", "Kaolack"} {
		if strings.Contains(r.Body, s) {
			t.Errorf("the page shows %q", s)
		}
	}
	d := sup.get("/cases/export?format=ctdc&k=3")
	if d.Code != http.StatusOK || !strings.HasPrefix(d.Header.Get("Content-Disposition"), `attachment; filename="passerelle-ctdc-`) ||
		!strings.HasPrefix(d.Body, "yearOfRegistration,gender,ageBroad,") || strings.Count(d.Body, "\r\n") != 4 ||
		strings.Contains(d.Body, "Sarr") {
		t.Fatalf("download: %d %v %q", d.Code, d.Header, d.Body)
	}
	bad := sup.get("/cases/export/ctdc?k=1")
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="k-error"`) ||
		!strings.Contains(bad.Body, `aria-describedby="k-hint k-error"`) || strings.Contains(bad.Body, "ctdc-download") {
		t.Fatalf("k=1: %d %s", bad.Code, bad.Body)
	}
	narrowed := sup.get("/cases/export?format=ctdc&name=Awa")
	if narrowed.Code != http.StatusUnprocessableEntity || !strings.Contains(narrowed.Body, "whole register") ||
		strings.Contains(narrowed.Body, "yearOfRegistration,") || strings.Contains(narrowed.Body, "Awa") {
		t.Fatalf("a filtered CTDC file: %d %s", narrowed.Code, narrowed.Body)
	}
	cw := e.signedIn("caseworker")
	for _, p := range []string{"/cases/export/ctdc", "/cases/export?format=ctdc"} {
		if r := cw.get(p); r.Code != http.StatusForbidden {
			t.Errorf("caseworker %s: %d", p, r.Code)
		}
	}
}
