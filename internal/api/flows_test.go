package api

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/passerelle-org/passerelle/internal/auth"
)

func decode[T any](t *testing.T, body []byte) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(body, &v); err != nil {
		t.Fatalf("decode: %v: %s", err, body)
	}
	return v
}

func TestOrganisationFlow(t *testing.T) {
	e := newEnv(t)
	// A platform administrator creates an organisation.
	w := e.do(request{token: "platform", method: "POST", path: "/organisations",
		body: `{"name":"Centre d'accueil de Maradi","type":"Shelter","country":"ner","city":"Maradi","retention_days":3650}`})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	o := decode[Organisation](t, w.Body.Bytes())
	if o.Country != "NER" || o.RetentionDays == nil || *o.RetentionDays != 3650 || o.Type != "Shelter" {
		t.Errorf("created %+v", o)
	}
	// ... sees every organisation with every field.
	w = e.do(request{token: "platform", method: "GET", path: "/organisations"})
	if w.Code != 200 || !strings.Contains(w.Body.String(), "Marius Berliet") || !strings.Contains(w.Body.String(), "Maradi") {
		t.Errorf("admin list: %d %s", w.Code, w.Body)
	}
	// An org admin edits only the fields sent (and the snapshot used to
	// prove that refused requests change nothing does see the change).
	before := e.snapshot()
	w = e.do(request{token: "adminA", method: "PATCH", path: "/organisations/{orgA}",
		body: `{"city":"Agadez","require_totp":true,"website":"https://espoir-niamey.example","name":null}`})
	if w.Code != 200 {
		t.Fatalf("patch: %d %s", w.Code, w.Body)
	}
	if len(diffSnapshots(before, e.snapshot())) == 0 {
		t.Error("snapshot did not see an accepted change")
	}
	o = decode[Organisation](t, w.Body.Bytes())
	if o.City != "Agadez" || o.Name != "Espoir Migrants Niamey" || o.Phone != "+227 20 73 41 10" || o.RequireTOTP == nil || !*o.RequireTOTP {
		t.Errorf("patched %+v", o)
	}
	// The change is in the organisation's audit trail, by field name only.
	w = e.do(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?action=org.&limit=1"})
	if w.Code != 200 {
		t.Fatalf("audit: %d %s", w.Code, w.Body)
	}
	page := decode[struct {
		Items      []AuditEntry `json:"items"`
		NextOffset *int         `json:"next_offset"`
	}](t, w.Body.Bytes())
	if len(page.Items) != 1 || page.Items[0].Action != "org.update" || page.Items[0].ActorID != e.users["adminA"].ID ||
		!strings.Contains(page.Items[0].Detail, "city") || strings.Contains(page.Items[0].Detail, "Agadez") ||
		page.NextOffset == nil || *page.NextOffset != 1 {
		t.Errorf("audit page %+v", page)
	}
	// Filters: the actor filter finds nothing for B's admin in A's trail.
	w = e.do(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?actor={user:adminB}"})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"items":[]`) {
		t.Errorf("actor filter: %d %s", w.Code, w.Body)
	}
}

func TestUserFlow(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users",
		body: `{"email":"Halima.Abdou@Espoir-Niamey.example","display_name":"Halima Abdou","role":"supervisor","lang":"fr"}`})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	nu := decode[NewUser](t, w.Body.Bytes())
	if nu.User.Email != "halima.abdou@espoir-niamey.example" || nu.User.Role != "supervisor" || nu.User.Lang != "fr" {
		t.Errorf("created %+v", nu.User)
	}
	if err := auth.ValidatePassword(nu.TemporaryPassword); err != nil {
		t.Errorf("temporary password breaks the rules: %v", err)
	}
	// The temporary password is the one stored.
	u, err := e.db.UserForLogin(context.Background(), "halima.abdou@espoir-niamey.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := auth.CheckPassword(u.PasswordHash, nu.TemporaryPassword); !ok || err != nil {
		t.Errorf("temporary password does not sign in: %v %v", ok, err)
	}
	if strings.Contains(w.Body.String(), u.PasswordHash) {
		t.Error("response holds the password hash")
	}
	// The organisation's list shows the new member and her role.
	w = e.do(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/users"})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"display_name":"Halima Abdou"`) {
		t.Errorf("list: %d %s", w.Code, w.Body)
	}
	// Role change, then disabling: the person's token stops working.
	w = e.do(request{token: "adminA", method: "PATCH", path: "/users/{user:caseA}", body: `{"role":"supervisor"}`})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"role":"supervisor"`) {
		t.Fatalf("role: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "caseA", method: "GET", path: "/organisations/{orgA}/users"}); w.Code != 200 {
		t.Errorf("promoted supervisor cannot list users: %d", w.Code)
	}
	w = e.do(request{token: "adminA", method: "PATCH", path: "/users/{user:caseA}", body: `{"disabled":true}`})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"disabled":true`) {
		t.Fatalf("disable: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "caseA", method: "GET", path: "/me"}); w.Code != http.StatusUnauthorized {
		t.Errorf("disabled user's token: %d", w.Code)
	}
	// Both changes are audited in A's chain.
	w = e.do(request{token: "adminA", method: "GET", path: "/organisations/{orgA}/audit?record_id={user:caseA}"})
	for _, want := range []string{`"action":"membership.set"`, `"action":"user.disable"`} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("audit lacks %s: %s", want, w.Body)
		}
	}
}

