package worldmap

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/passerelle-org/passerelle/internal/chart"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/fixture/chromium"
)

// TestChartsFitAPhone renders every kind of chart and map with long French
// labels in a real Chromium at 390 px wide and checks what the server can
// only estimate: every text's drawn box stays inside its chart, every chart
// fits the screen's width and has a height, and the page raises no console
// error (the strict Content-Security-Policy forbids inline styles, which the
// charts must not need).
func TestChartsFitAPhone(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ctx, messages := chromium.New(t)
	names := map[string]string{}
	values := map[string]float64{}
	for i, c := range country.Codes {
		names[c] = country.Name("fr", c)
		values[c] = float64(i % 11)
	}
	var page strings.Builder
	page.WriteString(`<!doctype html><html lang="fr"><meta charset="utf-8"><meta name="viewport" content="width=device-width"><body>`)
	for _, svg := range []string{
		string(chart.Bars(chart.BarChart{Title: "t", Desc: "d", Unit: "victimes identifiées", Bars: []chart.Bar{
			{Label: "République démocratique du Congo", Value: 1234, Display: "1 234"},
			{Label: "Exploitation dans la criminalité forcée, y compris la mendicité et le vol à la tire", Value: 12, Display: "12"},
			{Label: "Saint-Vincent-et-les-Grenadines", Value: 3, Display: "<5", Suppressed: true},
			{Label: "Baisse", Value: -600, Display: "−600"},
		}})),
		string(chart.Lines(chart.LineChart{Title: "t", Desc: "d", Unit: "cas", X: []string{"2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025"},
			YFormat: frenchInt,
			Series: []chart.Series{
				{Label: "Femmes et filles victimes de la traite", Values: []float64{1200, 1500, 900, 0, 2200, 3000, 2800, 3100}, Missing: []bool{false, false, false, true}},
				{Label: "Hommes", Values: []float64{500, 800, 700, 900, 1100, 1000, 1400, 1500}},
				{Label: "Garçons", Values: []float64{100, 200, 200, 300, 400, 300, 350, 420}},
			}})),
		string(chart.Groups(chart.GroupChart{Title: "t", Desc: "d", Unit: "victimes", Keys: []string{"Femmes et filles", "Hommes et garçons"}, Groups: []chart.Group{
			{Label: "République centrafricaine", Bars: []chart.Bar{{Value: 1200, Display: "1 200"}, {Value: 3, Display: "<5", Suppressed: true}}},
			{Label: "Niger", Bars: []chart.Bar{{Value: 40, Display: "40"}, {Value: 80, Display: "80"}}},
		}})),
		string(chart.Parts(chart.PartsChart{Title: "t", Desc: "d", Parts: []chart.Part{
			{Label: "Victimes connues des services", Value: 312, Display: "312"},
			{Label: "Victimes qui n'ont été vues par aucun service (estimation)", Value: 840, Display: "840 (610 à 1 190)"},
		}})),
		string(Choropleth(ChoroplethMap{Title: "t", Desc: "d", Values: values, Names: names, Classes: 5,
			Legend: []string{"0 à 1", "2 à 3", "4 à 5", "6 à 7", "8 et plus"}, NoData: "pas de données"})),
		string(Flows(FlowMap{Title: "t", Desc: "d", Names: names, Region: []string{"NGA", "NER", "FRA", "ITA", "LBY"},
			Points: []Point{{Country: "NGA", Label: "Nigéria · 4", Count: 4}, {Country: "NER", Label: "Niger · 2", Count: 2}, {Country: "FRA", Label: "France · 9", Count: 9}},
			Flows:  []Flow{{From: "NGA", To: "NER", Count: 30, Display: "30"}, {From: "NER", To: "FRA", Count: 3, Display: "<5"}, {From: "NER", To: "LBY", Count: 12, Display: "12"}}})),
	} {
		page.WriteString(svg)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'self'")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(page.String()))
	}))
	defer srv.Close()

	// For each svg: its drawn width and height, and the texts whose box
	// leaves the viewBox.
	const check = `[...document.querySelectorAll('svg')].map(s => {
		const vb = s.viewBox.baseVal, r = s.getBoundingClientRect();
		const out = [...s.querySelectorAll('text')].filter(t => {
			if (t.closest('[clip-path]')) return false; // map labels may be cut at the crop's edge
			const b = t.getBBox();
			return b.x < vb.x - 1 || b.x + b.width > vb.x + vb.width + 1 || b.y < vb.y - 1 || b.y + b.height > vb.y + vb.height + 1;
		}).map(t => t.textContent);
		return {cls: s.getAttribute('class'), w: r.width, h: r.height, out};
	})`
	type drawn struct {
		Cls string   `json:"cls"`
		W   float64  `json:"w"`
		H   float64  `json:"h"`
		Out []string `json:"out"`
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844), chromedp.Navigate(srv.URL)); err != nil {
		t.Fatal(err)
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]drawn](check))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("%d charts drawn", len(got))
	}
	for _, g := range got {
		if g.W > 390-16+0.5 || g.W < 300 || g.H < 50 {
			t.Errorf("%s: drawn %.0f x %.0f px at 390 px", g.Cls, g.W, g.H)
		}
		if len(g.Out) > 0 {
			t.Errorf("%s: texts outside the chart: %q", g.Cls, g.Out)
		}
	}
	for _, m := range messages() {
		if strings.Contains(m, "error") || strings.Contains(m, "Content Security Policy") {
			t.Errorf("console: %s", m)
		}
	}
}

// frenchInt groups thousands with a narrow no-break space, as a French
// caller's formatter would.
func frenchInt(v float64) string {
	d := strconv.FormatInt(int64(v), 10)
	for i := len(d) - 3; i > 0 && d[i-1] != '-'; i -= 3 {
		d = d[:i] + "\u202f" + d[i:]
	}
	return d
}
