package api

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/casework"
)

// referralOperations: shareable, send, list, get, six steps, outcomes.
const referralOperations = 11

// Aminata's values the referral below does not share.
var notShared = []string{"Diallo", "1999-04-12", "+227 96 44 21 07", "aminata.d@example.org", "Lazaret",
	"NE-4471902", "Tripoli", "Sabha", "Kano"}

type referralJSON struct {
	ID           string            `json:"id"`
	Status       string            `json:"status"`
	CaseID       *string           `json:"case_id"`
	LinkedCaseID *string           `json:"linked_case_id"`
	Shared       map[string]string `json:"shared"`
	Reason       string            `json:"reason"`
}

func TestReferralAPI(t *testing.T) {
	ce := newCaseEnv(t)
	ce.do(request{token: "adminB", method: "PATCH", path: "/organisations/{orgB}", body: shelterPatch})
	caseA := uuid.MustParse(ce.ids["{caseA}"])
	k := casework.Consent{CaseID: caseA, Purpose: casework.PurposeReferral, OrgTypes: []string{string(account.LawEnforcement)},
		GivenBy: "person", Method: "oral_with_interpreter"}
	if err := ce.db.AddConsent(ce.actorCtx("caseA", ce.orgA.ID), &k); err != nil {
		t.Fatal(err)
	}
	ce.ids["{refConsent}"] = k.ID.String()
	send := `{"case_id":"{caseA}","to_organisation_id":"%s","services":["shelter"],"urgency":"urgent",
		"purpose":"Safe place in Lyon","message":"Arrives by train","share":["given_name","sex","age"]}`
	body := func(to string) string { return strings.Replace(send, "%s", to, 1) }

	ce.run(t, []scenario{
		{name: "shareable", request: request{token: "caseA", method: "GET", path: "/cases/{caseA}/shareable?to={orgB}"},
			status: 200, contains: []string{`"field":"narrative","allowed":true`}},
		{name: "shareable for another organisation's case", request: request{token: "caseB", method: "GET",
			path: "/cases/{caseA}/shareable?to={orgA}"}, status: 404},
		{name: "to oneself", request: request{token: "caseA", method: "POST", path: "/referrals", body: body("{orgA}")},
			status: 422, contains: []string{`"location":"body.to_organisation_id"`, `"rule":"referral_to_self"`}},
		{name: "not offered", request: request{token: "caseA", method: "POST", path: "/referrals",
			body: strings.Replace(body("{orgB}"), `["shelter"]`, `["health"]`, 1)},
			status: 422, contains: []string{`"location":"body.services[0]"`, `"rule":"service_not_offered"`}},
		{name: "unknown service", request: request{token: "caseA", method: "POST", path: "/referrals",
			body: strings.Replace(body("{orgB}"), `["shelter"]`, `["massage"]`, 1)}, status: 422},
		{name: "unknown field", request: request{token: "caseA", method: "POST", path: "/referrals",
			body: strings.Replace(body("{orgB}"), `"age"]`, `"religion"]`, 1)}, status: 422},
		{name: "a case without referral consent", request: request{token: "caseB", method: "POST", path: "/referrals",
			body: strings.Replace(body("{orgA}"), "{caseA}", "{caseB}", 1)},
			status: 422, contains: []string{`"location":"body.share[0]"`, `"rule":"consent_not_covering"`}},
		{name: "another organisation's case", request: request{token: "caseB", method: "POST", path: "/referrals",
			body: body("{orgA}")}, status: 404},
		{name: "analyst may not", request: request{token: "analystA", method: "POST", path: "/referrals", body: body("{orgB}")},
			status: 403},
	})

	var sent referralJSON
	ce.call(request{token: "caseA", method: "POST", path: "/referrals", body: body(ce.orgB.ID.String())}, 201, &sent)
	if sent.Status != "sent" || sent.CaseID == nil || sent.LinkedCaseID != nil {
		t.Fatalf("sent: %+v", sent)
	}
	ce.ids["{ref}"] = sent.ID

	// The receiver: exactly the shared fields, through every read path.
	var got referralJSON
	seen := ce.call(request{token: "caseB", method: "GET", path: "/referrals/{ref}"}, 200, &got)
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range got.Shared {
			if !yield(k) {
				return
			}
		}
	})
	if !slices.Equal(keys, []string{"age", "given_name", "sex"}) || got.Shared["given_name"] != "Aminata" ||
		got.CaseID != nil || got.LinkedCaseID == nil {
		t.Fatalf("receiver sees %s", seen)
	}
	ce.ids["{linked}"] = *got.LinkedCaseID
	for _, path := range []string{"/referrals?direction=incoming", "/cases/{linked}", "/cases/{linked}/notes",
		"/cases/{linked}/plan", "/cases/{linked}/consents", "/cases", "/cases?name=Aminata"} {
		seen += ce.call(request{token: "caseB", method: "GET", path: path}, 200, nil)
	}
	seen += ce.call(request{token: "superB", method: "GET", path: "/cases/export?format=csv"}, 200, nil)
	for _, v := range notShared {
		if strings.Contains(seen, v) {
			t.Errorf("the receiver reads %q", v)
		}
	}
	for _, path := range []string{"/cases/{caseA}", "/cases/{caseA}/plan", "/cases?name=Diallo"} {
		w := ce.do(request{token: "caseB", method: "GET", path: ce.sub(path)})
		if w.Code != 404 && (w.Code != 200 || !strings.Contains(w.Body.String(), `"items":[]`)) {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
		}
	}

	ce.run(t, []scenario{
		{name: "the sender may not accept", request: request{token: "caseA", method: "POST", path: "/referrals/{ref}/accept"},
			status: 409, contains: []string{`"rule":"not_receiver"`}},
		{name: "decline without a reason", request: request{token: "caseB", method: "POST", path: "/referrals/{ref}/decline",
			body: `{"reason":" "}`}, status: 422, contains: []string{`"rule":"reason_required"`}},
		{name: "a stranger's id", request: request{token: "caseB", method: "POST",
			path: "/referrals/" + uuid.NewString() + "/accept"}, status: 404},
		{name: "complete before start", request: request{token: "caseB", method: "POST", path: "/referrals/{ref}/complete"},
			status: 409, contains: []string{`"rule":"referral_transition"`}},
	})
	for _, step := range []string{"acknowledge", "accept", "start"} {
		ce.call(request{token: "caseB", method: "POST", path: "/referrals/{ref}/" + step}, 200, &got)
	}
	ce.call(request{token: "caseB", method: "POST", path: "/referrals/{ref}/outcomes",
		body: `{"service":"shelter","status":"done","outcome":"Six weeks at the shelter; now in her own room"}`}, 201, nil)
	plan := ce.call(request{token: "caseA", method: "GET", path: "/cases/{caseA}/plan"}, 200, nil)
	if !strings.Contains(plan, "Six weeks at the shelter") || !strings.Contains(plan, ce.orgB.Name) {
		t.Fatalf("the outcome is not in the sender's plan: %s", plan)
	}

	// Withdrawal of the consent: at once, the receiver keeps a tombstone.
	ce.call(request{token: "caseA", method: "POST", path: "/consents/{refConsent}/withdraw"}, 204, nil)
	got = referralJSON{}
	after := ce.call(request{token: "caseB", method: "GET", path: "/referrals/{ref}"}, 200, &got)
	if len(got.Shared) != 0 || strings.Contains(after, "Aminata") || got.Status != "in_service" && got.Status != "revoked" {
		t.Fatalf("after withdrawal: %s", after)
	}
	if got.Status != "revoked" {
		t.Fatalf("open referral not revoked: %s", got.Status)
	}
	linked := ce.call(request{token: "caseB", method: "GET", path: "/cases/{linked}"}, 200, nil)
	if strings.Contains(linked, "Aminata") {
		t.Fatalf("the linked case keeps the name: %s", linked)
	}
	_ = context.Background
	_ = http.StatusOK
}
