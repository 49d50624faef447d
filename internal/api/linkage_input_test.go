package api

import (
	"encoding/base64"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/linkrun"
)

// TestLinkageBadInput: every refusal names the field and the rule, in a
// problem document, and changes nothing at all (runScenarios compares every
// table before and after).
func TestLinkageBadInput(t *testing.T) {
	e := bareLinkEnv(t)
	run := e.propose("Corridor Kano–Niamey–Paris", true, "{orgA}", "{orgB}", "{orgC}")
	path := "/linkage/runs/" + run.ID.String()
	propose := func(body string) request {
		return request{token: "coord", method: "POST", path: "/linkage/runs", body: e.vars(body)}
	}
	approve := func(body string) request {
		return request{token: "adminA", method: "POST", path: path + "/approve", body: body}
	}
	orgs := `"parties":["{orgA}","{orgB}"]`
	period := `"period_from":"2024-01-01","period_to":"2025-12-31"`
	short := base64.StdEncoding.EncodeToString([]byte("ten bytes!"))
	unknown := uuid.NewString()
	runScenarios(t, e.env, []scenario{
		{"one party", propose(`{"name":"Seul",` + period + `,"parties":["{orgA}"]}`), 422,
			[]string{`"location":"body.parties"`, `"rule":"linkage_min_parties"`}, nil},
		{"unknown party", propose(`{"name":"Inconnu",` + period + `,"parties":["{orgA}","` + unknown + `"]}`), 422,
			[]string{`"location":"body.parties"`, `"rule":"linkage_min_parties"`, "organisations that exist"}, []string{unknown}},
		{"party not an id", propose(`{"name":"Lyon",` + period + `,"parties":["{orgA}","Lyon"]}`), 422,
			[]string{`"location":"body.parties"`, `"rule":"uuid"`}, nil},
		{"min size below the floor", propose(`{"name":"Petit",` + period + `,` + orgs + `,"min_size":10}`), 422,
			[]string{`"location":"body.min_size"`, `"rule":"linkage_min_size"`, `"min":20`, "at least 20"}, nil},
		{"min size zero", propose(`{"name":"Zéro",` + period + `,` + orgs + `,"min_size":0}`), 422,
			[]string{`"location":"body.min_size"`, `"rule":"linkage_min_size"`}, nil},
		{"not a date", propose(`{"name":"Date","period_from":"2024-13-01","period_to":"2025-12-31",` + orgs + `}`), 422,
			[]string{`"location":"body.period_from"`, `"rule":"linkage_date"`}, nil},
		{"period backwards", propose(`{"name":"Envers","period_from":"2025-01-01","period_to":"2024-12-31",` + orgs + `}`), 422,
			[]string{`"location":"body.period_to"`, `"rule":"linkage_date_order"`}, nil},
		{"no name", propose(`{` + period + `,` + orgs + `}`), 422,
			[]string{`"location":"body.name"`, `"rule":"required"`}, nil},
		{"malformed JSON", propose(`{"name":"Cassé",`), 400, []string{`"location":"body"`, `"rule":"json"`}, nil},
		{"wrong content type", request{token: "coord", method: "POST", path: "/linkage/runs", contentType: "text/plain",
			body: `{"name":"Texte"}`}, 415, []string{`"location":"header.Content-Type"`, `"rule":"content_type"`}, nil},
		{"unknown field", propose(`{"name":"Clé",` + period + `,` + orgs + `,"secret":"x"}`), 422,
			[]string{`"location":"body.secret"`, `"rule":"unknown_field"`}, nil},
		{"same parties again", propose(`{"name":"Encore",` + period + `,"parties":["{orgC}","{orgB}","{orgA}"]}`), 422,
			[]string{`"location":"body.parties"`, `"rule":"linkage_repeat"`}, nil},
		{"force without being a platform administrator", propose(`{"name":"Force",` + period + `,` + orgs + `,"force":true}`), 403,
			nil, nil},
		{"a caseworker proposes", request{token: "caseA", method: "POST", path: "/linkage/runs",
			body: `{"name":"Non",` + period + `,` + orgs + `}`}, 403, nil, nil},

		{"no secret", approve(`{}`), 422, []string{`"location":"body.secret"`, `"rule":"required"`}, nil},
		{"empty secret", approve(`{"secret":""}`), 422, []string{`"location":"body.secret"`, `"rule":"required"`}, nil},
		{"short secret", approve(`{"secret":"` + short + `"}`), 422,
			[]string{`"location":"body.secret"`, `"rule":"linkage_secret_short"`, `"min":32`, "at least 32 bytes"}, []string{short}},
		{"secret not hex", approve(`{"secret":"zz-not-hex-zz","secret_encoding":"hex"}`), 422,
			[]string{`"location":"body.secret"`, `"rule":"linkage_secret_encoding"`, "not valid hex"}, []string{"not-hex"}},
		{"secret not base64", approve(`{"secret":"***secret***","secret_encoding":"base64"}`), 422,
			[]string{`"location":"body.secret"`, `"rule":"linkage_secret_encoding"`}, []string{"***secret***"}},
		{"short text secret", approve(`{"secret":"***secret***"}`), 422,
			[]string{`"location":"body.secret"`, `"rule":"linkage_secret_short"`}, []string{"***secret***"}},
		{"unknown encoding", approve(`{"secret":"abcd","secret_encoding":"rot13"}`), 422,
			[]string{`"location":"body.secret_encoding"`, `"rule":"one_of"`}, nil},
		{"unknown status filter", approve(`{"secret":"` + short + `","filter_status":"Lost"}`), 422,
			[]string{`"location":"body.filter_status"`, `"rule":"one_of"`}, nil},
		{"approval not JSON", approve(`secret=abc`), 400, []string{`"rule":"json"`}, nil},
		{"approval as a form", request{token: "adminA", method: "POST", path: path + "/approve",
			contentType: "application/x-www-form-urlencoded", body: "secret=abc"}, 415,
			[]string{`"location":"header.Content-Type"`}, nil},
		{"a caseworker approves", request{token: "caseA", method: "POST", path: path + "/approve",
			body: `{"secret":"` + short + `"}`}, 403, nil, nil},

		{"encodings as JSON", request{token: "adminA", method: "POST", path: path + "/encodings", body: `{"clk":"x"}`}, 415,
			[]string{`"location":"header.Content-Type"`, `"rule":"linkage_clk_type"`, "application/octet-stream"}, nil},
		{"encodings unreadable", request{token: "adminA", method: "POST", path: path + "/encodings",
			contentType: "application/octet-stream", body: "not a clk file"}, 422,
			[]string{`"location":"body"`, `"rule":"linkage_clk"`}, nil},
		{"a caseworker uploads", request{token: "caseA", method: "POST", path: path + "/encodings",
			contentType: "application/octet-stream", body: "x"}, 403, nil, nil},
	})

	// Encodings over the limit: 413 whether the length is declared or not,
	// and nothing is stored.
	before := e.snapshot()
	for _, declared := range []bool{true, false} {
		body := io.LimitReader(zeros{}, linkrun.MaxCLKBytes+1)
		req := httptest.NewRequest(http.MethodPost, Prefix+path+"/encodings", body)
		req.ContentLength = -1
		if declared {
			req.ContentLength = linkrun.MaxCLKBytes + 1
		}
		req.Header.Set("Authorization", "Bearer "+e.tokens["adminA"])
		req.Header.Set("Content-Type", "application/octet-stream")
		w := httptest.NewRecorder()
		e.h.ServeHTTP(w, req)
		if w.Code != http.StatusRequestEntityTooLarge {
			t.Fatalf("oversize upload (declared %v): %d %s", declared, w.Code, w.Body)
		}
		wantField(t, w.Body.String(), "body", "too_large", "")
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Errorf("oversize uploads changed data: %v", d)
	}
	if s := e.log.String(); strings.Contains(s, short) {
		t.Errorf("the log holds a secret: %s", s)
	}
}

