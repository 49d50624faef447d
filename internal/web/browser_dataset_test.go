package web

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/dataset"
)

// TestBrowserDatasetPage: on a phone-sized screen (390 px) and without
// JavaScript, a coordinator reading French opens the datasets, chooses two
// columns and the Public method in the form, and reads the chart, the
// table with the rule under it and the download links; the page does not
// scroll sideways and no table cell hides beyond the screen's edge.
func TestBrowserDatasetPage(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	e := newNetEnv(t)
	var buf strings.Builder
	if err := dataset.Generate(&buf, 2000, 21); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.ImportDataset(cwSys(), "corridor", strings.NewReader(buf.String()), dataset.ReadOptions{}); err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(e.h)
	defer ts.Close()
	ctx, messages := newBrowser(t)
	b := &linkBrowser{t: t, env: e, ctx: ctx, url: ts.URL, messages: messages, js: true}
	b.do("phone", chromedp.EmulateViewport(390, 844))
	b.scripts(false)
	b.signIn("coordinator")
	b.setInput("#lang-select", "fr")
	b.do("French", chromedp.Click(chromedp.CSS(`form[action="/language"] button`)),
		chromedp.WaitVisible(`//h1[contains(., "Bienvenue")]`))
	b.do("tile", chromedp.Click(chromedp.CSS(`ul.tiles a[href="/datasets"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/datasets/corridor"]`)))
	b.page("liste des jeux de données", "fr", "Jeux de données statistiques")
	b.do("dataset", chromedp.Click(chromedp.CSS(`a[href="/datasets/corridor"]`)),
		chromedp.WaitVisible(chromedp.ID("by-1")))
	b.page("jeu de données", "fr", "Construire un tableau")
	b.setInput("#by-1", "citizenship")
	b.setInput("#by-2", "gender")
	b.do("table", chromedp.Click(chromedp.CSS(`input[name=method][value=public]`)),
		chromedp.Click(chromedp.CSS(`form[action="/datasets/corridor"] button[type=submit]`)),
		chromedp.WaitVisible(chromedp.ID("table")))
	b.page("tableau", "fr", "Méthode : publique (k = 0)")
	if n := b.count("#table svg"); n != 1 {
		t.Errorf("%d charts", n)
	}
	if n := b.count(`#table a[href*="table.csv?"], #table a[href*="table.xlsx?"]`); n != 2 {
		t.Errorf("%d download links", n)
	}
	rows := b.rows("#table tbody tr")
	niger := false
	for _, r := range rows {
		niger = niger || r[0] == "Niger (NE)" && (r[1] == "Female" || r[1] == "Male")
	}
	if len(rows) < 30 || !niger {
		t.Errorf("table rows: %d, none for Niger: %v", len(rows), rows)
	}
}
