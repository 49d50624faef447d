package web

import (
	"context"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/identify"
)

// TestBrowserCaseWorkflow is the case register's acceptance test in a real
// Chromium: a caseworker signs in, switches to French, creates a case, runs
// the guided screening on a phone-sized screen and reads the reasoned result
// in French, adds a plan item and asks to close the case; a supervisor signs
// in, approves the closure from the approvals list, and the case shows
// Closed. Screenshots of a screening step and of the result go to the
// temporary directory.
func TestBrowserCaseWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)

	signIn := func(key string) {
		t.Helper()
		u := e.users[key]
		do(t, ctx, "sign in "+key,
			chromedp.Navigate(ts.URL+"/signin"),
			chromedp.WaitVisible(chromedp.ID("email")),
			chromedp.SendKeys(chromedp.ID("email"), u.Email),
			chromedp.SendKeys(chromedp.ID("password"), corePassword),
			chromedp.Submit(chromedp.ID("password")),
			chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	}
	shot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		path := os.TempDir() + "/" + name
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err == nil && overflow {
			t.Errorf("%s: the page scrolls sideways", name)
		}
	}

	// 1. The caseworker signs in and switches the interface to French.
	signIn("caseworker")
	do(t, ctx, "switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))

	// 2. A new case.
	do(t, ctx, "new case form",
		chromedp.Navigate(ts.URL+"/cases/new"),
		chromedp.WaitVisible(chromedp.ID("given_name")),
		chromedp.SendKeys(chromedp.ID("given_name"), "Nafissatou"),
		chromedp.SendKeys(chromedp.ID("family_name"), "Diallo"),
		chromedp.SetValue(chromedp.ID("gender"), "Feminine"),
		chromedp.SetValue(chromedp.ID("citizenship"), "GIN"),
		chromedp.SendKeys(chromedp.ID("age_when_trafficked"), "22"),
		chromedp.Click(chromedp.CSS(`input[name=exploitation][value=ForcedLabour]`)),
		chromedp.SetValue(chromedp.ID("event_country_0"), "GIN"),
		chromedp.SendKeys(chromedp.ID("event_place_0"), "Labé"),
		chromedp.SetValue(chromedp.ID("event_country_1"), "MLI"),
		chromedp.SetValue(chromedp.ID("event_country_2"), "SEN"),
		chromedp.SendKeys(chromedp.ID("event_place_2"), "Dakar"),
		chromedp.Click(chromedp.ID("case-submit")),
		chromedp.WaitVisible(chromedp.ID("case-code")))
	code := text(t, ctx, "#case-code")
	if !strings.HasPrefix(code, "SEN-") {
		t.Fatalf("case code %q", code)
	}
	if route := text(t, ctx, "#route"); !strings.Contains(route, "Guinée → Mali → Sénégal") || !strings.Contains(route, "international") {
		t.Errorf("route %q", route)
	}

	// 3. The guided screening, on a phone-sized screen.
	// Submit through the page's own script rather than by node id: after a
	// navigation chromedp can hold a node id of the document it left.
	next := chromedp.Action[chromedp.Void](func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		_, err := chromedp.Evaluate[bool](`(() => { document.querySelector('button[name=go][value=next]').click(); return true })()`)(ctx, tg)
		return chromedp.Void{}, err
	})
	atStep := func(n string) chromedp.Action[chromedp.Void] {
		return chromedp.WaitReady(chromedp.CSS(`input[name=step][value="` + n + `"]`))
	}
	// tick checks boxes on the page as a person would; some come pre-ticked
	// from the case's facts (a click would untick them).
	tick := func(sels ...string) {
		t.Helper()
		for _, sel := range sels {
			js := `(() => { const el = document.querySelector(` + strconv.Quote(sel) + `); if (!el) return false; el.checked = true; return true })()`
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js))
			if err != nil || !ok {
				t.Fatalf("tick %s: %v", sel, err)
			}
		}
	}
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	do(t, ctx, "open the screening", chromedp.Click(`//a[contains(., "Commencer un repérage")]`), atStep("1"))
	do(t, ctx, "step 1", next, atStep("2"))
	tick(`input[name=act][value=recruitment]`, `input[name=act][value=transportation]`)
	shot("passerelle-screening-step-390.png")
	do(t, ctx, "step 2", next, atStep("3"))
	tick(`input[name=means][value=deception]`, `input[name=means][value=abuse_of_vulnerability]`)
	do(t, ctx, "step 3", next, atStep("4"))
	tick(`input[name=purpose][value=forced_labour]`)
	do(t, ctx, "step 4", next, atStep("5"))
	tick(`input[name=crossed_border]`, `input[name=exploitation_occurred]`)
	do(t, ctx, "step 5", next, atStep("6"))
	tick(`input[name=catalogue][value=adult_labour]`)
	do(t, ctx, "step 6", next, atStep("7"))
	tick(`input[name=indicator][value=d1_deceived_nature_job]`, `input[name=indicator][value=d1_deceived_wages]`)
	shot("passerelle-screening-indicators-390.png")
	do(t, ctx, "finish",
		chromedp.Click(chromedp.CSS(`button[name=go][value=finish]`)),
		chromedp.WaitVisible(chromedp.ID("verdict")))
	if v := text(t, ctx, "#verdict"); !strings.Contains(v, "Les faits enregistrés étayent tous les éléments") {
		t.Errorf("verdict in French: %q", v)
	}
	if rec := text(t, ctx, "#recommendation"); rec != screeningWords("fr").Say(identify.Message{Code: identify.RecReferFormalIdentification.Code()}) {
		t.Errorf("recommendation in French: %q", rec)
	}
	if el := text(t, ctx, "#elements"); !strings.Contains(el, "tromperie") || !strings.Contains(el, "rempli") {
		t.Errorf("elements in French: %q", el)
	}
	shot("passerelle-screening-result-390.png")

	// 4. A plan item, then the closure request.
	do(t, ctx, "plan item",
		chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(ts.URL+"/cases"),
		chromedp.Click(`//a/strong[contains(., "`+code+`")]`),
		chromedp.WaitVisible(chromedp.ID("objective")),
		chromedp.SendKeys(chromedp.ID("objective"), "Formation en maraîchage à Thiès"),
		chromedp.SetValue(chromedp.ID("plan_type"), "vocational_training"),
		chromedp.SendKeys(chromedp.ID("provider"), "Centre horticole de Thiès"),
		chromedp.Click(chromedp.CSS(`#plan-form button`)),
		chromedp.WaitVisible(`//li[contains(@class, "plan-item")]//strong[contains(., "maraîchage")]`))
	do(t, ctx, "closure request",
		chromedp.SetValue(chromedp.ID("closure_status"), "ClosedReferred"),
		chromedp.SendKeys(chromedp.ID("closure_reason"), "Orientée vers le centre horticole, suivi assuré par lui."),
		chromedp.Click(chromedp.CSS(`#closure-form button`)),
		chromedp.WaitVisible(chromedp.ID("closure-pending")))

	// 5. The supervisor approves.
	do(t, ctx, "sign out", chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("nav.main button")),
		chromedp.Click(chromedp.CSS("nav.main button")),
		chromedp.WaitVisible(chromedp.ID("email")))
	signIn("supervisor")
	do(t, ctx, "approve",
		chromedp.Navigate(ts.URL+"/cases/approvals"),
		chromedp.WaitVisible(`//a/strong[contains(., "`+code+`")]`),
		chromedp.Click(chromedp.CSS(`form[action$="/closure/approve"] button`)),
		chromedp.WaitVisible(`//h2[contains(., "Pending requests: 0")]`),
		chromedp.Navigate(ts.URL+"/cases?code="+code),
		chromedp.Click(`//a/strong[contains(., "`+code+`")]`),
		chromedp.WaitVisible(chromedp.ID("case-status")))
	if st := text(t, ctx, "#case-status"); st != "Closed, referred" {
		t.Errorf("status after approval: %q", st)
	}
	do(t, ctx, "phone", chromedp.EmulateViewport(390, 844))
	shot("passerelle-case-closed-390.png")
	c := e.cwCaseByCode(code)
	if c.Status != casework.ClosedReferred {
		t.Errorf("stored status %s", c.Status)
	}
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
