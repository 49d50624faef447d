package web

import (
	"context"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/fixture"
	"github.com/passerelle-org/passerelle/internal/fixture/chromium"
)

// Browser tests drive a real Chromium against a real server (the full web
// handler over a real SQLite store), started by fixture/chromium: skipped
// without Chromium, except in CI (CI=true), where they fail.

// newBrowser starts a headless Chromium with a throwaway profile and collects
// console and log messages (to catch Content-Security-Policy violations).
func newBrowser(t *testing.T) (context.Context, func() []string) {
	t.Helper()
	return chromium.New(t)
}

// consoleShows waits (with a deadline) until a message containing part is
// among the browser's messages since the first skip ones, and reports
// whether it came.
func consoleShows(messages func() []string, skip int, part string) bool {
	return fixture.WaitFor(10*time.Second, func() bool {
		ms := messages()
		return slices.ContainsFunc(ms[min(skip, len(ms)):], func(m string) bool { return strings.Contains(m, part) })
	})
}

// text reads the visible text of the first element matching a CSS selector.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatalf("reading %s: %v", sel, err)
	}
	return strings.TrimSpace(v)
}

func do(t *testing.T, ctx context.Context, what string, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

func TestBrowserSignInTwoFactorAndFrench(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	u := e.users["coordinator"]

	signIn := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(ts.URL + "/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), corePassword),
		chromedp.Submit(chromedp.ID("password")),
	}

	// 1. Sign in with the password; no second factor yet.
	do(t, ctx, "sign in", append(signIn, chromedp.WaitVisible(chromedp.CSS("ul.tiles")))...)
	if h1 := text(t, ctx, "h1"); h1 != "Welcome, Ibrahim Traoré" {
		t.Fatalf("home heading %q", h1)
	}
	// htmx only where a page uses it: not on the home page, on the account page.
	if typ, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof htmx`)); err != nil || typ != "undefined" {
		t.Errorf("htmx on a page without hx- attributes: typeof htmx = %q (%v)", typ, err)
	}
	do(t, ctx, "account page", chromedp.Navigate(ts.URL+"/account"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if typ, err := chromedp.Run(ctx, chromedp.Evaluate[string](`typeof htmx`)); err != nil || typ != "object" {
		t.Errorf("htmx not loaded on the account page: typeof htmx = %q (%v)", typ, err)
	}

	// 2. Enrol two-factor: read the secret from the page, answer with a code.
	do(t, ctx, "enrolment page", chromedp.Navigate(ts.URL+"/account/two-factor"),
		chromedp.WaitVisible(chromedp.ID("totp-secret")))
	secret := strings.ReplaceAll(text(t, ctx, "#totp-secret"), " ", "")
	do(t, ctx, "enrol",
		chromedp.SendKeys(chromedp.ID("code"), e.code(secret)),
		chromedp.Submit(chromedp.ID("code")),
		chromedp.WaitVisible(chromedp.ID("recovery-codes")))
	if n := len(strings.Fields(text(t, ctx, "#recovery-codes"))); n != 10 {
		t.Errorf("%d recovery codes shown", n)
	}

	// 3. Sign out, then in again: now the code is asked for.
	do(t, ctx, "sign out", chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.CSS("nav.main button")),
		chromedp.Click(chromedp.CSS("nav.main button")),
		chromedp.WaitVisible(chromedp.CSS(".alert.ok")))
	if msg := text(t, ctx, ".alert.ok"); !strings.Contains(msg, "signed out") {
		t.Fatalf("after sign-out: %q", msg)
	}
	e.advance(30 * time.Second) // a fresh code: the enrolment one may not be reused
	do(t, ctx, "password step", append(signIn, chromedp.WaitVisible(chromedp.ID("code")))...)
	do(t, ctx, "code step",
		chromedp.SendKeys(chromedp.ID("code"), e.code(secret)),
		chromedp.Submit(chromedp.ID("code")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
	if h1 := text(t, ctx, "h1"); !strings.Contains(h1, "Welcome") {
		t.Fatalf("after the code: %q", h1)
	}

	// 4. Switch to French with the footer form: SetValue fires "change", on
	// which app.js submits the form.
	do(t, ctx, "switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	if h1 := text(t, ctx, "h1"); h1 != "Bienvenue, Ibrahim Traoré" {
		t.Fatalf("after the switch: %q", h1)
	}
	if lang, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS("html"), "lang")); err != nil || lang.Value != "fr" {
		t.Fatalf("html lang %q (%v)", lang.Value, err)
	}

	// 5. Screenshots of the French home page on a phone and a desktop.
	for _, s := range []struct {
		file          string
		width, height int64
	}{
		{"passerelle-home-fr-390.png", 390, 1100},
		{"passerelle-home-fr-1280.png", 1280, 900},
	} {
		do(t, ctx, "viewport", chromedp.EmulateViewport(s.width, s.height), chromedp.Reload(),
			chromedp.WaitVisible(chromedp.CSS("ul.tiles")))
		overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if overflow {
			t.Errorf("%d px: the page scrolls sideways", s.width)
		}
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		if err != nil {
			t.Fatalf("screenshot %d px: %v", s.width, err)
		}
		path := os.TempDir() + "/" + s.file
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}

	// 6. API token: create (shown once), then revoke with htmx, which swaps
	// the list in place (a marker set on the page survives: no reload).
	do(t, ctx, "create token", chromedp.Navigate(ts.URL+"/account"),
		chromedp.WaitVisible(chromedp.ID("token-name")),
		chromedp.SendKeys(chromedp.ID("token-name"), "Export hebdomadaire"),
		chromedp.Submit(chromedp.ID("token-name")),
		chromedp.WaitVisible(chromedp.ID("new-token")))
	if tok := text(t, ctx, "#new-token"); !strings.HasPrefix(tok, "pas_") {
		t.Fatalf("token shown: %q", tok)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.passerelleMarker = true; window.confirm = () => true; true`)); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "revoke with htmx", chromedp.Click(chromedp.CSS("#tokens button.danger")),
		chromedp.WaitVisible(chromedp.CSS("#tokens .alert.ok")))
	if msg := text(t, ctx, "#tokens .alert.ok"); msg != "Le jeton a été révoqué." {
		t.Errorf("after revoking: %q", msg)
	}
	if kept, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.passerelleMarker === true`)); err != nil || !kept {
		t.Errorf("revoking reloaded the page instead of an htmx swap (%v)", err)
	}

	// The listener sees the page's messages (so the check below can fail)...
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`console.log("passerelle-probe"), true`)); err != nil {
		t.Fatal(err)
	}
	if !consoleShows(messages, 0, "passerelle-probe") {
		t.Error("console messages are not collected")
	}
	// ...and no page broke the Content-Security-Policy or threw.
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy") ||
			strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