func TestTokenFlow(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "superA", method: "POST", path: "/tokens", body: `{"name":"monthly statistics export","expires_in_days":30}`})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	nt := decode[NewToken](t, w.Body.Bytes())
	if !auth.LooksLikeAPIToken(nt.Secret) || nt.OrganisationID != e.orgA.ID || nt.ExpiresAt == nil {
		t.Fatalf("new token %+v", nt)
	}
	e.tokens["new"] = nt.Secret
	e.tokenID["new"] = nt.ID
	w = e.do(request{token: "new", method: "GET", path: "/me"})
	if w.Code != 200 || !strings.Contains(w.Body.String(), `"token_id":"`+nt.ID.String()+`"`) {
		t.Fatalf("new token: %d %s", w.Code, w.Body)
	}
	// Listed without its secret.
	w = e.do(request{token: "superA", method: "GET", path: "/tokens"})
	if w.Code != 200 || !strings.Contains(w.Body.String(), "monthly statistics export") || strings.Contains(w.Body.String(), nt.Secret) {
		t.Errorf("list: %d %s", w.Code, w.Body)
	}
	// Someone else's token list does not show it.
	if w := e.do(request{token: "caseA", method: "GET", path: "/tokens"}); strings.Contains(w.Body.String(), "monthly statistics") {
		t.Errorf("colleague sees the token: %s", w.Body)
	}
	// Revoked, it stops working at once.
	if w := e.do(request{token: "superA", method: "DELETE", path: "/tokens/{token:new}"}); w.Code != http.StatusNoContent {
		t.Fatalf("revoke: %d %s", w.Code, w.Body)
	}
	if w := e.do(request{token: "new", method: "GET", path: "/me"}); w.Code != http.StatusUnauthorized {
		t.Errorf("revoked token: %d", w.Code)
	}
	// A token cannot make one that outlives it.
	soon := time.Now().Add(48 * time.Hour).UTC().Truncate(time.Second)
	e.addToken("short", "superA", e.orgA.ID, &soon)
	w = e.do(request{token: "short", method: "POST", path: "/tokens", body: `{"name":"longer"}`})
	if w.Code != http.StatusCreated {
		t.Fatalf("create from short token: %d %s", w.Code, w.Body)
	}
	if child := decode[NewToken](t, w.Body.Bytes()); child.ExpiresAt == nil || !child.ExpiresAt.Equal(soon) {
		t.Errorf("child expires %v, parent %v", child.ExpiresAt, soon)
	}
	// An org admin may revoke a colleague's token.
	if w := e.do(request{token: "adminA", method: "DELETE", path: "/tokens/{token:caseA}"}); w.Code != http.StatusNoContent {
		t.Errorf("admin revokes colleague's token: %d %s", w.Code, w.Body)
	}
}
