package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// TestSharedAccountOnlyPlatformAdmin: a person who belongs to two
// organisations cannot have their password reset or be disabled by one
// organisation's administrator (who would otherwise sign in as them and read
// the other organisation's cases); the page says why, in English and French,
// and nothing changes. A platform administrator may.
func TestSharedAccountOnlyPlatformAdmin(t *testing.T) {
	e := newAdmEnv(t)
	sys := auth.WithActor(context.Background(), auth.SystemActor())
	kofi := e.users["B.caseworker"]
	if err := e.db.SetMembership(sys, account.Membership{UserID: kofi.ID, OrgID: e.orgA.ID, Role: auth.Caseworker}); err != nil {
		t.Fatal(err)
	}
	before, err := e.db.GetUser(sys, kofi.ID)
	if err != nil {
		t.Fatal(err)
	}
	path := "/admin/organisations/" + e.orgA.ID.String() + "/users/" + kofi.ID.String()
	// English first: the French client saves French as the user's language.
	for _, c := range []struct{ lang, want string }{
		{"en", "only a platform administrator may reset their password"},
		{"fr", "seul un administrateur de la plateforme peut réinitialiser son mot de passe"},
	} {
		lang, want := c.lang, c.want
		a := e.client("A.org_admin", lang)
		for _, action := range []string{"/password", "/disable"} {
			code, body, _ := a.post(path+action, url.Values{})
			if code != http.StatusUnprocessableEntity || !strings.Contains(body, want) {
				t.Errorf("%s %s by A's administrator: %d\n%.3000s", lang, action, code, body)
			}
		}
	}
	after, _ := e.db.GetUser(sys, kofi.ID)
	if after.PasswordHash != before.PasswordHash || after.Disabled || after.MustChangePassword {
		t.Fatal("a refused reset or disable changed the account")
	}
	// A member of A only is still managed by A's administrator.
	if code, _, _ := e.client("A.org_admin", "en").post("/admin/organisations/"+e.orgA.ID.String()+"/users/"+
		e.users["A.analyst"].ID.String()+"/password", url.Values{}); code != http.StatusOK {
		t.Errorf("reset of A's own member: %d", code)
	}
	// The platform administrator may.
	if code, _, _ := e.client("admin", "en").post(path+"/password", url.Values{}); code != http.StatusOK {
		t.Errorf("reset by the platform administrator: %d", code)
	}
}
