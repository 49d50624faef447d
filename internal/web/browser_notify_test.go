package web

import (
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserNotifications: in a real Chromium at 390 px, in French and
// without JavaScript, a supervisor sees the count in the header, opens the
// list, marks one read and then all; an organisation administrator sends
// the webhook form with mistakes (a summary linking to each field), then
// registers an endpoint and sees its secret once. Each page is checked for
// sideways scrolling, its language and the browser's policy reports.
func TestBrowserNotifications(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	notifySupervisors(t, e)
	notifySupervisors(t, e)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: &netEnv{coreEnv: e}, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.do("phone", chromedp.EmulateViewport(390, 844))

	b.signIn("supervisor")
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.scripts(false)
	b.do("home", chromedp.Navigate(ts.URL+"/"), chromedp.WaitVisible(chromedp.ID("nav-notifications")))
	if got := b.text("#nav-notifications"); got != "Notifications (2)" {
		t.Fatalf("header link %q", got)
	}
	b.do("list", chromedp.Click(chromedp.ID("nav-notifications")), chromedp.WaitVisible(chromedp.CSS("ul.notifications")))
	b.page("notifications", "fr", "Une orientation a changé d’état : prise en charge.")
	if n := b.count("ul.notifications li.unread"); n != 2 {
		t.Fatalf("%d unread rows, want 2", n)
	}
	b.do("mark one", chromedp.Click(chromedp.CSS(`ul.notifications li.unread form button`)),
		chromedp.WaitVisible(`//a[@id="nav-notifications" and .="Notifications (1)"]`))
	if n := b.count("ul.notifications li.unread"); n != 1 || b.text("#nav-notifications") != "Notifications (1)" {
		t.Fatalf("after marking one: %d unread, header %q", n, b.text("#nav-notifications"))
	}
	b.do("mark all", chromedp.Click(chromedp.CSS(`form[action="/notifications/read"] button`)),
		chromedp.WaitVisible(chromedp.CSS(".alert.ok")))
	b.page("tout lu", "fr", "Toutes vos notifications sont marquées comme lues.")
	if n := b.count("ul.notifications li.unread"); n != 0 || b.text("#nav-notifications") != "Notifications" {
		t.Fatalf("after marking all: %d unread, header %q", n, b.text("#nav-notifications"))
	}
	b.signOut()

	b.scripts(true)
	b.signIn("org_admin")
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.scripts(false)
	base := ts.URL + "/admin/organisations/" + e.org.ID.String()
	b.do("organisation", chromedp.Navigate(base), chromedp.WaitVisible(chromedp.CSS(`a[href$="/webhooks"]`)))
	b.do("webhooks", chromedp.Click(chromedp.CSS(`a[href$="/webhooks"]`)), chromedp.WaitVisible(chromedp.ID("url")))
	b.page("webhooks", "fr", "Aucune adresse pour l’instant.")
	b.do("mistakes", chromedp.SendKeys(chromedp.ID("url"), "http://systemes.lumiere.example.org/passerelle"),
		chromedp.Click(chromedp.CSS(`main form[novalidate] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	b.page("erreurs", "fr", "L’adresse n’a pas pu être enregistrée")
	if b.count(`.error-summary a[href="#url"]`) != 1 || b.count(`.error-summary a[href="#kinds"]`) != 1 ||
		b.count(`#url[aria-invalid=true][aria-describedby~="url-error"]`) != 1 {
		t.Error("the summary does not link to each field, or the field does not point to its message")
	}
	b.do("register", chromedp.SetValue(chromedp.ID("url"), "https://systemes.lumiere.example.org/passerelle"),
		chromedp.Click(chromedp.CSS(`input[name=kinds][value="referral.received"]`)),
		chromedp.Click(chromedp.CSS(`main form[novalidate] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("webhook-secret")))
	b.page("secret", "fr", "Copiez-le maintenant")
	secret := regexp.MustCompile(`whsec_[0-9a-f]{64}`).FindString(b.text("#webhook-secret"))
	if secret == "" {
		t.Fatal("no secret shown")
	}
	b.do("again", chromedp.Navigate(base+"/webhooks"), chromedp.WaitVisible(chromedp.CSS("ul.notifications")))
	b.page("liste", "fr", "https://systemes.lumiere.example.org/passerelle")
	if strings.Contains(b.mainText(), secret) {
		t.Fatal("the secret is shown a second time")
	}
}
