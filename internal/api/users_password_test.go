package api

import (
	"context"
	"net/http"
	"testing"
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
