package api

import (
	"testing"
)

// TestCaseCrossOrganisation: every case operation, with organisation A's
// tokens (each with the permission the operation needs) against
// organisation B's ids, answers 404, shows nothing of B and changes nothing.
func TestCaseCrossOrganisation(t *testing.T) {
	ce := newCaseEnv(t)
	hidden := []string{"{codeB}", "Popescu", "Ionuț", "Villeurbanne", "Iași", "Attestation"}
	list := []scenario{
		{"get", request{token: "caseA", method: "GET", path: "/cases/{caseB}"}, 404, nil, hidden},
		{"patch", request{token: "caseA", method: "PATCH", path: "/cases/{caseB}", body: `{"gender":"Feminine"}`}, 404, nil, hidden},
		{"status", request{token: "caseA", method: "POST", path: "/cases/{caseB}/status", body: `{"status":"FollowUp"}`}, 404, nil, hidden},
		{"closure", request{token: "caseA", method: "POST", path: "/cases/{caseB}/closure", body: `{"status":"Closed","reason":"x"}`}, 404, nil, hidden},
		{"approve", request{token: "superA", method: "POST", path: "/cases/{caseB}/closure/approve"}, 404, nil, hidden},
		{"reject", request{token: "superA", method: "POST", path: "/cases/{caseB}/closure/reject"}, 404, nil, hidden},
		{"reopen", request{token: "superA", method: "POST", path: "/cases/{caseB}/reopen"}, 404, nil, hidden},
		{"erase", request{token: "adminA", method: "POST", path: "/cases/{caseB}/erase", body: `{"code":"{codeB}"}`}, 404, nil, hidden},
		{"screenings", request{token: "caseA", method: "GET", path: "/cases/{caseB}/screenings"}, 404, nil, hidden},
		{"screen", request{token: "caseA", method: "POST", path: "/cases/{caseB}/screenings", body: `{"acts":["recruitment"]}`}, 404, nil, hidden},
		{"consents", request{token: "caseA", method: "GET", path: "/cases/{caseB}/consents"}, 404, nil, hidden},
		{"add consent", request{token: "caseA", method: "POST", path: "/cases/{caseB}/consents",
			body: `{"purpose":"statistics","given_by":"person","method":"oral"}`}, 404, nil, hidden},
		{"withdraw consent", request{token: "caseA", method: "POST", path: "/consents/{consentB}/withdraw"}, 404, nil, hidden},
		{"plan", request{token: "caseA", method: "GET", path: "/cases/{caseB}/plan"}, 404, nil, hidden},
		{"add plan item", request{token: "caseA", method: "POST", path: "/cases/{caseB}/plan",
			body: `{"objective":"French lessons","type":"education"}`}, 404, nil, hidden},
		{"update plan item", request{token: "caseA", method: "PATCH", path: "/plan-items/{itemB}",
			body: `{"objective":"French lessons","type":"education"}`}, 404, nil, hidden},
		{"follow-up", request{token: "caseA", method: "POST", path: "/plan-items/{itemB}/follow-ups", body: `{"note":"x"}`}, 404, nil, hidden},
		{"notes", request{token: "caseA", method: "GET", path: "/cases/{caseB}/notes"}, 404, nil, hidden},
		{"add note", request{token: "caseA", method: "POST", path: "/cases/{caseB}/notes", body: `{"text":"x"}`}, 404, nil, hidden},
		{"attachments", request{token: "caseA", method: "GET", path: "/cases/{caseB}/attachments"}, 404, nil, hidden},
		{"attach", request{token: "caseA", method: "POST", path: "/cases/{caseB}/attachments",
			body: multipartBody("file", "a.txt", "hello"), contentType: multipartType}, 404, nil, hidden},
		{"download", request{token: "caseA", method: "GET", path: "/attachments/{attB}"}, 404, nil, hidden},
		{"unknown case id", request{token: "caseA", method: "GET", path: "/cases/0195a1b2-0000-7000-8000-000000000000"}, 404, nil, nil},
		{"list shows only A", request{token: "caseA", method: "GET", path: "/cases"}, 200, []string{"{codeA}"}, hidden},
		{"code of B finds nothing", request{token: "caseA", method: "GET", path: "/cases?code={codeB}"}, 200, []string{`"total":0`}, hidden},
		{"name of B finds nothing", request{token: "caseA", method: "GET", path: "/cases?name=Popescu"}, 200, []string{`"total":0`}, hidden},
	}
	ce.run(t, list)
	// Handing B's case to A's caseworker is refused once the case is read.
	ce.refusedAfterRead(t, ce.orgB.ID, request{token: "caseB", method: "PATCH", path: "/cases/{caseB}",
		body: `{"assigned_to":"{user:caseA}"}`}, 422, "case.read", `"location":"body.assigned_to"`)
	// B's tokens still reach B's records: the 404s were about scope.
	ce.call(request{token: "caseB", method: "GET", path: "/cases/{caseB}"}, 200, nil)
	ce.call(request{token: "caseB", method: "GET", path: "/attachments/{attB}"}, 200, nil)
}

