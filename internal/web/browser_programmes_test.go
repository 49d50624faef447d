package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// TestBrowserProgrammes is the justice and prevention acceptance test in
// one sitting, in a real Chromium at 390 px, in French, with JavaScript
// off: a coordinator assesses Niger's law (one requirement not in line,
// one in line) and reads the gap report, records a national action plan
// with one late activity (under "En retard" in the progress view), a
// training session with twenty participants entered at once (twenty
// trained in the report by profession) and a radio campaign (in the
// calendar). Then an analyst of a donor organisation, another
// organisation, finds the plan among the network's, reads its progress and
// is offered no form to change it, reads the assessment without a way to
// record a finding; the forms' address is refused.
func TestBrowserProgrammes(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := &netEnv{coreEnv: newCoreEnv(t)}
	donor := account.Organisation{Name: "Fonds Corridor Solidaire", Type: account.Other, Country: "FRA", City: "Paris"}
	world.Orgs(t, e.db, &donor)
	u := &account.User{Email: "analyste@fonds-corridor.example.org", DisplayName: "Thomas Weber", Lang: "fr",
		PasswordHash: world.PasswordHash(t)}
	world.User(t, e.db, u, world.In(donor, auth.Analyst))
	e.users["donor"] = coreUser{ID: u.ID, Email: u.Email}
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: srv.URL, messages: messages, js: true}
	b.frenchPhone("coordinator")

	// Legislation: Niger assessed, the gap report lists what is not in line.
	b.do("new assessment", chromedp.Navigate(srv.URL+"/programmes/legislation/new"), chromedp.WaitVisible(chromedp.ID("assessed_on")))
	b.legisCreateNiger("2025-11-30", "Revue conjointe")
	b.legisRecord("coe-13-reflection", "not_in_line", "Ordonnance n° 2010-86, art. 12", "Aucun délai de réflexion prévu.", "Non conforme")
	b.legisRecord("palermo-3-definition", "in_line", "Ordonnance n° 2010-86, art. 10", "Acte, moyen et but présents.", "Conforme")
	b.do("gap report", chromedp.Click(chromedp.CSS(`a[href$="/gaps"]`)), chromedp.WaitVisible(chromedp.CSS(`a[href$="/gaps.xlsx"]`)))
	b.page("rapport des lacunes", "fr", "Rapport des lacunes")
	if main := b.mainText(); !strings.Contains(main, "Aucun délai de réflexion prévu.") || strings.Contains(main, "Définition de la traite") {
		t.Errorf("gap report: %.600s", main)
	}

	// The national action plan with one late activity.
	b.do("new plan", chromedp.Navigate(srv.URL+"/programmes/plans/new"), chromedp.WaitVisible(chromedp.ID("title")))
	b.planFill("2027-12-31")
	b.do("record the plan", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)), chromedp.WaitVisible(chromedp.ID("progress")))
	b.page("plan enregistré", "fr", "Le plan est enregistré.")
	plan, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !strings.HasPrefix(plan, "/programmes/plans/") {
		t.Fatalf("plan address %q (%v)", plan, err)
	}
	b.planAddLateActivity(plan)

	// Training: twenty participants at once, twenty in the report.
	b.trainingSession()
	b.pasteParticipants()
	b.trainingReportByProfession()

	// A radio campaign, in the calendar.
	b.radioCampaignForm("120000")
	b.campaignSend()
	b.campaignCalendar()

	// A donor organisation's analyst reads the plan's progress: the same
	// late activity, and no way to change the plan.
	b.signOut()
	b.signIn("donor")
	b.do("plans, as the donor", chromedp.Navigate(srv.URL+"/programmes/plans"), chromedp.WaitVisible(chromedp.ID("network-plans")))
	b.page("plans du réseau", "fr", "Suivi par "+e.org.Name)
	b.do("the plan, as the donor", chromedp.Click(chromedp.CSS(`#network-plans a[href="`+plan+`"]`)), chromedp.WaitVisible(chromedp.ID("progress")))
	b.page("plan lu par le bailleur", "fr", planTitleFR)
	b.planLateProgress()
	if n := b.count(`a[href^="` + plan + `/activities"], a[href="` + plan + `/edit"], main form[method=post]`); n != 0 {
		t.Errorf("the donor's analyst is offered %d ways to change another organisation's plan", n)
	}
	if n := b.count(`a[href="` + plan + `/export.xlsx"]`); n != 1 {
		t.Errorf("the donor's analyst has no Excel export (%d)", n)
	}
	// And the assessment of Niger's law, read-only.
	b.do("legislation, as the donor", chromedp.Navigate(srv.URL+"/programmes/legislation"),
		chromedp.Click(chromedp.CSS(`#network-assessments a`)), chromedp.WaitVisible(chromedp.ID("coe-13-reflection")))
	b.page("évaluation lue par le bailleur", "fr", "Aucun délai de réflexion prévu.")
	if n := b.count(`a[href*="/items/"]`); n != 0 {
		t.Errorf("the donor's analyst is offered %d findings to record", n)
	}
	b.do("the form's address", chromedp.Navigate(srv.URL+plan+"/activities/new"), chromedp.WaitVisible("h1"))
	// An analyst has no programme.edit: refused before the plan is looked
	// at (a coordinator of another organisation gets 404: the route walk).
	if title := b.text("h1"); title != "Non autorisé" && title != "Page introuvable" {
		t.Errorf("the activity form of another organisation's plan: %q, want it refused", title)
	}
}
