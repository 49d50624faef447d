package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/casework"
)

// TestBrowserDonorReportPhoneAndPrint: a coordinator's donor report in
// French, without JavaScript, at 390 px: nothing wider than the screen, a
// chart and its table, no console error under the strict CSP; printed, the
// menus, the form and the links are gone and the tables remain.
func TestBrowserDonorReportPhoneAndPrint(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	for i := range 12 {
		c := e.cwSeed("caseworker", "Awa"+string(rune('A'+i)), "Sarr", 20+i%5)
		k := casework.Consent{CaseID: c.ID, Purpose: "statistics", GivenBy: "person", Method: "oral"}
		if err := e.db.AddConsent(e.cwActor("caseworker"), &k); err != nil {
			t.Fatal(err)
		}
	}
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	u := e.users["coordinator"]
	do(t, ctx, "sign in",
		chromedp.EmulateViewport(390, 844),
		chromedp.Navigate(ts.URL+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), corePassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	// French through the footer's form, which works without JavaScript.
	do(t, ctx, "report",
		chromedp.Navigate(ts.URL+"/reports/donor?scope=network"),
		chromedp.WaitVisible(chromedp.ID("lang-select")),
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.Submit(chromedp.ID("lang-select")),
		chromedp.WaitVisible(chromedp.ID("cases_gender_age")))
	if h1 := text(t, ctx, "h1"); h1 != "Rapport aux bailleurs" {
		t.Fatalf("heading %q", h1)
	}
	type layout struct {
		Scroll  float64 `json:"scroll"`
		Charts  int     `json:"charts"`
		Tables  int     `json:"tables"`
		Widest  float64 `json:"widest"`
		Visible []bool  `json:"visible"` // nav, form, PDF link, first table
	}
	const measure = `(() => {
		const shown = s => { const el = document.querySelector(s); return !!el && getComputedStyle(el).display !== 'none' && el.getBoundingClientRect().height > 0; };
		return {scroll: document.documentElement.scrollWidth,
			charts: document.querySelectorAll('figure.chart svg').length,
			tables: document.querySelectorAll('.report table').length,
			widest: Math.max(...[...document.querySelectorAll('.report table, figure.chart svg')].map(el => el.getBoundingClientRect().right)),
			visible: [shown('header.top'), shown('form.no-print'), shown('#report-pdf'), shown('.report table')]};
	})()`
	got, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
	if err != nil {
		t.Fatal(err)
	}
	if got.Scroll > 390 || got.Widest > 390 || got.Charts < 3 || got.Tables < 4 {
		t.Errorf("at 390 px: %+v", got)
	}
	if !got.Visible[0] || !got.Visible[1] || !got.Visible[2] || !got.Visible[3] {
		t.Errorf("on screen, visible %v", got.Visible)
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	printed, err := chromedp.Run(ctx, chromedp.Evaluate[layout](measure))
	if err != nil {
		t.Fatal(err)
	}
	if printed.Visible[0] || printed.Visible[1] || printed.Visible[2] || !printed.Visible[3] {
		t.Errorf("printed, visible (nav, form, PDF link, table) %v", printed.Visible)
	}
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
