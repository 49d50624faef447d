package web

import (
	"context"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// TestBrowserReferralFrench: in French, on a 390 px screen without
// JavaScript, a caseworker in Dakar refers a woman to a shelter in Lyon
// (forgetting the purpose first: the error summary says so), sees the fields
// pre-selected for a shelter and the narrative left out; the shelter's
// caseworker finds it among the referrals received, acknowledges and
// accepts it, and reads only the shared fields.
func TestBrowserReferralFrench(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newAdmEnv(t)
	for _, key := range []string{"A.caseworker", "B.caseworker"} {
		u := e.users[key]
		if err := e.db.SetLanguage(auth.WithActor(context.Background(), auth.Actor{UserID: u.ID, Role: auth.Caseworker}), u.ID, "fr"); err != nil {
			t.Fatal(err)
		}
	}
	p := directory.Profile{OrgID: e.orgB.ID, Services: []directory.Offer{{Service: directory.Shelter}, {Service: directory.LegalAssistance}},
		AcceptsReferrals: true}
	if err := e.db.UpdateDirectoryProfile(world.System(), p); err != nil {
		t.Fatal(err)
	}
	actx := world.As(e.users["A.caseworker"].ID, e.orgA.ID, auth.Caseworker)
	age := 22
	c := casework.Case{Person: casework.Person{GivenName: "Mariama", FamilyName: "Sissoko", Address: "Foyer Saint-Louis, Dakar",
		Narrative: "Recrutée à Kayes pour un travail de coiffeuse à Lyon."}, Gender: "Feminine", Citizenship: "MLI", AgeWhenTrafficked: &age}
	if err := e.db.CreateCase(actx, &c); err != nil {
		t.Fatal(err)
	}
	k := casework.Consent{CaseID: c.ID, Purpose: casework.PurposeReferral, OrgTypes: []string{string(account.Shelter)},
		GivenBy: "person", Method: "oral"}
	if err := e.db.AddConsent(actx, &k); err != nil {
		t.Fatal(err)
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
				_ = os.WriteFile(dir+"/referral_"+strings.ReplaceAll(what, " ", "_")+".png", png, 0o644)
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

	signIn("A.caseworker")
	do(t, ctx, "from the case", chromedp.Navigate(e.ts.URL+"/cases/"+c.ID.String()),
		chromedp.Click(chromedp.ID("refer")),
		chromedp.WaitVisible(chromedp.ID("service")))
	do(t, ctx, "shelters", chromedp.SetValue(chromedp.ID("service"), "shelter"),
		chromedp.Click(`//button[contains(., "Afficher les organisations")]`),
		chromedp.WaitVisible(chromedp.ID("org-"+e.orgB.ID.String())))
	fits("choose")
	do(t, ctx, "the shelter", chromedp.Click(chromedp.ID("org-"+e.orgB.ID.String())),
		chromedp.WaitVisible(chromedp.ID("next")))
	do(t, ctx, "without a purpose",
		chromedp.Click(chromedp.ID("svc-shelter")),
		chromedp.Click(chromedp.ID("urgency-urgent")),
		chromedp.Click(chromedp.ID("next")),
		chromedp.WaitVisible(chromedp.ID("error-summary")))
	if s := text(t, ctx, "#error-summary"); !strings.Contains(s, "Il y a un problème") || !strings.Contains(s, "Objet") {
		t.Fatalf("error summary: %q", s)
	}
	fits("details with errors")
	do(t, ctx, "with a purpose",
		chromedp.Click(`//div[@id="error-summary"]//a[@href="#purpose"]`),
		chromedp.SendKeys(chromedp.ID("purpose"), "Hébergement sûr à son arrivée à Lyon"),
		chromedp.Click(chromedp.ID("next")),
		chromedp.WaitVisible(chromedp.ID("send")))
	fits("fields to share")
	checked := func(field string) bool {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("share-`+field+`").checked`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	for field, want := range map[string]bool{"given_name": true, "sex": true, "age": true, "address": true,
		"narrative": false, "family_name": false} {
		if checked(field) != want {
			t.Errorf("field %s pre-selected %v, want %v", field, !want, want)
		}
	}
	do(t, ctx, "send", chromedp.Click(chromedp.ID("send")),
		chromedp.WaitVisible(`//p[contains(., "Orientation envoyée.")]`))
	if s := text(t, ctx, "#referral-status"); s != "Envoyée" {
		t.Errorf("status %q", s)
	}
	do(t, ctx, "sign out", chromedp.Click(chromedp.CSS("nav.main button")), chromedp.WaitVisible(chromedp.ID("email")))

	signIn("B.caseworker")
	do(t, ctx, "received", chromedp.Navigate(e.ts.URL+"/referrals"),
		chromedp.WaitVisible(chromedp.ID("referral-list")))
	fits("received")
	do(t, ctx, "open", chromedp.Click(`//ul[@id="referral-list"]//a[contains(., "Réseau Espoir Dakar")]`),
		chromedp.WaitVisible(chromedp.ID("step-acknowledge")))
	shared := text(t, ctx, "#shared")
	if !strings.Contains(shared, "Mariama") || !strings.Contains(shared, "Foyer Saint-Louis") {
		t.Errorf("shared: %q", shared)
	}
	page := text(t, ctx, "main")
	for _, secret := range []string{"Sissoko", "Kayes", "coiffeuse"} {
		if strings.Contains(page, secret) {
			t.Errorf("the receiver reads %q", secret)
		}
	}
	fits("received referral")
	do(t, ctx, "acknowledge", chromedp.Click(chromedp.ID("step-acknowledge")),
		chromedp.WaitVisible(`//p[contains(., "Réception confirmée.")]`))
	do(t, ctx, "accept", chromedp.Click(chromedp.ID("step-accept")),
		chromedp.WaitVisible(`//p[contains(., "Orientation acceptée.")]`))
	if s := text(t, ctx, "#referral-status"); s != "Acceptée" {
		t.Errorf("status %q", s)
	}
	fits("accepted")
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
