package web

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestBrowserTemporaryPassword: in a real browser, a temporary password
// leads to the password change, other pages lead back there, the same
// password is refused on the field, and the user's own password opens the
// rest.
func TestBrowserTemporaryPassword(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	u := e.users["caseworker"]
	temp := "K7RM-2QXD-PLWA-9FTE-BN3C"
	hash, err := auth.HashPassword(temp)
	if err != nil {
		t.Fatal(err)
	}
	// An administrator's reset (the system actor, as the command line).
	if err := e.db.SetPassword(auth.WithActor(context.Background(), auth.SystemActor()), u.ID, hash); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	pathname := func() string {
		t.Helper()
		p, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	change := func(current, next string) []chromedp.Action[chromedp.Void] {
		return []chromedp.Action[chromedp.Void]{
			chromedp.WaitVisible(chromedp.ID("current_password")),
			chromedp.SendKeys(chromedp.ID("current_password"), current),
			chromedp.SendKeys(chromedp.ID("new_password"), next),
			chromedp.SendKeys(chromedp.ID("confirm_password"), next),
			chromedp.Submit(chromedp.ID("confirm_password")),
		}
	}

	do(t, ctx, "sign in with the temporary password", chromedp.Navigate(ts.URL+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), temp),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.ID("must-change")))
	if p := pathname(); p != "/account" {
		t.Fatalf("after sign-in: %s", p)
	}
	if msg := text(t, ctx, "#must-change"); !strings.Contains(msg, "given to you by someone else") {
		t.Errorf("message %q", msg)
	}
	do(t, ctx, "another page", chromedp.Navigate(ts.URL+"/cases"), chromedp.WaitVisible(chromedp.ID("must-change")))
	if p := pathname(); p != "/account" {
		t.Errorf("/cases with a temporary password shows %s", p)
	}
	do(t, ctx, "keep the same password", append(change(temp, temp),
		chromedp.WaitVisible(chromedp.CSS(".field-error")))...)
	if msg := text(t, ctx, ".field-error"); msg != "New password must be different from the current password." {
		t.Errorf("same password: %q", msg)
	}
	do(t, ctx, "choose one's own", append(change(temp, "Les-manguiers-de-Ziguinchor-en-mai"),
		chromedp.WaitVisible(chromedp.ID("token-name")))...)
	if msg := text(t, ctx, ".alert.ok"); msg != "Your password was changed. Your other sessions were signed out and your API tokens revoked." {
		t.Errorf("after the change: %q", msg)
	}
	do(t, ctx, "the cases open", chromedp.Navigate(ts.URL+"/cases"), chromedp.WaitVisible(chromedp.CSS("h1")))
	if p := pathname(); p != "/cases" {
		t.Errorf("/cases after the change shows %s", p)
	}
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.Contains(m, "Content-Security-Policy") ||
			strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
