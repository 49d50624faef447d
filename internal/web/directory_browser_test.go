package web

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestBrowserDirectoryFrench: a shelter's administrator, in French, on a
// 390 px screen and without JavaScript, describes the shelter in the
// directory (a wrong time first: the error summary links to the field),
// then a caseworker of another organisation finds it by service and
// population. No page scrolls sideways.
func TestBrowserDirectoryFrench(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newAdmEnv(t)
	for _, key := range []string{"B.org_admin", "A.caseworker"} {
		u := e.users[key]
		if err := e.db.SetLanguage(auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, Role: auth.Caseworker}), u.ID, "fr"); err != nil {
			t.Fatal(err)
		}
	}
	ctx, messages := newBrowser(t)
	if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(390, 900))
	fits := func(what string) {
		t.Helper()
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%s: the page scrolls sideways on a 390 px screen", what)
		}
		if dir := os.Getenv("PASSERELLE_SCREENSHOTS"); dir != "" {
			if png, err := chromedp.Run(ctx, chromedp.FullScreenshot(90)); err == nil {
				_ = os.WriteFile(dir+"/directory_"+strings.ReplaceAll(what, " ", "_")+".png", png, 0o644)
			}
		}
	}
	signIn := func(key string) {
		t.Helper()
		do(t, ctx, "sign in "+key,
			chromedp.Navigate(e.ts.URL+"/signin"),
			chromedp.WaitVisible(chromedp.ID("email")),
			chromedp.SendKeys(chromedp.ID("email"), e.users[key].Email),
			chromedp.SendKeys(chromedp.ID("password"), admPassword),
			chromedp.Submit(chromedp.ID("password")),
			chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	}

	signIn("B.org_admin")
	do(t, ctx, "own entry", chromedp.Navigate(e.ts.URL+"/directory"),
		chromedp.Click(`//a[contains(., "La fiche de votre organisation")]`),
		chromedp.WaitVisible(chromedp.ID("directory-save")))
	fits("entry form")
	do(t, ctx, "fill in, with closing before opening",
		chromedp.Click(chromedp.ID("accepts_referrals")),
		chromedp.Click(chromedp.ID("svc-shelter")),
		chromedp.Click(chromedp.CSS(`input[name=service][value=shelter]`)),
		chromedp.Click(chromedp.CSS(`input[name=pop_shelter][value=women]`)),
		chromedp.Click(chromedp.CSS(`input[name=pop_shelter][value=children]`)),
		chromedp.SetValue(chromedp.ID("country_0"), "FRA"),
		chromedp.Click(chromedp.CSS(`input[name=roles_0][value=destination]`)),
		chromedp.Click(chromedp.CSS(`input[name=language][value=fr]`)),
		chromedp.SendKeys(chromedp.CSS(`input[name=opens_0]`), "09:00"),
		chromedp.SendKeys(chromedp.CSS(`input[name=closes_0]`), "08:00"),
		chromedp.SendKeys(chromedp.ID("capacity-places"), "18"),
		chromedp.Click(chromedp.ID("directory-save")),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	summary := text(t, ctx, ".error-summary")
	if !strings.Contains(summary, "Il y a un problème") || !strings.Contains(summary, "l'heure de fermeture doit suivre") {
		t.Fatalf("error summary: %q", summary)
	}
	fits("entry form with errors")
	do(t, ctx, "the summary links to the hours",
		chromedp.Click(`//div[contains(@class,"error-summary")]//a[@href="#hours"]`))
	do(t, ctx, "correct and save",
		chromedp.SetValue(chromedp.CSS(`input[name=closes_0]`), "17:30"),
		chromedp.Click(chromedp.ID("directory-save")),
		chromedp.WaitVisible(`//p[contains(., "La fiche du répertoire a été enregistrée.")]`))
	do(t, ctx, "sign out", chromedp.Click(chromedp.CSS("nav.main button")), chromedp.WaitVisible(chromedp.ID("email")))

	signIn("A.caseworker")
	do(t, ctx, "search", chromedp.Navigate(e.ts.URL+"/directory"),
		chromedp.WaitVisible(chromedp.ID("directory-search")),
		chromedp.SetValue(chromedp.ID("service"), "shelter"),
		chromedp.SetValue(chromedp.ID("population"), "women"),
		chromedp.Click(chromedp.ID("directory-search")),
		// The unfiltered page lists two organisations: wait for the answer.
		chromedp.WaitVisible(`//section[@id="directory-results"]/p[contains(., "1 sur 2")]`),
		chromedp.WaitVisible(`//section[@id="directory-results"]//h2[contains(., "Accueil Solidarité Lyon")]`))
	results := text(t, ctx, "#directory-results")
	for _, want := range []string{"Accepte des orientations", "Hébergement (Femmes, Enfants)", "France : Pays de destination",
		"lundi 09:00–17:30", "18 places", "1 sur 2 organisation"} {
		if !strings.Contains(results, want) {
			t.Errorf("results lack %q:\n%s", want, results)
		}
	}
	if strings.Contains(results, "Réseau Espoir Dakar") {
		t.Error("an organisation without a shelter is listed")
	}
	loc, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.search`))
	if err != nil || !strings.Contains(loc, "service=shelter") || !strings.Contains(loc, "population=women") {
		t.Errorf("the search is not in the address: %q", loc)
	}
	fits("search results")
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