// zeros reads as endless zero bytes.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// TestLinkageOtherOrganisations: a run between B and C is 404 to every
// role of A, whatever it asks, before any body is looked at; a role without
// the step's permission may get 403 first, as in the web.
func TestLinkageOtherOrganisations(t *testing.T) {
	e := bareLinkEnv(t)
	run := e.propose("Corridor Lyon–Paris", true, "{orgB}", "{orgC}")
	path := "/linkage/runs/" + run.ID.String()
	good := `{"secret":"` + base64.StdEncoding.EncodeToString(linkSecret) + `"}`
	list := []scenario{
		{"run", request{token: "adminA", method: "GET", path: path}, 404, nil, []string{"Corridor"}},
		{"approve", request{token: "adminA", method: "POST", path: path + "/approve", body: good}, 404, nil, nil},
		{"approve with a bad secret", request{token: "adminA", method: "POST", path: path + "/approve",
			body: `{"secret":"zz","secret_encoding":"hex"}`}, 404, nil, nil},
		{"approve with a short secret", request{token: "adminA", method: "POST", path: path + "/approve",
			body: `{"secret":"c2hvcnQ="}`}, 404, nil, nil},
		{"upload", request{token: "adminA", method: "POST", path: path + "/encodings",
			contentType: "application/octet-stream", body: "not a clk file"}, 404, nil, nil},
		{"upload with another type", request{token: "adminA", method: "POST", path: path + "/encodings",
			body: `{}`}, 404, nil, nil},
		{"decline", request{token: "adminA", method: "POST", path: path + "/decline"}, 404, nil, nil},
		{"results", request{token: "adminA", method: "GET", path: path + "/results"}, 404, nil, nil},
		{"match by another coordinator", request{token: "coordA", method: "POST", path: path + "/match"}, 404, nil, nil},
		{"results to another coordinator", request{token: "coordA", method: "GET", path: path + "/results"}, 404, nil, nil},
		{"results to an analyst", request{token: "analystA", method: "GET", path: path + "/results"}, 404, nil, nil},
		{"a party's caseworker", request{token: "caseB", method: "GET", path: path + "/results"}, 404, nil, nil},
		{"unknown run", request{token: "coord", method: "GET", path: "/linkage/runs/" + uuid.NewString()}, 404, nil, nil},
	}
	runScenarios(t, e.env, list)
	for _, who := range []string{"adminA", "coordA", "analystA"} {
		w := e.call(request{token: who, method: "GET", path: "/linkage/runs"}, http.StatusOK)
		if strings.Contains(w.Body.String(), run.ID.String()) {
			t.Errorf("%s lists another organisation's run", who)
		}
	}
	// The run is untouched: B and C may still answer.
	got := decode[LinkageRun](t, e.call(request{token: "coord", method: "GET", path: path}, http.StatusOK).Body.Bytes())
	if got.Status != "proposed" || got.Parties[0].State != "pending" || got.Parties[1].State != "pending" {
		t.Fatalf("run changed: %+v", got)
	}
}

