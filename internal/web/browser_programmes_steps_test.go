package web

import (
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// The programmes' browser steps, shared by the per-part tests
// (legislation, plans, trainings and campaigns) and the combined one
// (browser_programmes_test.go). Each step starts on the page the previous
// left and checks what it shows.

// frenchPhone signs key in on a 390 px screen, switches to French and turns
// the page's JavaScript off (every form must work without it).
func (b *linkBrowser) frenchPhone(key string) {
	b.t.Helper()
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.signIn(key)
	b.do("switch to French",
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.scripts(false)
}

// legisCreateNiger sends the new-assessment form (open) for Niger on date
// and lands on the assessment.
func (b *linkBrowser) legisCreateNiger(date, title string) {
	b.t.Helper()
	b.do("choose Niger", chromedp.SetValue(chromedp.ID("country"), "NER"))
	b.setInput("#assessed_on", date)
	b.do("create", chromedp.SendKeys(chromedp.ID("title"), title),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("coe-13-reflection")))
	b.page("évaluation", "fr", "Niger, loi évaluée le "+date)
	if flash := b.text(".alert.ok"); !strings.Contains(flash, "Évaluation créée") {
		b.t.Errorf("flash %q", flash)
	}
}

// legisRecord records the finding on requirement req from the assessment's
// page and checks the page shows it with the label want.
func (b *linkBrowser) legisRecord(req, status, provision, evidence, want string) {
	b.t.Helper()
	b.do("open "+req, chromedp.Click(chromedp.CSS(`a[href$="/items/`+req+`"]`)),
		chromedp.WaitVisible(chromedp.ID("provision")))
	b.page("constat "+req, "fr", "Statut")
	if req == "coe-13-reflection" {
		b.shot("legislation-item-fr-390.png")
	}
	b.do("record "+req, chromedp.Click(chromedp.ID("status-"+status)),
		chromedp.SendKeys(chromedp.ID("provision"), provision),
		chromedp.SendKeys(chromedp.ID("evidence"), evidence),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID(req)))
	if got := b.text("#" + req + " .status"); got != want {
		b.t.Errorf("%s shows %q, want %q", req, got, want)
	}
}

// planTitleFR is the plan the tests record.
const planTitleFR = "Plan d'action national de lutte contre la traite 2025-2027"

// planFill fills the plan form (open) for Niger from 2025-01-01 to ends,
// without sending it.
func (b *linkBrowser) planFill(ends string) {
	b.t.Helper()
	b.do("fill the plan",
		chromedp.SetValue(chromedp.ID("country"), "NER"),
		chromedp.SendKeys(chromedp.ID("title"), planTitleFR),
		chromedp.SendKeys(chromedp.ID("starts_on"), "2025-01-01"),
		chromedp.SendKeys(chromedp.ID("ends_on"), ends))
}

// lateActivityFR is the activity due 2025-06-30, still in progress.
const lateActivityFR = "Former 200 magistrats et officiers de police judiciaire"

// planAddLateActivity adds, from the plan's page (path plan), an activity
// whose due date has passed and checks the progress view: one late under
// "En retard", none elsewhere, the budget in French.
func (b *linkBrowser) planAddLateActivity(plan string) {
	b.t.Helper()
	b.do("new activity", chromedp.Click(chromedp.CSS(`a[href="`+plan+`/activities/new"]`)), chromedp.WaitVisible(chromedp.ID("responsible")))
	b.page("formulaire d'activité", "fr", "Ajouter une activité")
	b.do("late activity",
		chromedp.SendKeys(chromedp.ID("title"), lateActivityFR),
		chromedp.SendKeys(chromedp.ID("responsible"), "Ministère de la Justice"),
		chromedp.SendKeys(chromedp.ID("budget"), "12 500,50"),
		chromedp.SetValue(chromedp.ID("currency"), "XOF"),
		chromedp.SendKeys(chromedp.ID("starts_on"), "2025-01-15"),
		chromedp.SendKeys(chromedp.ID("due_on"), "2025-06-30"),
		chromedp.SetValue(chromedp.ID("status"), "in_progress"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("progress")))
	b.page("avancement", "fr", "L'activité est enregistrée.")
	b.planLateProgress()
	if acts := strings.NewReplacer("\u202f", " ", "\u00a0", " ").Replace(b.text("#activities")); !strings.Contains(acts, "12 500,50 XOF") {
		b.t.Errorf("budget not shown in French: %s", acts)
	}
	if n := b.count(`#progress .alert.bad, #progress .field-error`); n != 0 {
		b.t.Errorf("the progress view uses the error style (%d)", n)
	}
}

