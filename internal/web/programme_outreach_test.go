package web

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// twentyParticipants is a bulk entry as pasted from a spreadsheet saved in
// French (semicolons), with a heading line.
func twentyParticipants() string {
	profs := []string{"police", "border_guard", "labour_inspector", "prosecutor", "judge"}
	var b strings.Builder
	b.WriteString("Name;Profession;Sex;Employer;Attended;Before;After\n")
	for i := 0; i < 20; i++ {
		fmt.Fprintf(&b, "Participant Agadez %02d;%s;%s;Direction régionale;yes;%d;%d\n", i, profs[i%5],
			[]string{"female", "male"}[i%2], 40+i, 60+i)
	}
	return b.String()
}

// TestTrainingPages: a coordinator records a session (a bad one first:
// the form comes back with an error summary linking to the field, nothing
// recorded), pastes participants (one bad line refuses the whole entry,
// naming the line), uploads the twenty as a CSV file, changes the session,
// and reads the report by profession on the page and in CSV and Excel.
func TestTrainingPages(t *testing.T) {
	e := newCoreEnv(t)
	c := e.signedIn("coordinator")
	if r := c.get("/programmes/trainings/new"); r.Code != http.StatusOK {
		t.Fatalf("form: %d", r.Code)
	}
	form := url.Values{"topic": {"victim_identification"}, "country": {"NER"}, "place": {"Agadez"},
		"starts_on": {"2025-03-12"}, "ends_on": {"2025-03-10"}, "trainers": {"Hadiza Souley"}}
	r := c.post("/programmes/trainings", form)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#ends_on"`) ||
		!strings.Contains(r.Body, `id="ends_on-error"`) {
		t.Fatalf("end before start: %d %.2000s", r.Code, r.Body)
	}
	if r := c.get("/programmes/trainings"); strings.Contains(r.Body, "/programmes/trainings/0") {
		t.Fatal("a refused session was listed")
	}
	form.Set("starts_on", "2025-03-10")
	form.Set("ends_on", "2025-03-12")
	r = c.post("/programmes/trainings", form)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.1000s", r.Code, r.Body)
	}
	page := r.location()
	bad := strings.Replace(twentyParticipants(), "Participant Agadez 01;border_guard", "Participant Agadez 01;astronaut", 1)
	r = c.post(page+"/participants", url.Values{"participants": {bad}})
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "Line 3:") {
		t.Fatalf("bad line: %d %.3000s", r.Code, r.Body)
	}
	if v := c.get(page); strings.Contains(v.Body, "Participant Agadez 00") {
		t.Fatal("a refused entry added participants")
	}
	r = c.cwUpload(page+"/participants", "file", "participants.csv", []byte(twentyParticipants()), nil)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("twenty participants: %d %.3000s", r.Code, r.Body)
	}
	if e := c.get(page + "/edit"); e.Code != http.StatusOK || !strings.Contains(e.Body, `value="Hadiza Souley"`) {
		t.Fatalf("session edit form: %d", e.Code)
	}
	form.Set("place", "Arlit")
	if r := c.post(page, form); r.Code != http.StatusSeeOther {
		t.Fatalf("session edit: %d %.1000s", r.Code, r.Body)
	}
	v := c.get(page)
	if !strings.Contains(v.Body, "Arlit") {
		t.Fatal("the session's new place is not shown")
	}
	if n := strings.Count(v.Body, "Participant Agadez "); n != 20 {
		t.Fatalf("page lists %d participants, want 20", n)
	}
	rep := c.get("/programmes/trainings/report?by=profession")
	if rep.Code != http.StatusOK || !strings.Contains(rep.Body, "Border guard") || !strings.Contains(rep.Body, "&#43;20.0") {
		t.Fatalf("report: %d %.3000s", rep.Code, rep.Body)
	}
	csv := c.get("/programmes/trainings/report.csv?by=profession")
	if csv.Code != http.StatusOK || !strings.Contains(csv.Body, "Police,4,4,20") {
		t.Fatalf("csv: %d %q", csv.Code, csv.Body)
	}
	x := c.get("/programmes/trainings/report.xlsx?by=topic")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatalf("xlsx: %v", err)
	}
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil || len(rows) != 2 || rows[1][0] != "Identification of victims" || rows[1][1] != "20" || rows[1][3] != "20" {
		t.Fatalf("xlsx rows %v %v", rows, err)
	}
	// Names are the organisation's: an analyst reads reports, not sessions;
	// a caseworker has no programme pages.
	if r := e.signedIn("analyst").get(page); r.Code != http.StatusForbidden {
		t.Fatalf("analyst reads participants: %d", r.Code)
	}
	if r := e.signedIn("caseworker").get("/programmes/trainings"); r.Code != http.StatusForbidden {
		t.Fatalf("caseworker: %d", r.Code)
	}
}

