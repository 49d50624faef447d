package api

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestCreatedUserMustChangePassword: the temporary password the API returns
// was seen by the caller, so the new user must replace it at the first
// sign-in (the web then opens nothing else, API tokens included).
func TestCreatedUserMustChangePassword(t *testing.T) {
	e := newEnv(t)
	w := e.do(request{token: "adminA", method: "POST", path: "/organisations/{orgA}/users",
		body: `{"email":"moctar.diallo@espoir-niamey.example","display_name":"Moctar Diallo","role":"caseworker","lang":"fr"}`})
	if w.Code != http.StatusCreated {
		t.Fatalf("create: %d %s", w.Code, w.Body)
	}
	u, err := e.db.UserForLogin(context.Background(), "moctar.diallo@espoir-niamey.example")
	if err != nil {
		t.Fatal(err)
	}
	if !u.MustChangePassword {
		t.Fatal("a user created through the API is not asked to change the temporary password")
	}
}

// TestSharedUserDisabledByPlatformOnly: an organisation's administrator may
// not disable a person who also belongs to another organisation (they would
// cut that organisation's access too); the problem names the rule, in
// English and French, and the person stays enabled.
func TestSharedUserDisabledByPlatformOnly(t *testing.T) {
	e := newEnv(t)
	sys := auth.WithActor(context.Background(), auth.SystemActor())
	caseB := e.users["caseB"]
	if err := e.db.SetMembership(sys, account.Membership{UserID: caseB.ID, OrgID: e.orgA.ID, Role: auth.Caseworker}); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{"en": "only a platform administrator", "fr": "seul un administrateur de la plateforme"} {
		w := e.do(request{token: "adminA", method: "PATCH", path: "/users/" + caseB.ID.String(), body: `{"disabled":true}`,
			header: map[string]string{"Accept-Language": lang}})
		if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), `"rule":"shared_account"`) ||
			!strings.Contains(w.Body.String(), want) {
			t.Errorf("%s: %d %s", lang, w.Code, w.Body)
		}
	}
	if u, _ := e.db.GetUser(sys, caseB.ID); u.Disabled {
		t.Fatal("a refused disable applied")
	}
	if w := e.do(request{token: "platform", method: "PATCH", path: "/users/" + caseB.ID.String(), body: `{"disabled":true}`}); w.Code != http.StatusOK {
		t.Errorf("platform administrator: %d %s", w.Code, w.Body)
	}
}
