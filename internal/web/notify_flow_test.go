package web

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/notify"
)

func notifySupervisors(t *testing.T, e *coreEnv) uuid.UUID {
	t.Helper()
	ref := uuid.Must(uuid.NewV7())
	if err := e.db.Notify(world.System(), notify.Event{Kind: notify.ReferralStatus, Status: "in_service",
		Recipients: []notify.Recipient{notify.ToRole(e.org.ID, string(auth.Supervisor))},
		Link:       "/referrals/" + ref.String(), Objects: []notify.Ref{{Type: "referral", ID: ref}}}); err != nil {
		t.Fatal(err)
	}
	return ref
}

var readForm = regexp.MustCompile(`action="/notifications/([0-9a-f-]{36})/read"`)

// TestNotificationPages: the header counts the signed-in user's unread
// notifications; the list shows them in the reader's language, unread
// first; marking read clears the count; nobody else can mark them.
func TestNotificationPages(t *testing.T) {
	e := newCoreEnv(t)
	notifySupervisors(t, e)
	ref := notifySupervisors(t, e)
	sup := e.signedIn("supervisor")
	home := sup.get("/")
	if !strings.Contains(home.Body, `Notifications (2)`) {
		t.Fatalf("header without the count: %.2000s", home.Body)
	}
	if cw := e.signedIn("caseworker").get("/"); strings.Contains(cw.Body, "Notifications (") {
		t.Fatal("the caseworker's header counts someone else's notifications")
	}
	list := sup.get("/notifications")
	if list.Code != http.StatusOK || !strings.Contains(list.Body, "A referral moved on: in service.") ||
		!strings.Contains(list.Body, `href="/referrals/`+ref.String()+`"`) {
		t.Fatalf("list %d: %.3000s", list.Code, list.Body)
	}
	ids := readForm.FindAllStringSubmatch(list.Body, -1)
	if len(ids) != 2 {
		t.Fatalf("%d mark-read forms, want 2", len(ids))
	}
	// Another user's notification is 404, whoever asks.
	for _, who := range []string{"caseworker", "org_admin", "multi", "coordinator", "admin"} {
		if r := e.signedIn(who).post("/notifications/"+ids[0][1]+"/read", nil); r.Code != http.StatusNotFound {
			t.Errorf("%s marking the supervisor's notification: %d, want 404", who, r.Code)
		}
	}
	if r := sup.post("/notifications/"+ids[0][1]+"/read", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("mark read: %d", r.Code)
	}
	if h := sup.get("/"); !strings.Contains(h.Body, "Notifications (1)") {
		t.Fatal("the count did not go down")
	}
	if r := sup.post("/notifications/read", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("mark all: %d", r.Code)
	}
	if h := sup.get("/notifications"); strings.Contains(h.Body, "Notifications (") || readForm.MatchString(h.Body) {
		t.Fatal("unread left after marking all")
	}
	// In French, the same rows read in French.
	sup.post("/language", url.Values{"lang": {"fr"}, "return": {"/notifications"}})
	if fr := sup.get("/notifications"); !strings.Contains(fr.Body, "Une orientation a changé d’état : prise en charge.") {
		t.Fatalf("French list: %.3000s", fr.Body)
	}
	// E-mail opt-out is the user's own switch.
	if r := sup.post("/notifications/email", url.Values{}); r.Code != http.StatusSeeOther {
		t.Fatalf("opt out: %d", r.Code)
	}
	on, err := e.db.EmailNotifications(world.As(e.users["supervisor"].ID, e.org.ID, auth.Supervisor))
	if err != nil || on {
		t.Fatalf("e-mail still on (%v)", err)
	}
}

var secretShown = regexp.MustCompile(`<code>(whsec_[0-9a-f]{64})</code>`)

// TestWebhookPages: an organisation administrator registers an endpoint
// under the organisation's settings and sees its secret once; bad input is
// refused naming the field; another organisation's settings are 404; the
// outbox is the platform administrator's.
func TestWebhookPages(t *testing.T) {
	e := newCoreEnv(t)
	adm := e.signedIn("org_admin")
	base := "/admin/organisations/" + e.org.ID.String() + "/webhooks"
	if r := adm.get(base); r.Code != http.StatusOK || !strings.Contains(r.Body, `name="kinds" value="referral.received"`) {
		t.Fatalf("webhooks page %d: %.2000s", r.Code, r.Body)
	}
	bad := adm.post(base, url.Values{"url": {"http://systems.lumiere.example.org/hook"}})
	if bad.Code != http.StatusUnprocessableEntity || !strings.Contains(bad.Body, `href="#url"`) ||
		!strings.Contains(bad.Body, `href="#kinds"`) || !strings.Contains(bad.Body, `aria-describedby="url-hint url-error"`) {
		t.Fatalf("refusal %d: %.3000s", bad.Code, bad.Body)
	}
	ok := adm.post(base, url.Values{"url": {"https://systems.lumiere.example.org/hook"},
		"kinds": {"referral.received", "referral.overdue"}})
	m := secretShown.FindStringSubmatch(ok.Body)
	if ok.Code != http.StatusOK || m == nil || ok.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("created %d: %.3000s", ok.Code, ok.Body)
	}
	if again := adm.get(base); strings.Contains(again.Body, m[1]) || !strings.Contains(again.Body, "https://systems.lumiere.example.org/hook") {
		t.Fatal("the secret is shown again, or the endpoint is not listed")
	}
	if r := adm.get("/admin/organisations/" + e.org2.ID.String() + "/webhooks"); r.Code != http.StatusNotFound {
		t.Fatalf("another organisation's webhooks: %d", r.Code)
	}
	if r := e.signedIn("supervisor").get(base); r.Code != http.StatusForbidden {
		t.Fatalf("a supervisor on the webhooks page: %d", r.Code)
	}
	if r := adm.get("/admin/outbox"); r.Code != http.StatusForbidden {
		t.Fatalf("an organisation administrator on the outbox: %d", r.Code)
	}
	if r := e.signedIn("admin").get("/admin/outbox?state=dead"); r.Code != http.StatusOK {
		t.Fatalf("outbox: %d", r.Code)
	}
	eps, err := e.db.ListWebhookEndpoints(world.As(e.users["org_admin"].ID, e.org.ID, auth.OrgAdmin))
	if err != nil || len(eps) != 1 {
		t.Fatalf("endpoints %v %v", eps, err)
	}
	if r := adm.post(base+"/"+eps[0].ID.String()+"/delete", nil); r.Code != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.Code)
	}
}