// TestLinkageDecline: a party declines; the run is declined for all and
// takes no more answers.
func TestLinkageDecline(t *testing.T) {
	e := bareLinkEnv(t)
	run := e.propose("Corridor Kano–Lyon", true, "{orgA}", "{orgB}")
	path := "/linkage/runs/" + run.ID.String()
	w := e.call(request{token: "adminB", method: "POST", path: path + "/decline"}, http.StatusOK)
	if got := decode[LinkageRun](t, w.Body.Bytes()); got.Status != "declined" || got.Parties[1].State != "declined" {
		t.Fatalf("after decline: %+v", got)
	}
	w = e.call(request{token: "adminA", method: "POST", path: path + "/approve",
		body: `{"secret":"` + base64.StdEncoding.EncodeToString(linkSecret) + `"}`}, http.StatusConflict)
	wantField(t, w.Body.String(), "run.status", linkrun.RuleState, "")
	e.call(request{token: "coord", method: "GET", path: path + "/results"}, http.StatusConflict)
	// A declined run does not count against the repeat rule.
	e.propose("Corridor Kano–Lyon, second try", true, "{orgB}", "{orgA}")
}

// TestLinkageRateLimit: the sixth proposal of a day by one coordinator is
// refused with 429, located on the body (it is about the caller, not a
// field) and changing nothing; a platform administrator may force a repeat.
func TestLinkageRateLimit(t *testing.T) {
	e := bareLinkEnv(t)
	orgs := []string{"{orgA}", "{orgB}", "{orgC}", "{orgM}"}
	n := 0
	for i := range orgs {
		for j := i + 1; j < len(orgs) && n < linkrun.DefaultDaily; j++ {
			e.propose("Corridor "+strconv.Itoa(n), false, orgs[i], orgs[j])
			n++
		}
	}
	sixth := `{"name":"Sixième","period_from":"2024-01-01","period_to":"2025-12-31","parties":["{orgC}","{orgM}"]}`
	runScenarios(t, e.env, []scenario{
		{"sixth proposal", request{token: "coord", method: "POST", path: "/linkage/runs", body: e.vars(sixth),
			header: map[string]string{"Accept-Language": "fr"}}, http.StatusTooManyRequests,
			[]string{"Trop d'appariements proposés", `"location":"body"`, `"rule":"linkage_rate_limit"`, `"max":5`, "plus de 5 appariements en 24 heures"}, nil},
	})
	repeat := `{"name":"Reprise","period_from":"2024-01-01","period_to":"2025-12-31","parties":["{orgA}","{orgB}"]`
	e.call(request{token: "platform", method: "POST", path: "/linkage/runs", body: repeat + `}`}, http.StatusUnprocessableEntity)
	w := e.call(request{token: "platform", method: "POST", path: "/linkage/runs", body: repeat + `,"force":true}`},
		http.StatusCreated)
	if run := decode[LinkageRun](t, w.Body.Bytes()); !run.Forced {
		t.Errorf("forced run: %+v", run)
	}
}
