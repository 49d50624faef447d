package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
)

// TestBrowserActionPlan is the action plans' acceptance test in a real
// Chromium at 390 px, in French, without JavaScript for the forms: the
// coordinator records a national action plan (a first try with the end
// before the start is refused with the error summary linking to the field,
// and records nothing), adds an activity whose due date has passed, sees it
// late in the progress view, then downloads the Excel workbook, which reads
// back with the activity late.
func TestBrowserActionPlan(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := &netEnv{coreEnv: newCoreEnv(t)}
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	ts := srv.URL
	coord := world.As(e.users["coordinator"].ID, e.org.ID, auth.Coordinator)
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: ts, messages: messages, js: true}
	b.frenchPhone("coordinator")

	b.do("programmes", chromedp.Navigate(ts+"/programmes"), chromedp.WaitVisible(chromedp.CSS(`a[href="/programmes/plans"]`)))
	b.do("plans", chromedp.Click(chromedp.CSS(`a[href="/programmes/plans"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/programmes/plans/new"]`)))
	b.page("liste des plans", "fr", "Plans d'action nationaux")
	b.do("new plan", chromedp.Click(chromedp.CSS(`a[href="/programmes/plans/new"]`)), chromedp.WaitVisible(chromedp.ID("title")))
	b.page("formulaire du plan", "fr", "Enregistrer un plan d'action national")
	b.planFill("2024-12-31")
	b.do("plan with the end before the start",
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("error-summary")))
	b.page("plan refusé", "fr", "Il y a un problème")
	if s := b.text("#error-summary a[href='#ends_on']"); !strings.Contains(s, "Date de fin") {
		t.Errorf("error summary: %q", s)
	}
	if n := b.count(`#ends_on[aria-invalid=true][aria-describedby~="ends_on-error"]`); n != 1 {
		t.Error("the end date is not marked invalid and described by its error")
	}
	if list, err := e.db.ListActionPlans(coord); err != nil || len(list) != 0 {
		t.Fatalf("a refused plan was recorded (%d, %v)", len(list), err)
	}
	b.do("fix the end date",
		chromedp.SetValue(chromedp.ID("ends_on"), "2027-12-31"),
		chromedp.Click(chromedp.CSS(`main form button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("progress")))
	b.page("plan enregistré", "fr", "Le plan est enregistré.")
	plan, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.pathname`))
	if err != nil || !strings.HasPrefix(plan, "/programmes/plans/") {
		t.Fatalf("plan address %q (%v)", plan, err)
	}

	b.planAddLateActivity(plan)

	// Download the workbook as a person would, and read it.
	dir := t.TempDir()
	done := make(chan string, 1)
	if err := chromedp.ListenBrowser(ctx, func(ev any) {
		if p, ok := ev.(*browser.EventDownloadProgress); ok && p.State == browser.DownloadProgressStateCompleted {
			select {
			case done <- p.GUID:
			default:
			}
		}
	}); err != nil {
		t.Fatal(err)
	}
	events := true
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events}); err != nil {
		t.Fatal(err)
	}
	b.do("download", chromedp.Click(chromedp.CSS(`a[href="`+plan+`/export.xlsx"]`)))
	var guid string
	select {
	case guid = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("the workbook did not download")
	}
	f, err := excelize.OpenFile(filepath.Join(dir, guid))
	if err != nil {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("open the download: %v (%v)", err, entries)
	}
	defer f.Close()
	rows, err := f.GetRows("Activités")
	if err != nil || len(rows) != 2 || rows[1][0] != lateActivityFR ||
		rows[1][7] != "En cours" || rows[1][8] != "En retard" {
		t.Fatalf("workbook activities: %q %v", rows, err)
	}
	if v, _ := f.GetCellValue("Activités", "D2", excelize.Options{RawCellValue: true}); v != "12500.5" {
		t.Errorf("budget in the workbook %q", v)
	}
}
