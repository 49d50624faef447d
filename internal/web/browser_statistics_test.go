package web

import (
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// TestBrowserStatisticsDashboard: the coordinator's dashboard in French on a
// phone (390 px), without JavaScript: a chart drawn on the server, its
// table, the note under it in French, and its download, fetched with the
// browser's own session.
func TestBrowserStatisticsDashboard(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newNetEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.signIn("coordinator")
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.scripts(false)
	b.do("dashboard", chromedp.Click(chromedp.CSS(`ul.tiles a[href="/statistics"]`)),
		chromedp.WaitVisible(chromedp.ID("exploitation")))
	b.page("tableau de bord", "fr", "Dossiers par forme d'exploitation")

	if n := b.count("#exploitation figure.stats-chart svg[role=img]"); n != 1 {
		t.Errorf("%d charts in the exploitation panel", n)
	}
	width, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		`document.querySelector("#exploitation svg").getBoundingClientRect().right`))
	if err != nil || width > 390 {
		t.Errorf("the chart ends at %v px on a 390 px screen (%v)", width, err)
	}
	rows := b.rows("#exploitation table.stats tbody tr")
	if len(rows) == 0 {
		t.Fatal("no table under the chart")
	}
	for _, r := range rows {
		if len(r) != 2 || r[1] == "" {
			t.Errorf("row %v", r)
		}
	}
	if note := b.text("#exploitation .stats-note"); !strings.Contains(note, "sont masqués (k = 11)") ||
		!strings.Contains(note, "Écartés : 1 dossiers sans ce consentement.") {
		t.Errorf("note %q", note)
	}

	// The download link, followed with the browser's session.
	href, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.querySelector("#exploitation .stats-downloads a[href*='.csv']").href`))
	if err != nil || !strings.Contains(href, "/statistics/cases.csv?by=exploitation") {
		t.Fatalf("download link %q (%v)", href, err)
	}
	cookies, err := chromedp.Call(ctx, network.GetCookies, network.GetCookiesParams{URLs: []string{ts.URL}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", href, nil)
	for _, c := range cookies.Cookies {
		req.AddCookie(&http.Cookie{Name: c.Name, Value: c.Value})
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	recs, err := csv.NewReader(strings.NewReader(string(body))).ReadAll()
	if resp.StatusCode != http.StatusOK || err != nil || len(recs) != len(rows)+1 || recs[0][0] != "exploitation" {
		t.Errorf("download: %d %v, %d rows for %d in the table: %q", resp.StatusCode, err, len(recs), len(rows), body)
	}
	b.shot("passerelle-statistics-fr-390.png")

	// With scripts on, the same page, and the proof that a policy
	// violation would have been reported.
	b.scripts(true)
	b.do("dashboard with scripts", chromedp.Reload(), chromedp.WaitVisible(chromedp.ID("countries")))
	b.page("tableau de bord (scripts)", "fr", "Dossiers par pays d'exploitation")
	b.cspProbe()
}
