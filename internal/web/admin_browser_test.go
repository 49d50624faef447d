package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestBrowserAdminPages drives Chromium through the admin pages: the audit
// filter replaces the results in place with htmx (no page load, the URL
// follows), the pages fit a phone screen, and the browser reports no
// Content-Security-Policy violation.
func TestBrowserAdminPages(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newAdmEnv(t)
	cw := e.users["A.caseworker"]
	ctx0 := auth.WithActor(context.Background(), auth.Actor{UserID: cw.ID, OrgID: e.orgA.ID, Role: auth.Caseworker, IP: "192.0.2.7"})
	for i := range 5 {
		if err := e.db.Audit(ctx0, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprintf("case-%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.db.SetLanguage(auth.WithActor(context.Background(), auth.Actor{UserID: e.users["A.org_admin"].ID, Role: auth.OrgAdmin}),
		e.users["A.org_admin"].ID, "fr"); err != nil {
		t.Fatal(err)
	}
	ctx, messages := newBrowser(t)
	do(t, ctx, "sign in",
		chromedp.Navigate(e.ts.URL+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), e.users["A.org_admin"].Email),
		chromedp.SendKeys(chromedp.ID("password"), admPassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))

	// The audit filter: choosing an action swaps only the results.
	do(t, ctx, "audit page", chromedp.Navigate(e.ts.URL+"/admin/audit"),
		chromedp.WaitVisible(chromedp.CSS("#audit-results table")))
	if !strings.Contains(text(t, ctx, "#audit-results"), "case-04") {
		t.Fatal("the unfiltered trail lacks the case entries")
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.passerelleMarker = true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "filter by action",
		chromedp.SetValue(chromedp.ID("action"), "user."),
		chromedp.WaitVisible(`//section[@id="audit-results"]//td[contains(., "Utilisateur ajouté")]`),
		chromedp.WaitNotPresent(`//section[@id="audit-results"]//code[contains(., "case-")]`))
	kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.passerelleMarker === true`))
	if err != nil || !kept {
		t.Errorf("the filter reloaded the whole page (marker kept: %v, %v)", kept, err)
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || !strings.Contains(loc, "action=user.") {
		t.Errorf("the address does not follow the filter: %q (%v)", loc, err)
	}

	// Every admin page fits a phone screen (tables scroll inside their box).
	A := e.orgA.ID.String()
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(390, 900))
	for _, p := range []string{
		"/admin/organisations/" + A, "/admin/organisations/" + A + "/edit", "/admin/organisations/" + A + "/users",
		"/admin/organisations/" + A + "/users/new", "/admin/organisations/" + A + "/users/" + cw.ID.String(),
		"/admin/audit", "/directory",
	} {
		do(t, ctx, p, chromedp.Navigate(e.ts.URL+p), chromedp.WaitVisible(chromedp.CSS("main h1")))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s: the page scrolls sideways on a 390 px screen", p)
		}
		if os.Getenv("PASSERELLE_SCREENSHOTS") != "" {
			png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
			if err == nil {
				name := strings.NewReplacer("/", "_", A, "A", cw.ID.String(), "user").Replace(p)
				_ = os.WriteFile(os.Getenv("PASSERELLE_SCREENSHOTS")+"/admin"+name+".png", png, 0o644)
			}
		}
	}
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
