package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/referral"
)

// TestReferralPages: a coordinator keeps a pathway (a bad form first, named
// in the summary, saving nothing); a caseworker prints it and sees its
// organisation suggested when a referral starts; the receiver's pages show
// only the shared fields, and a decline without a reason or a revocation
// without confirmation is refused with the field named, changing nothing.
func TestReferralPages(t *testing.T) {
	e := newAdmEnv(t)
	coord := e.client("A.coordinator", "en")
	code, body, _ := coord.post("/pathways/new", url.Values{"name": {"Senegal - France"}, "countries": {"SEN FRA"},
		"service_0": {"shelter"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#steps-0.organisations"`) {
		t.Fatalf("bad pathway: %d %s", code, body)
	}
	if ps, _ := e.db.ListPathways(e.sys(), ""); len(ps) != 0 {
		t.Fatalf("a bad form saved %d pathways", len(ps))
	}
	code, _, h := coord.post("/pathways/new", url.Values{"name": {"Senegal - France"}, "countries": {"SEN FRA"},
		"service_0": {"shelter"}, "org_0_0": {e.orgB.ID.String()}})
	if code != http.StatusSeeOther {
		t.Fatalf("pathway: %d", code)
	}
	cw := e.client("A.caseworker", "en")
	if code, body := cw.get(h.Get("Location")); code != 200 || !strings.Contains(body, e.orgB.Name) || !strings.Contains(body, "Shelter") {
		t.Fatalf("printable pathway: %d %s", code, body)
	}

	if err := e.db.UpdateDirectoryProfile(world.System(), directory.Profile{OrgID: e.orgB.ID,
		Services: []directory.Offer{{Service: directory.Shelter}}, AcceptsReferrals: true}); err != nil {
		t.Fatal(err)
	}
	actx := world.As(e.users["A.caseworker"].ID, e.orgA.ID, auth.Caseworker)
	c := casework.Case{Person: casework.Person{GivenName: "Awa", FamilyName: "Ndour", Narrative: "Partie de Thiès en 2024."}}
	if err := e.db.CreateCase(actx, &c); err != nil {
		t.Fatal(err)
	}
	if err := e.db.AddConsent(actx, &casework.Consent{CaseID: c.ID, Purpose: casework.PurposeReferral,
		OrgTypes: []string{string(account.Shelter)}, GivenBy: "person", Method: "oral"}); err != nil {
		t.Fatal(err)
	}
	if code, body := cw.get("/cases/" + c.ID.String() + "/refer?service=shelter"); code != 200 ||
		!strings.Contains(body, `id="suggested"`) || !strings.Contains(body, e.orgB.Name) {
		t.Fatalf("suggestions: %d %s", code, body)
	}
	// Sharing a field the form disabled is refused by the store, named.
	form := url.Values{"to": {e.orgB.ID.String()}, "step": {"share"}, "services": {"shelter"}, "urgency": {"routine"},
		"purpose": {"Shelter"}, "share": {"given_name", "religion"}}
	code, body, _ = cw.post("/cases/"+c.ID.String()+"/refer", form)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#share"`) {
		t.Fatalf("unknown field: %d %s", code, body)
	}
	form["share"] = []string{"given_name"}
	code, _, h = cw.post("/cases/"+c.ID.String()+"/refer", form)
	if code != http.StatusSeeOther {
		t.Fatalf("send: %d", code)
	}
	ref := h.Get("Location")

	recv := e.client("B.caseworker", "en")
	code, body = recv.get(ref)
	if code != 200 || !strings.Contains(body, "Awa") || strings.Contains(body, "Ndour") || strings.Contains(body, "Thiès") {
		t.Fatalf("receiver: %d %s", code, body)
	}
	// Its own linked case, the case list and a search by the unshared name.
	for _, path := range []string{"/cases", "/referrals?direction=incoming"} {
		code, body := recv.get(path)
		if code != 200 || strings.Contains(body, "Ndour") || strings.Contains(body, "Thiès") {
			t.Fatalf("%s: %d %s", path, code, body)
		}
	}
	// The search echoes what was typed; it finds nothing.
	if code, body := recv.get("/cases?name=Ndour"); code != 200 || strings.Contains(body, `id="case-list"`) {
		t.Fatalf("search by the unshared name: %d %s", code, body)
	}
	got, err := e.db.GetReferral(world.As(e.users["B.caseworker"].ID, e.orgB.ID, auth.Caseworker), uuidOf(t, ref[strings.LastIndex(ref, "/")+1:]))
	if err != nil {
		t.Fatal(err)
	}
	if code, body := recv.get("/cases/" + got.LinkedCaseID.String()); code != 200 || !strings.Contains(body, "Awa") ||
		strings.Contains(body, "Ndour") || strings.Contains(body, "Thiès") {
		t.Fatalf("linked case: %d %s", code, body)
	}
	code, body, _ = recv.post(ref+"/step", url.Values{"action": {"decline"}, "reason": {" "}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#reason"`) {
		t.Fatalf("decline without reason: %d %s", code, body)
	}
	code, body, _ = cw.post(ref+"/step", url.Values{"action": {"revoke"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `href="#confirm"`) {
		t.Fatalf("revoke without confirmation: %d %s", code, body)
	}
	rs, err := e.db.ListReferrals(actx, "outgoing", "")
	if err != nil || len(rs) != 1 || rs[0].Status != referral.Sent {
		t.Fatalf("changed: %v %+v", err, rs)
	}
	if code, _, _ := cw.post(ref+"/step", url.Values{"action": {"revoke"}, "confirm": {"yes"}}); code != http.StatusSeeOther {
		t.Fatalf("revoke: %d", code)
	}
	if code, body := recv.get(ref); code != 200 || strings.Contains(body, "Awa") || !strings.Contains(body, `id="tombstone"`) {
		t.Fatalf("after revocation: %d %s", code, body)
	}
}
