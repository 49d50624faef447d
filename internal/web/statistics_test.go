package web

import (
	"bytes"
	"encoding/csv"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/passerelle-org/passerelle/internal/casestats"
)

// The sample network (newNetEnv) holds 91 cases with consent to statistics
// and one without, in the coordinator's organisation.

func TestStatisticsPages(t *testing.T) {
	e := newNetEnv(t)
	coord := e.signedIn("coordinator")
	r := coord.get("/statistics")
	wantIn(t, r, http.StatusOK, "Statistics", "<svg", "Cases by form of exploitation",
		"(k = 11)", "Left out: 1 cases without that consent.", "/statistics/cases.csv?by=exploitation")
	if n := strings.Count(r.Body, `class="stats-note"`); n != len(dashboardCharts) {
		t.Errorf("%d notes under %d tables", n, len(dashboardCharts))
	}
	r = coord.get("/statistics/table?by=sex&by=&by=age_group&scope=network")
	wantIn(t, r, http.StatusOK, "Sex", "Age group", "(k = 11)")
	r = coord.get("/statistics/table?by=name&scope=network")
	wantIn(t, r, http.StatusUnprocessableEntity, `href="#stats-by"`, `id="stats-by-error"`)
	r = coord.get("/statistics?scope=country&country=SEN")
	wantIn(t, r, http.StatusOK, "Left out: 1 cases")
	r = coord.get("/statistics/sdg?country=NER&year=2024")
	wantIn(t, r, http.StatusOK, "SDG indicator 16.2.2", "Population: 27,000,000.", "World Population Prospects 2024")

	sup := e.signedIn("supervisor")
	wantIn(t, sup.get("/statistics"), http.StatusOK, "Cases of your organisation")
	for _, p := range []string{"/statistics?scope=network", "/statistics/cases.csv?by=sex&scope=country&country=NER", "/statistics/sdg"} {
		if r := sup.get(p); r.Code != http.StatusForbidden {
			t.Errorf("supervisor %s: %d, want 403", p, r.Code)
		}
	}
	for _, key := range []string{"caseworker", "org_admin", "admin"} {
		if r := e.signedIn(key).get("/statistics"); r.Code != http.StatusForbidden {
			t.Errorf("%s /statistics: %d, want 403", key, r.Code)
		}
	}
}

func TestStatisticsDownloads(t *testing.T) {
	e := newNetEnv(t)
	coord := e.signedIn("coordinator")
	r := coord.get("/statistics/cases.csv?by=exploitation,sex&scope=network")
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") ||
		!strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
		t.Fatalf("csv: %d %v", r.Code, r.Header)
	}
	rows, err := csv.NewReader(strings.NewReader(r.Body)).ReadAll()
	if err != nil || len(rows) < 2 {
		t.Fatalf("csv %v: %q", err, r.Body)
	}
	if strings.Join(rows[0], ",") != "exploitation,sex,count,suppressed" {
		t.Errorf("csv header %v", rows[0])
	}
	for _, row := range rows[1:] {
		n, err := strconv.Atoi(row[2])
		switch {
		case row[3] == "true" && row[2] != "":
			t.Errorf("withheld cell with a count: %v", row)
		case row[3] == "false" && (err != nil || (n > 0 && n < 11)):
			t.Errorf("released cell below k: %v", row)
		}
	}
	r = coord.get("/statistics/cases.xlsx?by=exploitation&scope=network")
	if r.Code != http.StatusOK {
		t.Fatalf("xlsx: %d", r.Code)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(r.Body)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head, _ := f.GetCellValue(f.GetSheetName(0), "A1")
	count, _ := f.GetCellValue(f.GetSheetName(0), "B1")
	if head != "Form of exploitation" || count != "Cases" {
		t.Errorf("xlsx header %q %q", head, count)
	}
	if r := coord.get("/statistics/cases.csv?by=planet"); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("csv of an unknown variable: %d", r.Code)
	}
}

// TestStatisticsSDG: the indicator divides the released counts of the
// country's organisations by generated population figures.
func TestStatisticsSDG(t *testing.T) {
	e := newNetEnv(t)
	year := time.Now().UTC().Year()
	e.srv.populations = casestats.Populations{"SEN": {year: 50_000}}
	r := e.signedIn("coordinator").get("/statistics/sdg?country=SEN&year=" + strconv.Itoa(year))
	wantIn(t, r, http.StatusOK, "Population: 50,000.", "By sex", "By age group", "By form of exploitation")
	rows := regexp.MustCompile(`<tr><td>[^<]*</td><td class="num">([^<]*)</td><td class="num">([^<]*)</td></tr>`).
		FindAllStringSubmatch(r.Body, -1)
	released := 0
	for _, m := range rows {
		n, err := strconv.Atoi(strings.ReplaceAll(m[1], ",", ""))
		if err != nil {
			if m[2] != m[1] {
				t.Errorf("a withheld count has a rate: %v", m[1:])
			}
			continue
		}
		released++
		if want := strconv.Itoa(2*n) + ".00"; m[2] != want {
			t.Errorf("count %d: rate %s, want %s", n, m[2], want)
		}
	}
	if released == 0 {
		t.Errorf("no released count in %d rows: %.2000s", len(rows), r.Body)
	}
	if r := e.signedIn("coordinator").get("/statistics/sdg?country=SEN&year=1999"); !strings.Contains(r.Body, "No population figure") {
		t.Errorf("a year without figures: %d", r.Code)
	}
}

// TestStatisticsMapAndLines: a table by country of exploitation is drawn as
// a map (withheld countries in the legend, not coloured as a value), a table
// by year and sex as one line per sex.
func TestStatisticsMapAndLines(t *testing.T) {
	e := newCoreEnv(t)
	r := httptest.NewRequest("GET", "/statistics", nil)
	r.Header.Set("Accept-Language", "fr")
	v := statsView{Names: []string{casestats.ExploitationCountry}, Rows: []statsRow{
		{Values: []string{"France"}, Raw: []string{"FRA"}, Count: "40", N: 40},
		{Values: []string{"Italie"}, Raw: []string{"ITA"}, Count: "25", N: 25},
		{Values: []string{"Libye"}, Raw: []string{"LBY"}, Count: "masqué", Suppressed: true},
		{Values: []string{"Non renseigné"}, Raw: []string{casestats.NotRecorded}, Count: "12", N: 12},
	}}
	m := string(e.srv.statsMap(r, "Dossiers par pays", v))
	for _, want := range []string{"<svg", "Dossiers par pays", "France", "Italie", "Libye"} {
		if !strings.Contains(m, want) {
			t.Errorf("map lacks %q", want)
		}
	}
	if strings.Contains(m, "Non renseigné") {
		t.Error("the map shows cases without a country")
	}
	lines := string(statsLines("fr", "Par année", statsView{Names: []string{"year", "sex"}, Rows: []statsRow{
		{Values: []string{"2024", "Féminin"}, Raw: []string{"2024", "Feminine"}, Count: "30", N: 30},
		{Values: []string{"2025", "Féminin"}, Raw: []string{"2025", "Feminine"}, Count: "34", N: 34},
		{Values: []string{"2025", "Masculin"}, Raw: []string{"2025", "Masculine"}, Count: "masqué", Suppressed: true},
	}}))
	for _, want := range []string{"<svg", "Féminin", "Masculin", "2024", "2025"} {
		if !strings.Contains(lines, want) {
			t.Errorf("lines lack %q", want)
		}
	}
}
