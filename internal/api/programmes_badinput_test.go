package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestProgrammesAPIRefusesBadInput is the list of bad input, every
// programme write in one table: an end before its start, a negative budget
// or reach, a score out of 0-100, an unknown profession, sex, level, target
// group or status. Each is 422 with an error at the field's location, the
// rule, and a message in the reader's language that names the field; and
// nothing changes (no row, no audit entry).
func TestProgrammesAPIRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	e.addUser("coordA", "hadiza.moussa@espoir-niamey.example", "Hadiza Moussa", e.orgA.ID, auth.Coordinator)
	create := func(token, path, body string) string {
		t.Helper()
		w := e.do(request{token: token, method: "POST", path: path, body: body})
		var out struct{ ID string }
		if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &out) != nil || out.ID == "" {
			t.Fatalf("POST %s: %d %s", path, w.Code, w.Body)
		}
		return out.ID
	}
	p := "/action-plans/" + create("coordA", "/action-plans", `{"country":"NER","title":"PAN 2025-2027","starts_on":"2025-01-01","ends_on":"2027-12-31"}`)
	act := create("coordA", p+"/activities", `{"title":"Former","responsible":"MJ","starts_on":"2025-01-01","due_on":"2025-06-30"}`)
	tr := "/trainings/" + create("adminA", "/trainings", `{"topic":"investigation","country":"NER","place":"Agadez","starts_on":"2025-05-01","ends_on":"2025-05-02"}`)
	as := "/legislation/assessments/" + create("coordA", "/legislation/assessments", `{"country":"NER","assessed_on":"2025-10-01"}`)
	campaign := func(edit string) string {
		c := map[string]any{"title": "Radio Agadez", "level": "media", "target_groups": []string{"rural_populations"},
			"channels": []string{"radio"}, "languages": []string{"ha"}, "countries": []string{"NER"},
			"starts_on": "2025-06-01", "ends_on": "2025-08-31", "budget": 4500000, "currency": "XOF", "reach": 120000}
		var patch map[string]any
		if err := json.Unmarshal([]byte(edit), &patch); err != nil {
			t.Fatal(err)
		}
		for k, v := range patch {
			c[k] = v
		}
		b, _ := json.Marshal(c)
		return string(b)
	}
	activity := `{"title":"x","responsible":"x","starts_on":"2025-01-01","due_on":"2025-02-01",`
	participant := `{"name":"Emeka Eze","profession":"judge","attended":true,`

	before := e.snapshot()
	for _, c := range []struct {
		name, token, method, path, body, location, rule string
		label                                           string // the field's French label, which the message names
	}{
		{"plan ends before it starts", "coordA", "POST", "/action-plans", `{"country":"NER","title":"x","starts_on":"2027-01-01","ends_on":"2025-01-01"}`,
			"body.ends_on", plan.RuleEndBeforeStart, "Date de fin"},
		{"plan changed to end before it starts", "coordA", "PUT", p, `{"country":"NER","title":"x","starts_on":"2025-01-01","ends_on":"2024-12-31"}`,
			"body.ends_on", plan.RuleEndBeforeStart, "Date de fin"},
		{"activity due before it starts", "coordA", "POST", p + "/activities", `{"title":"x","responsible":"x","starts_on":"2025-03-01","due_on":"2025-02-01"}`,
			"body.due_on", plan.RuleEndBeforeStart, ""},
		{"activity with a negative budget", "coordA", "POST", p + "/activities", activity + `"budget":-5,"currency":"XOF"}`,
			"body.budget", plan.RuleNegative, ""},
		{"activity with an unknown status", "coordA", "POST", p + "/activities", activity + `"status":"finished"}`,
			"body.status", valid.RuleOneOf, ""},
		{"activity changed to an unknown status", "coordA", "PUT", p + "/activities/" + act, activity + `"status":"finished"}`,
			"body.status", valid.RuleOneOf, ""},
		{"project ends before it starts", "coordA", "POST", p + "/projects", `{"donor":"x","title":"x","budget":1,"currency":"EUR","starts_on":"2025-03-01","ends_on":"2025-02-01"}`,
			"body.ends_on", plan.RuleEndBeforeStart, ""},
		{"project with a negative budget", "coordA", "POST", p + "/projects", `{"donor":"x","title":"x","budget":-1,"currency":"EUR","starts_on":"2025-01-01","ends_on":"2025-02-01"}`,
			"body.budget", plan.RuleNegative, ""},
		{"training ends before it starts", "adminA", "POST", "/trainings", `{"topic":"investigation","country":"NER","starts_on":"2025-05-03","ends_on":"2025-05-02"}`,
			"body.ends_on", casework.RuleDateOrder, ""},
		{"participant of an unknown profession", "adminA", "POST", tr + "/participants", `{"name":"Emeka Eze","profession":"astronaut","attended":true}`,
			"body.profession", valid.RuleOneOf, ""},
		{"participant of an unknown sex", "adminA", "POST", tr + "/participants", participant + `"sex":"x"}`,
			"body.sex", valid.RuleOneOf, ""},
		{"score before below 0", "adminA", "POST", tr + "/participants", participant + `"pre_score":-1}`,
			"body.pre_score", ruleMinNumber, ""},
		{"score after above 100", "adminA", "POST", tr + "/participants", participant + `"post_score":101}`,
			"body.post_score", ruleMaxNumber, ""},
		{"campaign ends before it starts", "adminA", "POST", "/campaigns", campaign(`{"ends_on":"2025-05-01"}`),
			"body.ends_on", casework.RuleDateOrder, ""},
		{"campaign with a negative budget", "adminA", "POST", "/campaigns", campaign(`{"budget":-1}`),
			"body.budget", ruleMinNumber, ""},
		{"campaign with a negative reach", "adminA", "POST", "/campaigns", campaign(`{"reach":-10}`),
			"body.reach", ruleMinNumber, "Personnes touchées"},
		{"campaign of an unknown level", "adminA", "POST", "/campaigns", campaign(`{"level":"planetary"}`),
			"body.level", valid.RuleOneOf, ""},
		{"campaign for an unknown target group", "adminA", "POST", "/campaigns", campaign(`{"target_groups":["aliens"]}`),
			"body.target_groups[0]", valid.RuleOneOf, ""},
		{"finding of an unknown status", "coordA", "PUT", as + "/items/coe-13-reflection", `{"status":"compliant"}`,
			"body.status", valid.RuleOneOf, ""},
	} {
		w := e.do(request{token: c.token, method: c.method, path: c.path, body: c.body, header: map[string]string{"Accept-Language": "fr"}})
		var pr struct {
			Errors []struct{ Location, Rule, Message string }
		}
		_ = json.Unmarshal(w.Body.Bytes(), &pr)
		found := false
		for _, fe := range pr.Errors {
			if fe.Location != c.location || (c.rule != "" && fe.Rule != c.rule) {
				continue
			}
			found = true
			// The message names the field, then what is wrong, in French
			// ("date de fin : ne doit pas précéder le début").
			if i := strings.Index(fe.Message, " : "); i <= 0 || (c.label != "" && !strings.EqualFold(fe.Message[:i], c.label)) || fe.Rule == "" {
				t.Errorf("%s: message %q (rule %q) does not name the field %q", c.name, fe.Message, fe.Rule, c.label)
			}
		}
		if w.Code != http.StatusUnprocessableEntity || !found {
			t.Errorf("%s: %s %s: %d %s, want 422 at %s %s", c.name, c.method, c.path, w.Code, w.Body, c.location, c.rule)
		}
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused requests changed %v", d)
	}
}
