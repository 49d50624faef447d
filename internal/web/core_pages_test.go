package web

import (
	"html/template"
	"net/http"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// TestDashboards: each role has its own home page, in both languages, with
// tiles only for pages its permissions open.
func TestDashboards(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	cases := []struct {
		role     string
		has, not []string
	}{
		{"caseworker", []string{"/directory", "/account"}, []string{"/admin/users", "/admin/audit", "/admin/organisations\""}},
		{"supervisor", []string{"/admin/users", "/directory"}, []string{"/admin/audit"}},
		{"org_admin", []string{"/admin/users", "/admin/audit", "/admin/organisations/" + e.org.ID.String()}, []string{"/admin/organisations\""}},
		{"coordinator", []string{"/directory"}, []string{"/admin/users"}},
		{"analyst", []string{"/directory"}, []string{"/admin/users", "/admin/audit"}},
		{"admin", []string{"/admin/organisations\"", "/admin/audit"}, nil},
	}
	if e.srv.hasRoute("GET", "/cases") {
		// Case pages exist: case roles get the tile, the others do not.
		cases[0].has = append(cases[0].has, "/cases\"")
		cases[1].has = append(cases[1].has, "/cases/approvals")
		cases[4].not = append(cases[4].not, "/cases")
		cases[5].not = append(cases[5].not, "/cases")
	}
	for _, c := range cases {
		t.Run(c.role, func(t *testing.T) {
			cl := e.signedIn(c.role)
			role := auth.Role(c.role)
			r := cl.get("/")
			wantCode(t, r, http.StatusOK, escaped(i18n.T("en", "home.role."+c.role+".title", nil)),
				escaped(i18n.T("en", "home.role."+c.role+".intro", nil)))
			for _, h := range c.has {
				if !strings.Contains(r.Body, `href="`+h) {
					t.Errorf("%s: no link to %s", role, h)
				}
			}
			for _, h := range c.not {
				if strings.Contains(r.Body, `href="`+h) {
					t.Errorf("%s: link to %s", role, h)
				}
			}
			cl.post("/language", form("lang", "fr", "return", "/"))
			wantCode(t, cl.get("/"), http.StatusOK, `lang="fr"`, escaped(i18n.T("fr", "home.role."+c.role+".intro", nil)))
		})
	}
}

// TestEveryPageInBothLanguages renders every page a role can reach in
// English and French and fails on any missing message.
func TestEveryPageInBothLanguages(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	e.enrolTOTP("analyst")
	before := len(i18n.Missing())
	pagesFor := map[string][]string{
		"":            {"/signin", "/no/such/page"},
		"org_admin":   corePages(e),
		"caseworker":  {"/", "/account", "/account/two-factor", "/admin/users", "/directory"},
		"admin":       {"/", "/account", "/admin/organisations", "/admin/audit", "/admin/users", "/directory"},
		"coordinator": {"/", "/directory"},
	}
	for _, lang := range i18n.Languages {
		for who, pages := range pagesFor {
			c := e.client()
			c.post("/language", form("lang", lang, "return", "/"))
			if who != "" {
				c.signInFast(who)
				c.post("/language", form("lang", lang, "return", "/"))
			}
			for _, p := range pages {
				r := c.get(p)
				if r.Code >= 500 {
					t.Errorf("%s %s %s: status %d", lang, who, p, r.Code)
				}
				if r.Code == http.StatusOK && !strings.Contains(r.Body, `<html lang="`+lang+`">`) {
					t.Errorf("%s %s %s: wrong html lang", lang, who, p)
				}
			}
		}
		// Pages reached through forms: errors, tokens, two-factor.
		c := e.client()
		c.post("/language", form("lang", lang, "return", "/"))
		c.post("/signin", form("email", "x@y.example.org", "password", "nope-nope-nope"))
		c.signIn("analyst")
		c.get("/signin/two-factor")
		c.post("/signin/two-factor", form("code", "123456"))
		c2 := e.signedIn("org_admin")
		c2.post("/language", form("lang", lang, "return", "/"))
		c2.post("/account/password", form("current_password", "x", "new_password", "short", "confirm_password", "y"))
		c2.post("/account/tokens", form("name", ""))
		c2.post("/account/tokens", form("name", "Rapport mensuel", "days", "30"))
		c2.post("/account/two-factor", form("code", "000000"))
	}
	if missing := i18n.Missing()[before:]; len(missing) > 0 {
		t.Errorf("missing translations: %v", missing)
	}
}

func TestLanguageSwitch(t *testing.T) {
	t.Parallel()
	e := newCoreEnv(t)
	c := e.client()
	wantCode(t, c.get("/signin"), http.StatusOK, "Sign in", `<html lang="en">`)
	wantCode(t, c.get("/signin", "Accept-Language", "fr-SN,fr;q=0.9"), http.StatusOK, "Connexion", `<html lang="fr">`)

	r := c.post("/language", form("lang", "fr", "return", "/signin"))
	if r.Code != http.StatusSeeOther || r.location() != "/signin" {
		t.Fatalf("switch: %d %q", r.Code, r.location())
	}
	// The session's choice beats the browser's header.
	wantCode(t, c.get("/signin", "Accept-Language", "en"), http.StatusOK, "Connexion")
	wantCode(t, c.post("/language", form("lang", "de")), http.StatusBadRequest)
	for _, ret := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", ""} {
		if r := c.post("/language", form("lang", "en", "return", ret)); r.location() != "/" {
			t.Errorf("return %q redirected to %q", ret, r.location())
		}
	}

	// Signed in: the choice is saved on the account and follows the user.
	u := e.signedIn("coordinator")
	u.post("/language", form("lang", "fr", "return", "/account"))
	wantCode(t, u.get("/account"), http.StatusOK, "Mon compte")
	fresh := e.signedIn("coordinator")
	wantCode(t, fresh.get("/", "Accept-Language", "en"), http.StatusOK, "Bienvenue, Ibrahim Traoré")
}

// escaped is text as html/template writes it.
func escaped(s string) string { return template.HTMLEscapeString(s) }

// TestComputedMessageIDs: ids built at run time (error pages, roles, tiles)
// exist in every language; TestUsedIDsExist in internal/i18n sees only
// literal ids.
func TestComputedMessageIDs(t *testing.T) {
	t.Parallel()
	var ids []string
	for _, key := range errorPages {
		ids = append(ids, "errpage."+key+".title", "errpage."+key+".text")
	}
	for _, r := range auth.Roles {
		ids = append(ids, "role."+string(r), "home.role."+string(r)+".title", "home.role."+string(r)+".intro")
	}
	for _, l := range homeLinks {
		ids = append(ids, l.Title, l.Text)
	}
	for _, f := range []string{"email", "password", "current_password", "new_password", "confirm_password", "code", "name"} {
		ids = append(ids, "field."+f)
	}
	for _, id := range ids {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, id) {
				t.Errorf("%s missing in %s", id, lang)
			}
		}
	}
}
