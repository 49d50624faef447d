package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserTrainingAndCampaign: a coordinator, in French, on a 390 px
// screen with JavaScript off, records a training session, pastes twenty
// participants (labels in French, semicolons as a French spreadsheet
// writes them), reads the report by profession, records a radio campaign
// in Hausa and French in the Agadez region and finds it in the calendar
// month by month. Each page is checked for sideways scrolling, cells
// beyond the edge, its language and the browser's policy reports.
func TestBrowserTrainingAndCampaign(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newNetEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.frenchPhone("coordinator")

	// 1. A session: the landing page leads to the form.
	b.trainingSession()

	// 2. Twenty participants pasted at once.
	lines := twentyParticipantsFR()
	// A line with an unknown profession refuses the whole entry, naming
	// the line; the text comes back to be corrected.
	bad := append([]string(nil), lines...)
	bad[3] = strings.Replace(bad[3], "inspecteur du travail", "astronaute", 1)
	b.setInput("#participants", strings.Join(bad, "\n"))
	b.do("refused entry", chromedp.Click(chromedp.CSS(`form[action$="/participants"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("error-summary")))
	b.page("saisie refusée", "fr", "Il y a un problème")
	if msg := b.text(`#error-summary a[href="#participants"]`); !strings.HasPrefix(msg, "Ligne 4 :") || !strings.Contains(msg, "Profession") {
		t.Errorf("bulk error: %q", msg)
	}
	if n := b.count("#participants-table tbody tr"); n != 0 {
		t.Fatalf("a refused entry added %d participants", n)
	}
	b.pasteParticipants()

	// 3. The report by profession.
	b.trainingReportByProfession()

	// 4. A radio campaign in Hausa and French in the Agadez region.
	b.radioCampaignForm("-3")
	b.do("refused campaign", chromedp.Click(chromedp.CSS(`form[action="/programmes/campaigns"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("error-summary")))
	b.page("campagne refusée", "fr", "Il y a un problème")
	if msg := b.text(`#error-summary a[href="#reach"]`); !strings.Contains(msg, "Personnes touchées") {
		t.Errorf("error summary for reach: %q", msg)
	}
	b.setInput("#reach", "120000")
	b.campaignSend()
	b.shot("passerelle-campaign-fr-390.png")

	// 5. The calendar, month by month.
	b.campaignCalendar()
	b.do("map", chromedp.Navigate(ts.URL+"/programmes/campaigns/map"), chromedp.WaitVisible(chromedp.CSS("figure.map svg")))
	b.page("carte", "fr", "Niger")
	b.shot("passerelle-campaign-map-fr-390.png")

	// 6. Justice figures: one entered beside the register's count.
	b.do("justice", chromedp.Navigate(ts.URL+"/programmes/justice"), chromedp.WaitVisible(chromedp.ID("source")))
	b.setInput("#country", "NER")
	b.setInput("#year", "2024")
	b.setInput("#form", "ForcedLabour")
	b.setInput("#stage", "conviction")
	b.setInput("#count", "7")
	b.setInput("#source", "Ministère de la Justice du Niger, annuaire statistique 2024")
	b.do("enter", chromedp.Click(chromedp.CSS(`form[method=post][action="/programmes/justice"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("justice-table")))
	if msg := b.text(".alert.ok"); msg != "Chiffre enregistré." {
		t.Errorf("flash after entering a figure: %q", msg)
	}
	if rows := b.rows("#justice-table tbody tr"); len(rows) != 1 || rows[0][2] != "7" || !strings.Contains(rows[0][0], "Ministère de la Justice du Niger") {
		t.Errorf("justice rows %q", rows)
	}
	b.page("chiffres de la justice", "fr", "Condamnations")
	b.shot("passerelle-justice-fr-390.png")
}