// TestCasePermissions: in their own organisation, roles without the
// permission get 403 and change nothing.
func TestCasePermissions(t *testing.T) {
	ce := newCaseEnv(t)
	var list []scenario
	reads := []string{"/cases", "/cases/{caseA}", "/cases/{caseA}/screenings", "/cases/{caseA}/consents",
		"/cases/{caseA}/plan", "/cases/{caseA}/notes", "/cases/{caseA}/attachments", "/attachments/{attA}"}
	for _, who := range []string{"analystA", "coordA", "adminA"} {
		for _, p := range reads {
			list = append(list, scenario{who + " reads " + p, request{token: who, method: "GET", path: p}, 403,
				[]string{`"title":"Forbidden"`}, []string{"Aminata", "{codeA}", "Attestation"}})
		}
	}
	for _, who := range []string{"analystA", "coordA"} {
		list = append(list,
			scenario{who + " creates", request{token: who, method: "POST", path: "/cases", body: `{"person":{"given_name":"Kofi"}}`}, 403, nil, nil},
			scenario{who + " patches", request{token: who, method: "PATCH", path: "/cases/{caseA}", body: `{"gender":"Masculine"}`}, 403, nil, nil},
			scenario{who + " screens", request{token: who, method: "POST", path: "/cases/{caseA}/screenings", body: `{}`}, 403, nil, nil},
			scenario{who + " adds a note", request{token: who, method: "POST", path: "/cases/{caseA}/notes", body: `{"text":"x"}`}, 403, nil, nil},
			scenario{who + " attaches", request{token: who, method: "POST", path: "/cases/{caseA}/attachments",
				body: multipartBody("file", "a.txt", "hello"), contentType: multipartType}, 403, nil, nil},
			scenario{who + " erases", request{token: who, method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeA}"}`}, 403, nil, nil},
		)
	}
	list = append(list,
		scenario{"caseworker approves", request{token: "caseA", method: "POST", path: "/cases/{caseA}/closure/approve"}, 403, nil, nil},
		scenario{"caseworker rejects", request{token: "caseA", method: "POST", path: "/cases/{caseA}/closure/reject"}, 403, nil, nil},
		scenario{"caseworker reopens", request{token: "caseA", method: "POST", path: "/cases/{caseA}/reopen"}, 403, nil, nil},
		scenario{"caseworker erases", request{token: "caseA", method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeA}"}`}, 403, nil, nil},
		scenario{"org admin edits", request{token: "adminA", method: "PATCH", path: "/cases/{caseA}", body: `{"gender":"Masculine"}`}, 403, nil, nil},
		scenario{"org admin withdraws consent", request{token: "adminA", method: "POST", path: "/consents/{consentA}/withdraw"}, 403, nil, nil},
		scenario{"org admin updates plan", request{token: "adminA", method: "PATCH", path: "/plan-items/{itemA}",
			body: `{"objective":"x","type":"health"}`}, 403, nil, nil},
	)
	ce.run(t, list)
}
