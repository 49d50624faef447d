package web

import (
	"fmt"
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
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.signIn("coordinator")
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.scripts(false)

	// 1. A session: the landing page leads to the form.
	b.do("programmes", chromedp.Navigate(ts.URL+"/programmes"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/trainings"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/programmes/trainings/new"]`)))
	b.page("formations", "fr", "Formations")
	b.do("form", chromedp.Click(chromedp.CSS(`a[href="/programmes/trainings/new"]`)), chromedp.WaitVisible(chromedp.ID("topic")))
	b.page("formulaire de session", "fr", "Enregistrer une session de formation")
	b.setInput("#topic", "victim_identification")
	b.setInput("#country", "NER")
	b.setInput("#place", "Agadez")
	b.setInput("#starts_on", "2025-03-10")
	b.setInput("#ends_on", "2025-03-12")
	b.setInput("#trainers", "Hadiza Souley, Ousmane Kané")
	b.do("record", chromedp.Click(chromedp.CSS(`form[action="/programmes/trainings"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("participants")))
	b.page("session", "fr", "Identification des victimes")

	// 2. Twenty participants pasted at once.
	profs := []string{"policier", "garde-frontière", "inspecteur du travail", "procureur", "juge"}
	var lines []string
	lines = append(lines, "Nom;Profession;Sexe;Employeur;Présent;Avant;Après")
	for i := 0; i < 20; i++ {
		lines = append(lines, fmt.Sprintf("Participante Tahoua %02d;%s;%s;Direction régionale d'Agadez;oui;%d;%d",
			i, profs[i%5], []string{"femme", "homme"}[i%2], 40+i, 65+i))
	}
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
	b.setInput("#participants", strings.Join(lines, "\n"))
	b.do("add participants", chromedp.Click(chromedp.CSS(`form[action$="/participants"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("participants-table")))
	b.page("session avec participants", "fr", "Participants ajoutés.")
	if n := b.count("#participants-table tbody tr"); n != 20 {
		t.Fatalf("%d participants shown, want 20", n)
	}

	// 3. The report by profession.
	b.do("report", chromedp.Navigate(ts.URL+"/programmes/trainings"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/trainings/report"]`)),
		chromedp.WaitVisible(chromedp.ID("report-table")))
	b.page("bilan par profession", "fr", "Personnes formées")
	b.shot("passerelle-training-report-fr-390.png")
	rows := b.rows("#report-table tbody tr")
	found := false
	for _, r := range rows {
		if r[0] == "policier" {
			found = true
			if r[1] != "4" || !strings.HasPrefix(r[2], "+25,0") {
				t.Errorf("police row %v, want 4 trained and +25,0", r)
			}
		}
	}
	if len(rows) != 5 || !found {
		t.Errorf("report rows %v", rows)
	}

	// 4. A radio campaign in Hausa and French in the Agadez region.
	b.do("campaigns", chromedp.Navigate(ts.URL+"/programmes/campaigns"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/campaigns/new"]`)),
		chromedp.WaitVisible(chromedp.ID("title")))
	b.page("formulaire de campagne", "fr", "Enregistrer une campagne")
	b.setInput("#title", "Radio Sahara : attention aux faux recruteurs")
	b.setInput("#level", "media")
	b.setInput("#languages", "ha, fr")
	b.setInput("#countries", "NER")
	b.setInput("#places", "Région d'Agadez : Agadez, Arlit, Bilma")
	b.setInput("#starts_on", "2025-06-15")
	b.setInput("#ends_on", "2025-08-31")
	b.setInput("#budget", "4500000")
	b.setInput("#currency", "XOF")
	b.setInput("#reach", "-3")
	b.do("tick", chromedp.Click(chromedp.CSS(`input[name=target_groups][value=rural_populations]`)),
		chromedp.Click(chromedp.CSS(`input[name=target_groups][value=migrants]`)),
		chromedp.Click(chromedp.CSS(`input[name=channels][value=radio]`)),
		chromedp.Click(chromedp.CSS(`form[action="/programmes/campaigns"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("error-summary")))
	b.page("campagne refusée", "fr", "Il y a un problème")
	if msg := b.text(`#error-summary a[href="#reach"]`); !strings.Contains(msg, "Personnes touchées") {
		t.Errorf("error summary for reach: %q", msg)
	}
	b.setInput("#reach", "120000")
	b.do("record the campaign", chromedp.Click(chromedp.CSS(`form[action="/programmes/campaigns"] button[type=submit]`)),
		chromedp.WaitVisible(`//h2[contains(., "Avant et après")]`))
	b.page("campagne", "fr", "haoussa, français")
	b.shot("passerelle-campaign-fr-390.png")

	// 5. The calendar, month by month.
	b.do("calendar", chromedp.Navigate(ts.URL+"/programmes/campaigns"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/campaigns/calendar"]`)),
		chromedp.WaitVisible(chromedp.CSS("section.card h2")))
	b.page("calendrier", "fr", "Juin 2025")
	main := b.mainText()
	for _, m := range []string{"Juillet 2025", "Août 2025", "Radio Sahara"} {
		if !strings.Contains(main, m) {
			t.Errorf("calendar lacks %q", m)
		}
	}
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