// planLateProgress checks the plan's progress view (on the page): the late
// activity alone, under "En retard".
func (b *linkBrowser) planLateProgress() {
	b.t.Helper()
	if got := b.text("#count-late .count"); got != "1" {
		b.t.Errorf("late count %q, want 1", got)
	}
	if got := b.text(`ul[data-state="late"] .activity-title`); got != lateActivityFR {
		b.t.Errorf("late list %q", got)
	}
	for _, st := range []string{"done", "on_track", "at_risk"} {
		if got := b.text("#count-" + st + " .count"); got != "0" {
			b.t.Errorf("%s count %q, want 0", st, got)
		}
	}
	if got := b.text("#count-late .label"); got != "En retard" {
		b.t.Errorf("late label %q", got)
	}
}

// trainingSession records, from the programmes' page, a session on victim
// identification in Agadez and lands on it.
func (b *linkBrowser) trainingSession() {
	b.t.Helper()
	b.do("programmes", chromedp.Navigate(b.url+"/programmes"),
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
}

// twentyParticipantsFR is the bulk entry: a header and twenty lines, labels
// in French and semicolons as a French spreadsheet writes them; four of
// each of five professions, each gaining 25 points.
func twentyParticipantsFR() []string {
	profs := []string{"policier", "garde-frontière", "inspecteur du travail", "procureur", "juge"}
	lines := []string{"Nom;Profession;Sexe;Employeur;Présent;Avant;Après"}
	for i := 0; i < 20; i++ {
		lines = append(lines, fmt.Sprintf("Participante Tahoua %02d;%s;%s;Direction régionale d'Agadez;oui;%d;%d",
			i, profs[i%5], []string{"femme", "homme"}[i%2], 40+i, 65+i))
	}
	return lines
}

// pasteParticipants sends the twenty participants on the session's page
// and checks they are listed.
func (b *linkBrowser) pasteParticipants() {
	b.t.Helper()
	b.setInput("#participants", strings.Join(twentyParticipantsFR(), "\n"))
	b.do("add participants", chromedp.Click(chromedp.CSS(`form[action$="/participants"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("participants-table")))
	b.page("session avec participants", "fr", "Participants ajoutés.")
	if n := b.count("#participants-table tbody tr"); n != 20 {
		b.t.Fatalf("%d participants shown, want 20", n)
	}
}

// trainingReportByProfession opens the report by profession and checks
// its five lines: four police officers, +25,0 points each; 20 in all.
func (b *linkBrowser) trainingReportByProfession() {
	b.t.Helper()
	b.do("report", chromedp.Navigate(b.url+"/programmes/trainings"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/trainings/report"]`)),
		chromedp.WaitVisible(chromedp.ID("report-table")))
	b.page("bilan par profession", "fr", "Personnes formées")
	b.shot("passerelle-training-report-fr-390.png")
	rows := b.rows("#report-table tbody tr")
	found, trained := false, 0
	for _, r := range rows {
		n := 0
		fmt.Sscan(r[1], &n)
		trained += n
		if r[0] == "policier" {
			found = true
			if r[1] != "4" || !strings.HasPrefix(r[2], "+25,0") {
				b.t.Errorf("police row %v, want 4 trained and +25,0", r)
			}
		}
	}
	if len(rows) != 5 || !found || trained != 20 {
		b.t.Errorf("report rows %v (%d trained, want 20)", rows, trained)
	}
}

// radioCampaignForm opens the campaign form and fills a radio campaign in
// Hausa and French in the Agadez region reaching reach people, without
// sending it.
func (b *linkBrowser) radioCampaignForm(reach string) {
	b.t.Helper()
	b.do("campaigns", chromedp.Navigate(b.url+"/programmes/campaigns"),
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
	b.setInput("#reach", reach)
	b.do("tick", chromedp.Click(chromedp.CSS(`input[name=target_groups][value=rural_populations]`)),
		chromedp.Click(chromedp.CSS(`input[name=target_groups][value=migrants]`)),
		chromedp.Click(chromedp.CSS(`input[name=channels][value=radio]`)))
}

// campaignSend sends the campaign form and waits for the campaign's page.
func (b *linkBrowser) campaignSend() {
	b.t.Helper()
	b.do("record the campaign", chromedp.Click(chromedp.CSS(`form[action="/programmes/campaigns"] button[type=submit]`)),
		chromedp.WaitVisible(`//h2[contains(., "Avant et après")]`))
	b.page("campagne", "fr", "haoussa, français")
}

// campaignCalendar opens the calendar and finds the radio campaign in
// June, July and August 2025.
func (b *linkBrowser) campaignCalendar() {
	b.t.Helper()
	b.do("calendar", chromedp.Navigate(b.url+"/programmes/campaigns"),
		chromedp.Click(chromedp.CSS(`a[href="/programmes/campaigns/calendar"]`)),
		chromedp.WaitVisible(chromedp.CSS("section.card h2")))
	b.page("calendrier", "fr", "Juin 2025")
	main := b.mainText()
	for _, m := range []string{"Juillet 2025", "Août 2025", "Radio Sahara"} {
		if !strings.Contains(main, m) {
			b.t.Errorf("calendar lacks %q", m)
		}
	}
}
