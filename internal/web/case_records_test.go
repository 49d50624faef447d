package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
)

// cwUpload posts a file to the attachment form.
func (c *coreClient) cwUpload(path, field, name string, data []byte, extra map[string]string) coreResp {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range extra {
		_ = mw.WriteField(k, v)
	}
	fw, err := mw.CreateFormFile(field, name)
	if err != nil {
		c.e.t.Fatal(err)
	}
	_, _ = fw.Write(data)
	_ = mw.Close()
	req := httptest.NewRequest("POST", path, &buf)
	req.RemoteAddr = "192.0.2.10:40000"
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for _, ck := range c.cookies {
		req.AddCookie(&http.Cookie{Name: ck.Name, Value: ck.Value})
	}
	rec := httptest.NewRecorder()
	c.e.h.ServeHTTP(rec, req)
	return coreResp{Code: rec.Code, Header: rec.Header(), Body: rec.Body.String()}
}

// TestCaseRecords: consent (add, withdraw, warnings), plan (add, update,
// follow-up, grouped by domain), notes, attachments (download only as an
// attachment, audited by the store).
func TestCaseRecords(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Aïssatou", "Barry", 19)
	base := "/cases/" + c.ID.String()
	cw := e.signedIn("caseworker")
	ctx := e.cwActor("caseworker")

	// Consent.
	r := cw.post(base+"/consents", url.Values{"purpose": {"statistics"}, "given_by": {"person"}, "method": {"oral_with_interpreter"}, "language": {"ff"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("consent: %d %.1500s", r.Code, r.Body)
	}
	r = cw.post(base+"/consents", url.Values{"purpose": {"referral"}, "org_types": {"Shelter", "LegalService"}, "given_by": {"guardian"}, "method": {"written"}, "language": {"fr"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("referral consent: %d %.1500s", r.Code, r.Body)
	}
	page := cw.get(base).Body
	cwLacks(t, "with consents", page, "No consent for statistics", "No consent for referral")
	cwHas(t, "consents", page, "Statistics", "Shelter", "Legal service", "Orally, with an interpreter", "Fula")
	cs, _ := e.db.ListConsents(ctx, c.ID)
	var stats uuid.UUID
	for _, x := range cs {
		if x.Purpose == "statistics" {
			stats = x.ID
		}
	}
	if r := cw.post(base+"/consents/"+stats.String()+"/withdraw", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("withdraw: %d", r.Code)
	}
	cwHas(t, "after withdrawal", cw.get(base).Body, "No consent for statistics", "withdrawn")

	// Plan.
	r = cw.post(base+"/plan", url.Values{"objective": {"CAP couture à Thiès"}, "type": {"vocational_training"}, "provider": {"Centre de formation de Thiès"},
		"planned_start": {"2026-01-05"}, "planned_end": {"2026-06-30"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("plan item: %d %.1500s", r.Code, r.Body)
	}
	r = cw.post(base+"/plan", url.Values{"objective": {"Hébergement au foyer"}, "type": {"shelter"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("plan item 2: %d", r.Code)
	}
	items, _ := e.db.ListPlan(ctx, c.ID)
	if len(items) != 2 || items[0].Domain == "" {
		t.Fatalf("plan: %+v", items)
	}
	var training casework.PlanItem
	for _, it := range items {
		if it.Type == "vocational_training" {
			training = it
		}
	}
	r = cw.post(base+"/plan/"+training.ID.String(), url.Values{"status": {"in_progress"}, "actual_start": {"2025-01-06"}, "outcome": {"Assiduité bonne"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("plan update: %d %.1500s", r.Code, r.Body)
	}
	r = cw.post(base+"/plan/"+training.ID.String()+"/follow-ups", url.Values{"note": {"Visite au centre, progrès réguliers"}})
	if r.Code != http.StatusSeeOther {
		t.Fatalf("follow-up: %d", r.Code)
	}
	items, _ = e.db.ListPlan(ctx, c.ID)
	for _, it := range items {
		if it.ID == training.ID && (it.Status != "in_progress" || it.ActualStart != "2025-01-06" || len(it.FollowUps) != 1) {
			t.Errorf("updated item: %+v", it)
		}
	}
	page = cw.get(base).Body
	cwHas(t, "plan", page, "Professional", "Social", "In progress: 1", "Planned: 1", "Visite au centre, progrès réguliers", "CAP couture à Thiès")

	// Notes.
	if r := cw.post(base+"/notes", url.Values{"body": {"Entretien avec la tante à Ziguinchor."}}); r.Code != http.StatusSeeOther {
		t.Fatalf("note: %d", r.Code)
	}
	cwHas(t, "notes", cw.get(base).Body, "Entretien avec la tante à Ziguinchor.", "Aminata Diop")

	// Attachments: a text file is accepted, an executable is not.
	r = cw.cwUpload(base+"/attachments", "file", "../../attestation.txt", []byte("Attestation de suivi psychologique.\n"), nil)
	if r.Code != http.StatusSeeOther {
		t.Fatalf("upload: %d %.1500s", r.Code, r.Body)
	}
	r = cw.cwUpload(base+"/attachments", "file", "outil.exe", append([]byte("MZ\x90\x00\x03"), make([]byte, 100)...), nil)
	if r.Code != http.StatusUnprocessableEntity {
		t.Errorf("executable: %d", r.Code)
	}
	r = cw.cwUpload(base+"/attachments", "file", "big.txt", bytes.Repeat([]byte("a"), int(maxUpload())+10), nil)
	// Over the limit: the page names the field and the limit (422), and nothing is stored.
	if r.Code != http.StatusUnprocessableEntity {
		t.Errorf("too large: %d", r.Code)
	}
	cwHas(t, "too large", r.Body, "is too large (at most 10")
	atts, _ := e.db.ListAttachments(ctx, c.ID)
	if len(atts) != 1 || atts[0].Name != "attestation.txt" {
		t.Fatalf("attachments: %+v", atts)
	}
	dl := cw.get(base + "/attachments/" + atts[0].ID.String())
	if dl.Code != http.StatusOK || dl.Body != "Attestation de suivi psychologique.\n" {
		t.Fatalf("download: %d %q", dl.Code, dl.Body)
	}
	if cd := dl.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "attestation.txt") {
		t.Errorf("Content-Disposition %q", cd)
	}
	if csp := dl.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "sandbox") {
		t.Errorf("download CSP %q", csp)
	}
	reads, err := e.db.ListAudit(cwSys(), e.org.ID, store.AuditFilter{ActionPrefix: "attachment.read", RecordID: atts[0].ID.String()})
	if err != nil || len(reads) != 1 || reads[0].ActorID != e.users["caseworker"].ID {
		t.Errorf("download audit: %v %+v", err, reads)
	}
	// An attachment of another case of the organisation is not found through this case.
	other := e.cwSeed("caseworker", "Ndeye", "Faye", 33)
	if r := cw.get("/cases/" + other.ID.String() + "/attachments/" + atts[0].ID.String()); r.Code != http.StatusNotFound {
		t.Errorf("attachment through another case: %d", r.Code)
	}
	cwNoMissing(t)
}

// TestCaseClosureWorkflow: a caseworker asks, a supervisor sees the request
// in the approvals list and approves; the requester cannot approve; reopen.
func TestCaseClosureWorkflow(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Rokhaya", "Ndiaye", 28)
	base := "/cases/" + c.ID.String()
	cw := e.signedIn("caseworker")
	sup := e.signedIn("supervisor")

	if r := cw.post(base+"/status", url.Values{"status": {"FollowUp"}}); r.Code != http.StatusSeeOther || e.cwCase(c.ID).Status != casework.FollowUp {
		t.Fatalf("follow-up: %d", r.Code)
	}
	if r := cw.post(base+"/status", url.Values{"status": {"Closed"}}); r.Code != http.StatusUnprocessableEntity || e.cwCase(c.ID).Status != casework.FollowUp {
		t.Errorf("closing through the status form: %d", r.Code)
	}
	if r := sup.get("/cases/approvals"); !strings.Contains(r.Body, "Pending requests: 0") {
		t.Errorf("approvals before: %.1500s", r.Body)
	}
	r := cw.post(base+"/closure", url.Values{"closure_status": {"ClosedReferred"}, "closure_reason": {"Orientée vers le foyer de Saint-Louis"}})
	if r.Code != http.StatusSeeOther || !e.cwCase(c.ID).ClosureRequested {
		t.Fatalf("request: %d %.1500s", r.Code, r.Body)
	}
	if r := cw.post(base+"/closure/approve", nil); r.Code != http.StatusForbidden {
		t.Errorf("caseworker approving: %d", r.Code)
	}
	list := sup.get("/cases/approvals")
	cwHas(t, "approvals", list.Body, "Pending requests: 1", c.Code)
	cwLacks(t, "approvals", list.Body, "Rokhaya", "Saint-Louis")
	frag := sup.get("/cases/approvals", "HX-Request", "true")
	if strings.Contains(frag.Body, "<html") || !strings.Contains(frag.Body, c.Code) {
		t.Errorf("htmx fragment: %.500s", frag.Body)
	}
	cwHas(t, "case page for the supervisor", sup.get(base).Body, "Closed, referred", "Orientée vers le foyer de Saint-Louis", "Approve the closure")
	r = sup.post(base+"/closure/approve", url.Values{"return": {"approvals"}})
	if r.Code != http.StatusSeeOther || r.location() != "/cases/approvals" {
		t.Fatalf("approve: %d %q", r.Code, r.location())
	}
	got := e.cwCase(c.ID)
	if got.Status != casework.ClosedReferred || got.ClosureRequested {
		t.Fatalf("after approval: %s requested=%v", got.Status, got.ClosureRequested)
	}
	cwHas(t, "closed case", cw.get(base).Body, `<span id="case-status">Closed, referred</span>`)
	if r := cw.post(base+"/closure", url.Values{"closure_status": {"Closed"}, "closure_reason": {"x"}}); r.Code != http.StatusUnprocessableEntity {
		t.Errorf("closing a closed case: %d", r.Code)
	}
	if r := sup.post(base+"/reopen", nil); r.Code != http.StatusSeeOther || e.cwCase(c.ID).Status != casework.Active {
		t.Errorf("reopen: %d %s", r.Code, e.cwCase(c.ID).Status)
	}
	// A supervisor's own request needs another supervisor.
	sup.post(base+"/closure", url.Values{"closure_status": {"Closed"}, "closure_reason": {"Retour en famille"}})
	if r := sup.post(base+"/closure/approve", nil); r.Code != http.StatusForbidden || e.cwCase(c.ID).Status != casework.Active {
		t.Errorf("approving one's own request: %d", r.Code)
	}
	if r := sup.post(base+"/closure/reject", nil); r.Code != http.StatusSeeOther || e.cwCase(c.ID).ClosureRequested {
		t.Errorf("reject: %d", r.Code)
	}
	cwNoMissing(t)
}

// TestCaseErase: the erasure address from the case page, the wrong code
// refused (nothing erased), the right code erases the person and keeps the
// facts.
func TestCaseErase(t *testing.T) {
	e := newCoreEnv(t)
	c := e.cwSeed("caseworker", "Seynabou", "Gueye", 21)
	cw := e.signedIn("caseworker")
	page := cw.get("/cases/" + c.ID.String()).Body
	link := "/cases/erase?case=" + c.ID.String() + "&code=" + c.Code
	cwHas(t, "erasure address", page, "/cases/erase?case="+c.ID.String()+"&amp;code="+c.Code)
	adm := e.signedIn("org_admin")
	form := adm.get(link)
	if form.Code != http.StatusOK {
		t.Fatalf("erase form: %d", form.Code)
	}
	cwHas(t, "erase form", form.Body, c.Code, "cannot be undone")
	cwLacks(t, "erase form", form.Body, "Seynabou")
	post := "/cases/" + c.ID.String() + "/erase"
	for _, typed := range []string{"", "SEN-00-AAAAAA"} {
		r := adm.post(post, url.Values{"code": {c.Code}, "confirm_code": {typed}})
		if r.Code != http.StatusUnprocessableEntity || e.cwCase(c.ID).ErasedAt != nil {
			t.Errorf("typed %q: %d", typed, r.Code)
		}
	}
	r := adm.post(post, url.Values{"code": {c.Code}, "confirm_code": {strings.ToLower(c.Code)}})
	if r.Code != http.StatusOK {
		t.Fatalf("erase: %d %.1500s", r.Code, r.Body)
	}
	got := e.cwCase(c.ID)
	if got.ErasedAt == nil || got.Person.GivenName != "" || got.Gender != "Feminine" || len(got.Events) != 2 {
		t.Errorf("after erasure: %+v", got)
	}
	after := cw.get("/cases/" + c.ID.String())
	cwHas(t, "erased case page", after.Body, "was erased")
	cwLacks(t, "erased case page", after.Body, "Seynabou", "Kaolack pour un emploi")
	if r := cw.get("/cases/" + c.ID.String() + "/edit"); r.Code != http.StatusConflict {
		t.Errorf("editing an erased case: %d", r.Code)
	}
	if r := cw.post("/cases/"+c.ID.String(), cwForm()); r.Code != http.StatusConflict || e.cwCase(c.ID).Person.GivenName != "" {
		t.Errorf("saving an erased case: %d", r.Code)
	}
	cwNoMissing(t)
}