// TestCampaignAndJusticePages: a radio campaign in Hausa and French is
// recorded (bad budget refused first), shown with its signals, in the
// calendar and on the map; a justice figure is entered and exported.
func TestCampaignAndJusticePages(t *testing.T) {
	e := newCoreEnv(t)
	c := e.signedIn("coordinator")
	form := url.Values{"title": {"Radio Sahara : attention aux faux recruteurs"}, "level": {"media"},
		"target_groups": {"rural_populations", "migrants"}, "channels": {"radio"}, "languages": {"ha, fr"},
		"countries": {"NER"}, "places": {"Agadez, Arlit"}, "starts_on": {"2025-06-15"}, "ends_on": {"2025-08-31"},
		"budget": {"-5"}, "currency": {"XOF"}, "reach": {"120 000"}, "reach_kind": {"estimated"}}
	r := c.post("/programmes/campaigns", form)
	if r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#budget"`) {
		t.Fatalf("negative budget: %d %.2000s", r.Code, r.Body)
	}
	form.Set("budget", "4 500 000")
	r = c.post("/programmes/campaigns", form)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("create: %d %.2000s", r.Code, r.Body)
	}
	page := r.location()
	edit := c.get(page + "/edit")
	if edit.Code != http.StatusOK || !strings.Contains(edit.Body, `value="ha, fr"`) || !strings.Contains(edit.Body, `action="`+page+`"`) {
		t.Fatalf("edit form: %d", edit.Code)
	}
	form.Set("places", "Agadez, Arlit, Bilma")
	form.Set("reach", "-1")
	if r := c.post(page, form); r.Code != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#reach"`) {
		t.Fatalf("edit with a negative reach: %d", r.Code)
	}
	form.Set("reach", "120000")
	if r := c.post(page, form); r.Code != http.StatusSeeOther || r.location() != page {
		t.Fatalf("edit: %d %.1000s", r.Code, r.Body)
	}
	v := c.get(page)
	for _, want := range []string{"Hausa, French", "Radio", "120,000", "4,500,000 XOF", "Cases identified", "Bilma"} {
		if !strings.Contains(v.Body, want) {
			t.Errorf("campaign page lacks %q", want)
		}
	}
	if r := c.post(page+"/signals", url.Values{"hotline_before": {"12"}, "hotline_after": {"-1"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `href="#hotline_after"`) {
		t.Fatalf("negative signal: %d", r.Code)
	}
	// A material: uploaded, listed, downloaded only as an attachment; a
	// program is refused naming the file.
	poster := []byte("%PDF-1.4\nAffiche Radio Sahara\n")
	if r := c.cwUpload(page+"/materials", "file", "affiche.pdf", poster, nil); r.Code != http.StatusSeeOther {
		t.Fatalf("material: %d %.1000s", r.Code, r.Body)
	}
	v = c.get(page)
	m := regexp.MustCompile(`href="(` + regexp.QuoteMeta(page) + `/materials/[0-9a-f-]+)"`).FindStringSubmatch(v.Body)
	if m == nil || !strings.Contains(v.Body, "affiche.pdf") {
		t.Fatalf("material not listed")
	}
	dl := c.get(m[1])
	if dl.Code != http.StatusOK || dl.Body != string(poster) || !strings.HasPrefix(dl.Header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("download: %d %q", dl.Code, dl.Header.Get("Content-Disposition"))
	}
	if r := c.cwUpload(page+"/materials", "file", "run.exe", []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00"), nil); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `href="#file"`) {
		t.Fatalf("a program as material: %d", r.Code)
	}

	cal := c.get("/programmes/campaigns/calendar")
	for _, m := range []string{"June 2025", "July 2025", "August 2025"} {
		if !strings.Contains(cal.Body, m) {
			t.Errorf("calendar lacks %s", m)
		}
	}
	if m := c.get("/programmes/campaigns/map"); !strings.Contains(m.Body, "<svg") || !strings.Contains(m.Body, "Niger") {
		t.Fatalf("map: %d", m.Code)
	}

	r = c.post("/programmes/justice", url.Values{"country": {"NER"}, "year": {"2024"}, "form": {"ForcedLabour"},
		"stage": {"conviction"}, "count": {"7"}, "source": {"Ministère de la Justice du Niger, annuaire statistique 2024"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("enter figure: %d %.2000s", r.Code, r.Body)
	}
	j := c.get("/programmes/justice?country=NER")
	if !regexp.MustCompile(`Forced labour · Convictions<br>.*\s*<td>0</td>\s*<td>7</td>`).MatchString(j.Body) {
		t.Fatalf("justice page: %.4000s", j.Body)
	}
	x := c.get("/programmes/justice.xlsx?country=NER")
	f, err := excelize.OpenReader(bytes.NewReader([]byte(x.Body)))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows(f.GetSheetName(0))
	if len(rows) != 3 || rows[1][5] != "7" || rows[1][4] != "0" || !strings.Contains(rows[2][0], "k = 11") {
		t.Fatalf("justice xlsx: %v", rows)
	}
	if r := c.post("/programmes/justice", url.Values{"country": {"NER"}, "year": {"2024"}, "form": {"ForcedLabour"},
		"stage": {"sentencing"}, "count": {"7"}, "source": {"x"}}); r.Code != http.StatusUnprocessableEntity ||
		!strings.Contains(r.Body, `href="#stage"`) {
		t.Fatalf("unknown stage: %d", r.Code)
	}
}
