package api

import (
	"slices"
	"strings"
	"testing"
)

// TestCaseOperations: each operation as the role that does it, answering
// what it should, in a table; then the store shows what was written.
func TestCaseOperations(t *testing.T) {
	ce := newCaseEnv(t)
	newCase := `{"person":{"given_name":"Rukayat","family_name":"Bello","birth_date":"2006-08"},
		"gender":"Feminine","citizenship":"NGA","age_when_trafficked":16,"exploitation":["SexualExploitation"],
		"sex_exploitation":["Prostitution"],"methods_of_control":["DebtBondage"],
		"events":[{"kind":"recruitment","country":"NGA","place":"Benin City","date":"2022-05"},
		          {"kind":"transit","country":"NER","place":"Agadez"},
		          {"kind":"exploitation","country":"FRA","place":"Lyon","date":"2023"}],
		"justice":{"complaint_filed":true,"complaint_date":"2024-01-15","role":"witness","protection_measures":["anonymity"]}}`
	ce.run(t, []scenario{
		{"list", request{token: "caseA", method: "GET", path: "/cases"}, 200,
			[]string{`"code":"{codeA}"`, `"display_name":"Aminata Diallo"`, `"total":1`, `"origin":["NGA"]`, `"destination":["LBY"]`},
			[]string{"{codeB}", "1999-04-12", "Tripoli", "NE-4471902", "Popescu"}},
		{"list by status", request{token: "caseA", method: "GET", path: "/cases?status=Active&status=FollowUp"}, 200,
			[]string{"{codeA}"}, nil},
		{"list by other status", request{token: "caseA", method: "GET", path: "/cases?status=Closed"}, 200,
			[]string{`"items":[]`, `"total":0`}, []string{"{codeA}"}},
		{"list by exploitation", request{token: "caseA", method: "GET", path: "/cases?exploitation=ForcedLabour"}, 200,
			[]string{"{codeA}"}, nil},
		{"list by other exploitation", request{token: "caseA", method: "GET", path: "/cases?exploitation=ForcedBegging"}, 200,
			nil, []string{"{codeA}"}},
		{"list by country of the journey", request{token: "caseA", method: "GET", path: "/cases?country=LBY"}, 200,
			[]string{"{codeA}"}, nil},
		{"list by age group", request{token: "caseA", method: "GET", path: "/cases?age_group=18-29"}, 200, []string{"{codeA}"}, nil},
		{"list by caseworker", request{token: "caseA", method: "GET", path: "/cases?assigned_to={user:caseA}"}, 200, []string{"{codeA}"}, nil},
		{"list by code", request{token: "caseA", method: "GET", path: "/cases?code={codeA}"}, 200, []string{"{codeA}"}, nil},
		{"search by name", request{token: "caseA", method: "GET", path: "/cases?name=DIALLO%20aminata"}, 200, []string{"{codeA}"}, nil},
		{"search by other name", request{token: "caseA", method: "GET", path: "/cases?name=Popescu"}, 200, []string{`"total":0`}, nil},
		{"get", request{token: "caseA", method: "GET", path: "/cases/{caseA}"}, 200,
			[]string{`"code":"{codeA}"`, `"given_name":"Aminata"`, `"birth_date":"1999-04-12"`, `"identity_number":"NE-4471902"`,
				`"narrative":"Promise of a shop job`, `"age_group":"18-29"`, `"transit":["NER"]`, `"international":true`, `"scope":"international"`,
				`"status":"Active"`, `"labour_industry":"T_ActivitiesOfHouseholdsAsEmployers"`}, []string{"closure_request"}},
		{"supervisor gets", request{token: "superA", method: "GET", path: "/cases/{caseA}"}, 200, []string{`"family_name":"Diallo"`}, nil},
		{"create", request{token: "caseA", method: "POST", path: "/cases", body: newCase}, 201,
			[]string{`"code":"NER-`, `"given_name":"Rukayat"`, `"status":"Active"`, `"assigned_to":"{user:caseA}"`,
				`"age_group":"9-17"`, `"origin":["NGA"]`, `"transit":["NER"]`, `"destination":["FRA"]`, `"similar":[]`,
				`"complaint_date":"2024-01-15"`}, nil},
		{"patch", request{token: "caseA", method: "PATCH", path: "/cases/{caseA}",
			body: `{"person":{"phone":"+227 90 00 11 22"},"trafficking_status":"ActualVictimOfTrafficking","status_decided_by":"Police"}`}, 200,
			[]string{`"phone":"+227 90 00 11 22"`, `"given_name":"Aminata"`, `"trafficking_status":"ActualVictimOfTrafficking"`,
				`"status_decided_by":"Police"`, `"exploitation":["ForcedLabour"]`}, nil},
		{"patch a list and the journey", request{token: "caseA", method: "PATCH", path: "/cases/{caseA}",
			body: `{"exploitation":["ForcedLabour","Servitude"],"events":[{"kind":"exploitation","country":"NER","place":"Arlit"}]}`}, 200,
			[]string{`"exploitation":["ForcedLabour","Servitude"]`, `"scope":"unknown"`, `"domestic":false`, `"international":false`,
				`"destination":["NER"]`, `"origin":[]`}, []string{`"domestic":true`}},
		{"follow-up status", request{token: "caseA", method: "POST", path: "/cases/{caseA}/status", body: `{"status":"FollowUp"}`}, 204, nil, nil},
		{"back to active", request{token: "caseA", method: "POST", path: "/cases/{caseA}/status", body: `{"status":"Active"}`}, 204, nil, nil},
		{"screen", request{token: "caseA", method: "POST", path: "/cases/{caseA}/screenings",
			body: `{"age_at_recruitment":24,"acts":["recruitment","transportation"],"means":["deception"],"purposes":["forced_labour"],
				"indicators":{"catalogue":"adult_labour","present":[]}}`}, 201,
			[]string{`"version":2`, `"meets_definition":true`, `"recommendation":"refer_for_formal_identification"`,
				`"catalogue_version":"adult_labour@`, `"screened_by":"{user:caseA}"`, `"reasons":["`}, nil},
		{"screenings", request{token: "caseA", method: "GET", path: "/cases/{caseA}/screenings"}, 200,
			[]string{`"version":1`, `"version":2`, `"acts":["recruitment"]`}, nil},
		{"screenings in French", request{token: "frA", method: "GET", path: "/cases/{caseA}/screenings"}, 200,
			[]string{"recommendation_text"}, nil},
		{"consent to a referral", request{token: "caseA", method: "POST", path: "/cases/{caseA}/consents",
			body: `{"purpose":"referral","org_types":["Shelter","LegalService"],"given_by":"person","method":"written_with_interpreter","language":"ha"}`}, 201,
			[]string{`"purpose":"referral"`, `"org_types":["Shelter","LegalService"]`, `"active":true`, `"recorded_by":"{user:caseA}"`}, nil},
		{"consents", request{token: "caseA", method: "GET", path: "/cases/{caseA}/consents"}, 200,
			[]string{`"id":"{consentA}"`, `"purpose":"assistance"`, `"purpose":"referral"`}, nil},
		{"withdraw consent", request{token: "caseA", method: "POST", path: "/consents/{consentA}/withdraw"}, 204, nil, nil},
		{"withdrawn consent shows", request{token: "caseA", method: "GET", path: "/cases/{caseA}/consents"}, 200,
			[]string{`"withdrawn_at":"`, `"active":false`}, nil},
		{"plan item", request{token: "caseA", method: "POST", path: "/cases/{caseA}/plan",
			body: `{"objective":"Tailoring course","type":"vocational_training","provider":"Centre de formation de Niamey","planned_start":"2026-04-01","planned_end":"2026-09-30"}`}, 201,
			[]string{`"objective":"Tailoring course"`, `"domain":"professional"`, `"status":"planned"`, `"follow_ups":[]`}, nil},
		{"update plan item", request{token: "caseA", method: "PATCH", path: "/plan-items/{itemA}",
			body: `{"objective":"Safe accommodation for three months","type":"shelter","provider":"Centre d'accueil Tassaght","actual_start":"2026-02-01","status":"in_progress"}`}, 204, nil, nil},
		{"follow-up", request{token: "caseA", method: "POST", path: "/plan-items/{itemA}/follow-ups", body: `{"note":"Settled in; sees the nurse weekly."}`}, 201,
			[]string{`"note":"Settled in; sees the nurse weekly."`, `"by":"{user:caseA}"`}, nil},
		{"plan", request{token: "caseA", method: "GET", path: "/cases/{caseA}/plan"}, 200,
			[]string{`"status":"in_progress"`, `"actual_start":"2026-02-01"`, "Settled in", `"Tailoring course"`,
				`"professional":{"planned":1}`, `"social":{"in_progress":1}`}, nil},
		{"note", request{token: "caseA", method: "POST", path: "/cases/{caseA}/notes", body: `{"text":"Asked for news of her sister in Kano."}`}, 201,
			[]string{`"text":"Asked for news of her sister in Kano."`, `"by":"{user:caseA}"`}, nil},
		{"notes", request{token: "caseA", method: "GET", path: "/cases/{caseA}/notes"}, 200,
			[]string{"First interview with an interpreter", "news of her sister"}, nil},
		{"attach multipart", request{token: "caseA", method: "POST", path: "/cases/{caseA}/attachments",
			body: multipartBody("file", "compte-rendu.txt", "Compte rendu d'entretien, 2 mars 2026.\n"), contentType: multipartType}, 201,
			[]string{`"name":"compte-rendu.txt"`, `"content_type":"text/plain; charset=utf-8"`, `"size":39`}, nil},
		{"attach multipart with a name", request{token: "caseA", method: "POST", path: "/cases/{caseA}/attachments",
			body: multipartBody("file", "IMG_2291.txt", "Reçu de la pharmacie.", "name", "reçu-pharmacie.txt"), contentType: multipartType}, 201,
			[]string{`"name":"reçu-pharmacie.txt"`}, []string{"IMG_2291"}},
		{"attach JSON", request{token: "caseA", method: "POST", path: "/cases/{caseA}/attachments",
			body: `{"name":"photo.png","data":"` + pngBase64 + `"}`}, 201,
			[]string{`"name":"photo.png"`, `"content_type":"image/png"`}, nil},
		{"attachments", request{token: "caseA", method: "GET", path: "/cases/{caseA}/attachments"}, 200,
			[]string{`"id":"{attA}"`, "attestation-hebergement.txt", "compte-rendu.txt", "photo.png"}, nil},
		{"download", request{token: "caseA", method: "GET", path: "/attachments/{attA}"}, 200,
			[]string{"Attestation d'hébergement, centre Tassaght"}, nil},
	})
	// Downloads are attachments of their detected type, never rendered.
	w := ce.do(request{token: "caseA", method: "GET", path: ce.sub("/attachments/{attA}")})
	if cd := w.Header().Get("Content-Disposition"); cd != `attachment; filename=attestation-hebergement.txt` {
		t.Errorf("Content-Disposition %q", cd)
	}
	if ct := w.Header().Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
	// Reads of personal data and every write are in the trail.
	actions := ce.auditActions(ce.orgA.ID)
	for _, want := range []string{"case.read", "case.search", "case.create", "case.update", "case.status", "screening.create",
		"consent.give", "consent.withdraw", "plan.create", "plan.update", "plan.followup", "note.create",
		"attachment.create", "attachment.read"} {
		if !slices.Contains(actions, want) {
			t.Errorf("audit lacks %s: %v", want, actions)
		}
	}
}

