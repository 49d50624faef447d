package api

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestTrainingAPI: a supervisor records a session and its participants;
// the report by profession has the shape; another organisation's
// session is 404; a caseworker is 403.
func TestTrainingAPI(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "superA", method: "POST", path: "/trainings",
		body: `{"topic":"victim_identification","country":"NER","place":"Agadez","starts_on":"2025-03-10","ends_on":"2025-03-12"}`})
	if w.Code != 201 {
		t.Fatalf("create training: %d %s", w.Code, w.Body)
	}
	var tr Training
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil {
		t.Fatal(err)
	}
	for i, p := range []string{"police", "police", "judge"} {
		body := fmt.Sprintf(`{"name":"Agent %d","profession":%q,"sex":"male","organisation":"Police nationale","attended":true,"pre_score":%d,"post_score":%d}`,
			i, p, 40+i, 70+i)
		if w := e.do(request{token: "superA", method: "POST", path: "/trainings/" + tr.ID + "/participants", body: body}); w.Code != 201 {
			t.Fatalf("participant %d: %d %s", i, w.Code, w.Body)
		}
	}
	w = e.do(request{token: "superA", method: "GET", path: "/trainings/report?by=profession"})
	var report struct {
		Items []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &report); err != nil || w.Code != 200 {
		t.Fatalf("report: %d %s", w.Code, w.Body)
	}
	if len(report.Items) != 2 || report.Items[1]["profession"] != "police" || report.Items[1]["trained"] != 2.0 ||
		report.Items[1]["mean_gain"] != 30.0 {
		t.Fatalf("report: %s", w.Body)
	}
	if w := e.do(request{token: "superA", method: "GET", path: "/trainings/report?by=colour"}); w.Code != 422 || !strings.Contains(w.Body.String(), `"query.by"`) {
		t.Fatalf("report by an unknown dimension: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "superA", method: "GET", path: "/openapi.json"}); !strings.Contains(w.Body.String(), `"enum":["profession","country","year","topic"]`) {
		t.Fatal("the report's groupings are not in the document")
	}
	if w := e.do(request{token: "superA", method: "GET", path: "/trainings/" + tr.ID}); w.Code != 200 || !strings.Contains(w.Body.String(), "Agent 2") {
		t.Fatalf("get training: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "adminB", method: "GET", path: "/trainings/" + tr.ID}); w.Code != 404 {
		t.Fatalf("B reads A's training: %d", w.Code)
	}
	if w := e.do(request{token: "adminB", method: "POST", path: "/trainings/" + tr.ID + "/participants",
		body: `{"name":"Intrus","profession":"police","attended":true}`}); w.Code != 404 {
		t.Fatalf("B adds to A's training: %d", w.Code)
	}
	if w := e.do(request{token: "caseA", method: "POST", path: "/trainings", body: `{"topic":"investigation","country":"NER","starts_on":"2025-01-01","ends_on":"2025-01-01"}`}); w.Code != 403 {
		t.Fatalf("caseworker creates a training: %d", w.Code)
	}
}

// TestOutreachAPIRefusesBadInput: each bad input is 422 naming its field,
// and nothing changes.
func TestOutreachAPIRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "adminA", method: "POST", path: "/trainings",
		body: `{"topic":"investigation","country":"NGA","starts_on":"2025-05-01","ends_on":"2025-05-02"}`})
	var tr Training
	if err := json.Unmarshal(w.Body.Bytes(), &tr); err != nil || w.Code != 201 {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	before := e.snapshot()
	campaign := func(edit string) string {
		base := map[string]any{"title": "Radio Agadez", "level": "media", "target_groups": []string{"rural_populations"},
			"channels": []string{"radio"}, "languages": []string{"ha", "fr"}, "countries": []string{"NER"},
			"starts_on": "2025-06-01", "ends_on": "2025-08-31", "budget": 4500000, "currency": "XOF", "reach": 120000}
		var patch map[string]any
		if err := json.Unmarshal([]byte(edit), &patch); err != nil {
			t.Fatal(err)
		}
		for k, v := range patch {
			base[k] = v
		}
		b, _ := json.Marshal(base)
		return string(b)
	}
	for _, c := range []struct {
		path, body, location string
	}{
		{"/trainings", `{"topic":"investigation","country":"NGA","starts_on":"2025-05-03","ends_on":"2025-05-02"}`, "body.ends_on"},
		{"/trainings/" + tr.ID + "/participants", `{"name":"Emeka Eze","profession":"astronaut","attended":true}`, "body.profession"},
		{"/trainings/" + tr.ID + "/participants", `{"name":"Emeka Eze","profession":"judge","attended":true,"post_score":101}`, "body.post_score"},
		{"/trainings/" + tr.ID + "/participants", `{"name":"Emeka Eze","profession":"judge","attended":true,"pre_score":-1}`, "body.pre_score"},
		{"/campaigns", campaign(`{"budget":-1}`), "body.budget"},
		{"/campaigns", campaign(`{"reach":-10}`), "body.reach"},
		{"/campaigns", campaign(`{"level":"planetary"}`), "body.level"},
		{"/campaigns", campaign(`{"channels":["radio","pigeons"]}`), "body.channels[1]"},
		{"/campaigns", campaign(`{"ends_on":"2025-05-01"}`), "body.ends_on"},
		{"/justice-figures", `{"country":"NER","year":2024,"form":"ForcedLabour","stage":"sentencing","count":3,"source":"MJ"}`, "body.stage"},
	} {
		w := e.do(request{token: "adminA", method: "POST", path: c.path, body: c.body})
		if w.Code != 422 || !strings.Contains(w.Body.String(), `"`+c.location+`"`) {
			t.Errorf("POST %s %s: %d %s, want 422 naming %s", c.path, c.body, w.Code, w.Body, c.location)
		}
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused requests changed: %v", d)
	}
}

