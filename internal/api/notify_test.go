package api

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/fixture/world"
	"github.com/passerelle-org/passerelle/internal/notify"
)

// TestNotificationsAPI: a user lists and marks their own notifications
// (text in their language); anyone else's id is 404; org admins register
// webhook endpoints, bad input is 422 naming the field, nothing written.
func TestNotificationsAPI(t *testing.T) {
	e := newEnv(t)
	ref := uuid.Must(uuid.NewV7())
	if err := e.db.Notify(world.System(), notify.Event{Kind: notify.ReferralStatus, Status: "accepted",
		Recipients: []notify.Recipient{notify.ToUser(e.orgA.ID, e.users["frA"].ID)}, Link: "/referrals/" + ref.String(),
		Objects: []notify.Ref{{Type: "referral", ID: ref}}}); err != nil {
		t.Fatal(err)
	}
	w := e.do(request{token: "frA", method: "GET", path: "/me/notifications?unread=true"})
	var list struct {
		Items []struct {
			ID, Kind, Status, Text, Link string
			Objects                      []struct{ Type, ID string }
		}
		Unread int
	}
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &list) != nil || len(list.Items) != 1 || list.Unread != 1 {
		t.Fatalf("list %d: %s", w.Code, w.Body)
	}
	it := list.Items[0]
	if it.Kind != "referral.status" || it.Status != "accepted" || it.Text != "Une orientation a changé d’état : acceptée." ||
		it.Link != "/referrals/"+ref.String() || len(it.Objects) != 1 || it.Objects[0].ID != ref.String() {
		t.Fatalf("item %+v", it)
	}
	for _, who := range []string{"caseA", "adminA", "adminB", "platform"} {
		if w := e.do(request{token: who, method: "POST", path: "/me/notifications/" + it.ID + "/read"}); w.Code != http.StatusNotFound {
			t.Errorf("%s marks frA's notification: %d, want 404", who, w.Code)
		}
		w := e.do(request{token: who, method: "GET", path: "/me/notifications"})
		if strings.Contains(w.Body.String(), it.ID) {
			t.Errorf("%s lists frA's notification", who)
		}
	}
	if w := e.do(request{token: "frA", method: "POST", path: "/me/notifications/" + it.ID + "/read"}); w.Code != http.StatusNoContent {
		t.Fatalf("read: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "frA", method: "GET", path: "/me/notifications?unread=true"}); !strings.Contains(w.Body.String(), `"items":[]`) {
		t.Fatalf("unread after reading: %s", w.Body)
	}

	before := e.snapshot()
	for _, body := range []string{`{"url":"http://systems.espoir-niamey.example/hook","kinds":["referral.received"]}`,
		`{"url":"https://systems.espoir-niamey.example/hook","kinds":[]}`,
		`{"url":"https://systems.espoir-niamey.example/hook","kinds":["case.opened"]}`} {
		w := e.do(request{token: "adminA", method: "POST", path: "/organisation/webhooks", body: body})
		if w.Code != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d %s", body, w.Code, w.Body)
		}
	}
	if w := e.do(request{token: "caseA", method: "POST", path: "/organisation/webhooks",
		body: `{"url":"https://x.example/h","kinds":["referral.received"]}`}); w.Code != http.StatusForbidden {
		t.Errorf("caseworker registers: %d", w.Code)
	}
	if d := diffSnapshots(before, e.snapshot()); len(d) > 0 {
		t.Fatalf("refused requests changed %v", d)
	}
	w = e.do(request{token: "adminA", method: "POST", path: "/organisation/webhooks",
		body: `{"url":"https://systems.espoir-niamey.example/hook","kinds":["referral.received","referral.overdue"]}`})
	var raw map[string]any
	if w.Code != http.StatusCreated || json.Unmarshal(w.Body.Bytes(), &raw) != nil || !strings.HasPrefix(raw["signing_key"].(string), "whsec_") {
		t.Fatalf("create %d: %s", w.Code, w.Body)
	}
	id := raw["id"].(string)
	if w := e.do(request{token: "adminA", method: "GET", path: "/organisation/webhooks"}); strings.Contains(w.Body.String(), raw["signing_key"].(string)) ||
		!strings.Contains(w.Body.String(), id) {
		t.Fatalf("list shows the key or misses the endpoint: %s", w.Body)
	}
	if w := e.do(request{token: "adminB", method: "DELETE", path: "/organisation/webhooks/" + id}); w.Code != http.StatusNotFound {
		t.Fatalf("another organisation deletes: %d", w.Code)
	}
	if w := e.do(request{token: "adminA", method: "DELETE", path: "/organisation/webhooks/" + id}); w.Code != http.StatusNoContent {
		t.Fatalf("delete: %d %s", w.Code, w.Body)
	}
}