// TestCaseClosureAndErasure: a caseworker asks, a supervisor approves, a
// supervisor reopens; an organisation administrator erases.
func TestCaseClosureAndErasure(t *testing.T) {
	ce := newCaseEnv(t)
	ce.run(t, []scenario{
		{"request closure", request{token: "caseA", method: "POST", path: "/cases/{caseA}/closure",
			body: `{"status":"ClosedReferred","reason":"Referred to the shelter in Agadez, which takes over."}`}, 204, nil, nil},
		{"pending closure shows", request{token: "superA", method: "GET", path: "/cases/{caseA}"}, 200,
			[]string{`"closure_request":{"status":"ClosedReferred","reason":"Referred to the shelter in Agadez`,
				`"requested_by":"{user:caseA}"`, `"status":"Active"`}, nil},
		{"listed as pending", request{token: "superA", method: "GET", path: "/cases"}, 200, []string{`"closure_requested":true`}, nil},
		{"caseworker cannot approve", request{token: "caseA", method: "POST", path: "/cases/{caseA}/closure/approve"}, 403, nil, nil},
		{"supervisor rejects", request{token: "superA", method: "POST", path: "/cases/{caseA}/closure/reject"}, 204, nil, nil},
		{"reject again", request{token: "superA", method: "POST", path: "/cases/{caseA}/closure/reject"}, 409,
			[]string{`"rule":"transition"`}, nil},
		{"approve with nothing pending", request{token: "superA", method: "POST", path: "/cases/{caseA}/closure/approve"}, 409,
			[]string{`"rule":"transition"`}, nil},
		{"supervisor asks", request{token: "superA", method: "POST", path: "/cases/{caseA}/closure",
			body: `{"status":"Closed","reason":"Returned home to her family in Kano."}`}, 204, nil, nil},
		{"supervisor cannot approve own request", request{token: "superA", method: "POST", path: "/cases/{caseA}/closure/approve"}, 403, nil, nil},
		{"caseworker withdraws nothing", request{token: "caseA", method: "POST", path: "/cases/{caseA}/closure",
			body: `{"status":"Closed","reason":"again"}`}, 409, []string{`"rule":"transition"`}, nil},
	})
	// A second supervisor approves.
	ce.addUser("super2A", "zeinabou.abdou@espoir-niamey.example", "Zeinabou Abdou", ce.orgA.ID, "supervisor")
	ce.run(t, []scenario{
		{"other supervisor approves", request{token: "super2A", method: "POST", path: "/cases/{caseA}/closure/approve"}, 204, nil, nil},
		{"closed", request{token: "caseA", method: "GET", path: "/cases/{caseA}"}, 200, []string{`"status":"Closed"`, `"closed_at":"`}, []string{"closure_request"}},
		{"no status change when closed", request{token: "caseA", method: "POST", path: "/cases/{caseA}/status", body: `{"status":"Active"}`}, 409, nil, nil},
		{"caseworker cannot reopen", request{token: "caseA", method: "POST", path: "/cases/{caseA}/reopen"}, 403, nil, nil},
		{"supervisor reopens", request{token: "superA", method: "POST", path: "/cases/{caseA}/reopen"}, 204, nil, nil},
		{"reopen an open case", request{token: "superA", method: "POST", path: "/cases/{caseA}/reopen"}, 409, []string{`"rule":"transition"`}, nil},
		{"caseworker cannot erase", request{token: "caseA", method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeA}"}`}, 403, nil, nil},
		{"supervisor cannot erase", request{token: "superA", method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeA}"}`}, 403, nil, nil},
		{"erasure needs the case's own code", request{token: "adminA", method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeB}"}`}, 422,
			[]string{`"location":"body.code"`, `"rule":"confirm_code"`}, nil},
		{"erasure needs a code", request{token: "adminA", method: "POST", path: "/cases/{caseA}/erase", body: `{}`}, 422,
			[]string{`"location":"body.code"`}, nil},
		{"org admin erases", request{token: "adminA", method: "POST", path: "/cases/{caseA}/erase", body: `{"code":"{codeA}"}`}, 204, nil, nil},
		{"erased case keeps its facts", request{token: "caseA", method: "GET", path: "/cases/{caseA}"}, 200,
			[]string{`"code":"{codeA}"`, `"erased_at":"`, `"exploitation":["ForcedLabour"]`, `"citizenship":"NGA"`},
			[]string{`"person"`, "Aminata", "Diallo", "1999-04-12", "Tripoli", "Kano", "Sabha"}},
		{"erased in the list", request{token: "caseA", method: "GET", path: "/cases"}, 200,
			[]string{`"erased":true`, `"display_name":""`}, []string{"Aminata"}},
		{"name search finds nothing", request{token: "caseA", method: "GET", path: "/cases?name=Diallo"}, 200, []string{`"total":0`}, nil},
		{"notes emptied", request{token: "caseA", method: "GET", path: "/cases/{caseA}/notes"}, 200, nil, []string{"interpreter"}},
		{"no note on an erased case", request{token: "caseA", method: "POST", path: "/cases/{caseA}/notes", body: `{"text":"x"}`}, 409,
			[]string{`"rule":"erased"`}, nil},
		{"no file on an erased case", request{token: "caseA", method: "POST", path: "/cases/{caseA}/attachments",
			body: multipartBody("file", "a.txt", "hello"), contentType: multipartType}, 409, []string{`"rule":"erased"`}, nil},
	})
	// These two read the case (or file) before refusing: the read is the
	// only trace they leave.
	ce.refusedAfterRead(t, ce.orgA.ID, request{token: "caseA", method: "PATCH", path: "/cases/{caseA}", body: `{"gender":"Masculine"}`},
		409, "case.read", `"rule":"erased"`)
	ce.refusedAfterRead(t, ce.orgA.ID, request{token: "caseA", method: "GET", path: "/attachments/{attA}"}, 409, "attachment.read", `"rule":"erased"`)
	if actions := ce.auditActions(ce.orgA.ID); !slices.Contains(actions, "case.erase") || !slices.Contains(actions, "case.close") {
		t.Errorf("audit: %v", actions)
	}
}

// TestCaseOptimisticPatch: a PATCH carrying the updated_at last read saves;
// the same copy sent again, now stale, is refused.
func TestCaseOptimisticPatch(t *testing.T) {
	ce := newCaseEnv(t)
	var c struct {
		UpdatedAt string `json:"updated_at"`
	}
	ce.call(request{token: "caseA", method: "GET", path: "/cases/{caseA}"}, 200, &c)
	body := `{"updated_at":"` + c.UpdatedAt + `","person":{"other_names":"Mama Ami"}}`
	out := ce.call(request{token: "caseA", method: "PATCH", path: "/cases/{caseA}", body: body}, 200, nil)
	if !strings.Contains(out, `"other_names":"Mama Ami"`) {
		t.Fatalf("patch: %s", out)
	}
	out = ce.call(request{token: "superA", method: "PATCH", path: "/cases/{caseA}",
		body: `{"updated_at":"` + c.UpdatedAt + `","person":{"other_names":"Ami"}}`}, 409, nil)
	if !strings.Contains(out, `"rule":"stale"`) {
		t.Errorf("stale patch: %s", out)
	}
	// The other names are searchable like the names.
	if out := ce.call(request{token: "caseA", method: "GET", path: "/cases?name=mama"}, 200, nil); !strings.Contains(out, ce.ids["{codeA}"]) {
		t.Errorf("other names not searchable: %s", out)
	}
}

// TestCaseSimilarWarning: a new case with the name of an existing one, or
// its birth date and one of its names, is created with a warning.
func TestCaseSimilarWarning(t *testing.T) {
	ce := newCaseEnv(t)
	ce.run(t, []scenario{
		{"same full name", request{token: "caseA", method: "POST", path: "/cases",
			body: `{"person":{"given_name":"Aminata","family_name":"DIALLO"}}`}, 201, []string{`"similar":["{codeA}"]`}, nil},
		{"same birth date and a name", request{token: "caseA", method: "POST", path: "/cases",
			body: `{"person":{"given_name":"Aminatou","family_name":"Diallo","birth_date":"1999-04-12"}}`}, 201,
			[]string{`"similar":["`, "{codeA}"}, nil},
		{"another person", request{token: "caseA", method: "POST", path: "/cases",
			body: `{"person":{"given_name":"Fatima","family_name":"Sow"}}`}, 201, []string{`"similar":[]`}, nil},
		{"other organisation's namesake is not shown", request{token: "caseB", method: "POST", path: "/cases",
			body: `{"person":{"given_name":"Aminata","family_name":"Diallo"}}`}, 201, []string{`"similar":[]`}, []string{"{codeA}"}},
	})
}

// TestCasePagination: the cursor walks the list without repeats.
func TestCasePagination(t *testing.T) {
	ce := newCaseEnv(t)
	for _, n := range []string{"Kossi", "Yao", "Afi", "Komlan"} {
		ce.call(request{token: "caseA", method: "POST", path: "/cases", body: `{"person":{"given_name":"` + n + `","family_name":"Mensah"}}`}, 201, nil)
	}
	seen := map[string]bool{}
	path := "/cases?limit=2"
	for pages := 0; ; pages++ {
		var page struct {
			Items []struct{ Code string } `json:"items"`
			Next  string                  `json:"next"`
			Total int                     `json:"total"`
		}
		ce.call(request{token: "caseA", method: "GET", path: path}, 200, &page)
		if page.Total != 5 || len(page.Items) > 2 {
			t.Fatalf("page %d: total %d, %d items", pages, page.Total, len(page.Items))
		}
		for _, it := range page.Items {
			if seen[it.Code] {
				t.Fatalf("%s twice", it.Code)
			}
			seen[it.Code] = true
		}
		if page.Next == "" {
			break
		}
		if pages > 5 {
			t.Fatal("no end")
		}
		path = "/cases?limit=2&cursor=" + page.Next
	}
	if len(seen) != 5 {
		t.Errorf("walked %d cases, want 5", len(seen))
	}
}