// TestCampaignAPI: a radio campaign in Hausa and French is recorded and
// read back with its identified-case signals; B gets 404.
func TestCampaignAPI(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "adminA", method: "POST", path: "/campaigns", body: `{"title":"Radio Sahara : attention aux faux recruteurs",
		"level":"media","target_groups":["rural_populations","migrants"],"channels":["radio"],"languages":["ha","fr"],
		"countries":["NER"],"starts_on":"2025-06-01","ends_on":"2025-08-31","budget":4500000,"currency":"XOF","reach":120000}`})
	if w.Code != 201 {
		t.Fatalf("create campaign: %d %s", w.Code, w.Body)
	}
	var c Campaign
	if err := json.Unmarshal(w.Body.Bytes(), &c); err != nil {
		t.Fatal(err)
	}
	w = e.do(request{token: "adminA", method: "GET", path: "/campaigns/" + c.ID})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"identified_cases":{"before":0,"after":0}`) {
		t.Fatalf("get campaign: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "adminA", method: "GET", path: "/campaigns"}); w.Code != 200 || !strings.Contains(w.Body.String(), c.ID) {
		t.Fatalf("list: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "adminB", method: "GET", path: "/campaigns/" + c.ID}); w.Code != 404 {
		t.Fatalf("B reads A's campaign: %d", w.Code)
	}
	if w := e.do(request{token: "adminA", method: "POST", path: "/justice-figures",
		body: `{"country":"NER","year":2024,"form":"ForcedLabour","stage":"conviction","count":7,"source":"Ministère de la Justice"}`}); w.Code != 201 {
		t.Fatalf("enter figure: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "adminA", method: "GET", path: "/justice-figures?country=NER"}); w.Code != 200 || !strings.Contains(w.Body.String(), `"entered":7`) {
		t.Fatalf("figures: %d %s", w.Code, w.Body)
	}
	// Caseworkers have no programme work: 403 before anything is read or written.
	for _, r := range []request{{token: "caseA", method: "GET", path: "/justice-figures"},
		{token: "caseA", method: "GET", path: "/campaigns"}, {token: "caseA", method: "GET", path: "/trainings/report"},
		{token: "caseA", method: "POST", path: "/justice-figures", body: `{"country":"NER","year":2024,"form":"ForcedLabour","stage":"conviction","count":7,"source":"x"}`}} {
		if w := e.do(r); w.Code != 403 {
			t.Errorf("%s %s as a caseworker: %d", r.method, r.path, w.Code)
		}
	}
}
