package web

import (
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/legislation"
)

// TestBrowserLegislation is legislation's acceptance test in a real
// Chromium on a phone-sized screen (390 px), in French, with the page's
// JavaScript switched off once the language is chosen (every form must work
// without it): a coordinator finds the programmes, opens legislation, sends
// the new-assessment form with mistakes (an error summary linking to each
// field, nothing created), creates an assessment of Niger, records two
// findings requirement by requirement, and reads the gap report, which
// prints without the menus. Each page is checked for sideways scrolling,
// its language and the browser's policy reports.
func TestBrowserLegislation(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: &netEnv{coreEnv: e}, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.frenchPhone("coordinator")
	b.do("programmes", chromedp.Navigate(ts.URL+"/"),
		chromedp.Click(chromedp.CSS(`ul.tiles a[href="/programmes"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/programmes/legislation"]`)))
	b.page("programmes", "fr", "Législation")
	b.do("legislation", chromedp.Click(chromedp.CSS(`a[href="/programmes/legislation"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/programmes/legislation/new"]`)))
	b.page("législation", "fr", "Délai de rétablissement et de réflexion d’au moins 30 jours")

	// Mistakes: no country, a date in the future. The summary names both
	// and links to the fields; nothing is created.
	b.do("new", chromedp.Click(chromedp.CSS(`a[href="/programmes/legislation/new"]`)),
		chromedp.WaitVisible(chromedp.ID("assessed_on")))
	b.page("nouvelle évaluation", "fr", "Évaluer la loi d’un pays")
	b.setInput("#assessed_on", "2999-01-01")
	b.do("send with mistakes", chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.CSS(".error-summary")))
	b.page("erreurs", "fr", "Il y a un problème")
	summary := b.text(".error-summary")
	for _, want := range []string{"Le champ « Pays » est obligatoire.", "Le champ « Date de l’évaluation » ne peut pas être dans le futur"} {
		if !strings.Contains(summary, want) {
			t.Errorf("summary %q lacks %q", summary, want)
		}
	}
	if b.count(`.error-summary a[href="#country"]`) != 1 || b.count(`.error-summary a[href="#assessed_on"]`) != 1 ||
		b.count(`#assessed_on[aria-invalid=true][aria-describedby~="assessed_on-error"]`) != 1 {
		t.Error("the summary does not link to each field, or the field does not point to its message")
	}
	if n := legisCountRows(t, e, "legislation_assessments"); n != 0 {
		t.Fatalf("%d assessments after a refused form", n)
	}

	b.legisCreateNiger("2025-11-30", "Revue avant la visite")

	b.legisRecord("coe-13-reflection", "not_in_line", "Ordonnance n° 2010-86, art. 12", "Aucun délai de réflexion prévu.", "Non conforme")
	b.legisRecord("palermo-3-definition", "in_line", "Ordonnance n° 2010-86, art. 10", "Acte, moyen et but présents.", "Conforme")
	b.page("évaluation après deux constats", "fr", "Ordonnance n° 2010-86, art. 12")

	b.do("gap report", chromedp.Click(chromedp.CSS(`a[href$="/gaps"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href$="/gaps.xlsx"]`)))
	total := len(legislation.Requirements())
	b.page("rapport des lacunes", "fr", "Rapport des lacunes")
	main := b.mainText()
	if !strings.Contains(main, "Aucun délai de réflexion prévu.") || strings.Contains(main, "Définition de la traite") ||
		!strings.Contains(main, strconv.Itoa(total-1)+" exigences sur "+strconv.Itoa(total)) {
		t.Errorf("gap report: %.600s", main)
	}
	// Printed, the report is the content alone (checked last: the page
	// stays in print mode).
	if _, err := chromedp.Call(b.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"}); err != nil {
		t.Fatal(err)
	}
	hidden, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`["header.top", "footer.bottom", ".no-print"].every(s =>
		[...document.querySelectorAll(s)].every(el => getComputedStyle(el).display === "none"))`))
	if err != nil || !hidden {
		t.Errorf("printed, the gap report still shows menus or buttons (%v)", err)
	}
	b.shot("legislation-gaps-fr-390.png")
}

// TestBrowserLegislationCompare: in French, at 390 px and without
// JavaScript, a reader chooses another assessment of the same country and
// sees what improved and what regressed.
func TestBrowserLegislationCompare(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	coord := world.As(e.users["coordinator"].ID, e.org.ID, auth.Coordinator)
	mk := func(date string, findings map[string]string) legislation.Assessment {
		a, err := e.db.CreateLegislationAssessment(coord, legislation.Draft{Country: "NER", AssessedOn: date})
		if err != nil {
			t.Fatal(err)
		}
		for req, st := range findings {
			if _, err := e.db.SetLegislationItem(coord, a.ID, legislation.ItemInput{RequirementID: req, Status: st}); err != nil {
				t.Fatal(err)
			}
		}
		return a
	}
	earlier := mk("2021-09-15", map[string]string{"coe-13-reflection": "not_in_line", "palermo-6-housing": "partly"})
	later := mk("2025-06-30", map[string]string{"coe-13-reflection": "in_line", "palermo-6-housing": "not_in_line"})
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: &netEnv{coreEnv: e}, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.frenchPhone("analyst")
	b.do("assessment", chromedp.Navigate(ts.URL+"/programmes/legislation/assessments/"+later.ID.String()),
		chromedp.Click(chromedp.CSS(`a[href$="/compare"]`)),
		chromedp.WaitVisible(chromedp.ID("with")))
	b.page("choix de la comparaison", "fr", "Comparer deux évaluations")
	b.do("compare", chromedp.SetValue(chromedp.ID("with"), earlier.ID.String()),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(`//h2[contains(., "Du 2021-09-15 au 2025-06-30")]`))
	b.page("comparaison", "fr", "En progrès : 1")
	main := b.mainText()
	for _, want := range []string{"En recul : 1", "Délai de rétablissement et de réflexion", "Hébergement convenable"} {
		if !strings.Contains(main, want) {
			t.Errorf("comparison lacks %q: %.500s", want, main)
		}
	}
}
