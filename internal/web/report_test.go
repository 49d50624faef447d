package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestDonorReportPage: a coordinator's report of the organisation and of
// the network, with a chart, its table and the method under it, printable
// (the print style sheet hides the menus and the form), in English and in
// French; the PDF download; a bad date named on its field; a caseworker and
// a supervisor asking for the network are refused.
func TestDonorReportPage(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	for i := range 12 {
		c := e.cwSeed("caseworker", "Awa"+string(rune('A'+i)), "Sarr", 20+i%5)
		k := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person", Method: "oral"}
		if err := e.db.AddConsent(e.cwActor("caseworker"), &k); err != nil {
			t.Fatal(err)
		}
	}
	co := e.signedIn("coordinator")
	if r := co.get("/"); !strings.Contains(r.Body, `href="/reports/donor"`) {
		t.Fatalf("no tile for the report on the coordinator's home page")
	}
	r := co.get("/reports/donor?scope=network")
	if r.Code != http.StatusOK {
		t.Fatalf("report: %d %s", r.Code, r.Body)
	}
	for _, want := range []string{"Report to donors", "Scope: the whole network", "<svg", "<caption>By gender</caption>",
		"Forced labour", "(k = 11)", "report.css", `class="card no-print"`,
		`id="report-pdf"`, "Referrals between organisations are not yet recorded"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	for _, never := range []string{"Awa", "Sarr", "Kaolack"} {
		if strings.Contains(r.Body, never) {
			t.Errorf("the page shows %q", never)
		}
	}
	css := co.get(staticURL(t, r.Body, "report.css"))
	if !strings.Contains(css.Body, "@media print") || !strings.Contains(css.Body, "size: A4") {
		t.Errorf("print style sheet: %d %.100s", css.Code, css.Body)
	}
	pdf := co.get("/reports/donor?scope=network&format=pdf")
	if pdf.Code != http.StatusOK || pdf.Header.Get("Content-Type") != "application/pdf" || !strings.HasPrefix(pdf.Body, "%PDF-") {
		t.Fatalf("pdf: %d %v", pdf.Code, pdf.Header)
	}
	bad := co.get("/reports/donor?from=31/01/2026")
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `id="from-error"`) ||
		!strings.Contains(bad.Body, `aria-describedby="from-hint from-error"`) || !strings.Contains(bad.Body, `href="#from"`) {
		t.Fatalf("bad date: %d %s", bad.Code, bad.Body)
	}
	if r := co.post("/language", url.Values{"lang": {"fr"}, "return": {"/"}}); r.Code != http.StatusSeeOther {
		t.Fatalf("language: %d", r.Code)
	}
	fr := co.get("/reports/donor")
	for _, want := range []string{"Rapport aux bailleurs", "Périmètre : notre organisation", "Par genre", "Travail forcé"} {
		if !strings.Contains(fr.Body, want) {
			t.Errorf("the French page lacks %q", want)
		}
	}
	if r := e.signedIn("caseworker").get("/reports/donor"); r.Code != http.StatusForbidden {
		t.Errorf("caseworker: %d", r.Code)
	}
	if r := e.signedIn("supervisor").get("/reports/donor?scope=network"); r.Code != http.StatusForbidden {
		t.Errorf("supervisor, network: %d", r.Code)
	}
}

// staticURL finds the hashed URL of a static file in a page.
func staticURL(t *testing.T, page, name string) string {
	t.Helper()
	i := strings.Index(page, name)
	if i < 0 {
		t.Fatalf("%s not linked", name)
	}
	j := strings.LastIndex(page[:i], `"`)
	k := strings.Index(page[i:], `"`)
	return page[j+1 : i+k]
}
