package web

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCaseImportJob: in a real Chromium, a caseworker reading French
// uploads an HTCDS file with a bad row and "skip bad rows" ticked; the
// browser lands on the import job's page, which reloads itself (meta
// refresh, no script needed) until the job is done, and shows the report.
func TestBrowserCaseImportJob(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newCoreEnv(t)
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	file := filepath.Join(t.TempDir(), "dossiers.csv")
	if err := os.WriteFile(file, cwCSV(t, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	u := e.users["caseworker"]
	do(t, ctx, "sign in",
		chromedp.Navigate(ts.URL+"/signin"),
		chromedp.WaitVisible(chromedp.ID("email")),
		chromedp.SendKeys(chromedp.ID("email"), u.Email),
		chromedp.SendKeys(chromedp.ID("password"), corePassword),
		chromedp.Submit(chromedp.ID("password")),
		chromedp.WaitVisible(chromedp.CSS("ul.tiles")),
		chromedp.SetValue(chromedp.ID("lang-select"), "fr"),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	do(t, ctx, "upload",
		chromedp.Navigate(ts.URL+"/cases/import"),
		chromedp.WaitVisible(chromedp.ID("file")),
		chromedp.SetUploadFiles(chromedp.ID("file"), []string{file}),
		chromedp.Click(chromedp.CSS(`input[name=skip_bad]`)),
		chromedp.Submit(chromedp.ID("file")),
		chromedp.WaitVisible(chromedp.ID("import-done")))
	loc, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil || !regexp.MustCompile(`/imports/[0-9a-f-]{36}$`).MatchString(loc) {
		t.Fatalf("job page at %q (%v)", loc, err)
	}
	if got := text(t, ctx, "#import-done"); got != "2 dossiers importés sur 3 lignes." {
		t.Errorf("done: %q", got)
	}
	if got := text(t, ctx, "#import-report"); !strings.Contains(got, "1 lignes incorrectes ignorées") || !strings.Contains(got, "prs_Birthdate") {
		t.Errorf("report: %q", got)
	}
	if n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('#import-codes li').length`)); err != nil || n != 2 {
		t.Errorf("codes listed: %d (%v)", n, err)
	}
	if refresh, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('meta[http-equiv=refresh]').length`)); err != nil || refresh != 0 {
		t.Errorf("a finished job's page still reloads: %d (%v)", refresh, err)
	}
	if e.cwCount() != 2 {
		t.Errorf("%d cases", e.cwCount())
	}
	for _, m := range messages() {
		if strings.Contains(m, "Content Security Policy") || strings.HasPrefix(m, "exception") {
			t.Errorf("browser reported: %s", m)
		}
	}
}
