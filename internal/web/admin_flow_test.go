package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/country"
)

var tempPasswordRE = regexp.MustCompile(`<p class="secret" id="temp-password">([^<]+)</p>`)

// TestAdminOrganisationLifecycle: a platform administrator creates an
// organisation; its administrator edits it, then requires two-factor and
// sets a retention.
func TestAdminOrganisationLifecycle(t *testing.T) {
	e := newAdmEnv(t)
	admin := e.client("admin", "fr")
	before := e.countOrgs()
	code, _, h := admin.post("/admin/organisations", url.Values{"name": {" Refuge Kano "}, "type": {"Shelter"},
		"country": {"NGA"}, "city": {"Kano"}, "phone": {"+234 803 555 0142"}, "email": {"Info@Refuge-Kano.example"},
		"website": {"https://refuge-kano.example"}, "address": {"4 Zoo Road"}})
	if e.countOrgs() != before+1 {
		t.Fatalf("create: status %d, organisations %d -> %d", code, before, e.countOrgs())
	}
	code, body := admin.follow(code, h)
	if code != http.StatusOK || !strings.Contains(body, "L&#39;organisation a été créée.") ||
		!strings.Contains(body, "<h1>Refuge Kano</h1>") || !strings.Contains(body, "Nigéria") ||
		!strings.Contains(body, "Centre d&#39;hébergement") || !strings.Contains(body, "info@refuge-kano.example") {
		t.Errorf("organisation page after creation: status %d\n%s", code, body)
	}
	_, list := admin.get("/admin/organisations")
	if !strings.Contains(list, "Refuge Kano") || !strings.Contains(list, "Sénégal") {
		t.Error("the list does not show the new organisation in French")
	}

	c := e.client("A.org_admin", "en")
	path := "/admin/organisations/" + e.orgA.ID.String()
	code, body = c.get(path + "/edit")
	if code != http.StatusOK || !strings.Contains(body, `value="Réseau Espoir Dakar"`) ||
		!strings.Contains(body, `<option value="SEN" selected>Senegal</option>`) {
		t.Fatalf("edit form: status %d\n%s", code, body)
	}
	form := url.Values{"name": {"Réseau Espoir Dakar-Thiès"}, "type": {"NGO"}, "country": {"SEN"}, "city": {"Thiès"},
		"phone": {"+221 33 555 01 17"}, "email": {"contact@espoir-dakar.example"}, "website": {""},
		"address": {"12 rue Carnot, Dakar"}, "retention_days": {"3650"}, "require_totp": {"on"}}
	code, _, h = c.post(path, form)
	if code != http.StatusSeeOther {
		t.Fatalf("update: status %d", code)
	}
	got := e.org(e.orgA.ID)
	if got.Name != "Réseau Espoir Dakar-Thiès" || got.City != "Thiès" || got.Website != "" || !got.RequireTOTP ||
		got.RetentionDays != 3650 || got.CreatedAt != e.orgA.CreatedAt {
		t.Errorf("stored organisation: %+v", got)
	}
	// Two-factor is now required and the administrator has none: their next
	// page is the enrolment page (the framework enforces the new rule).
	if code, _ := c.get(path); code != http.StatusSeeOther {
		t.Errorf("after requiring two-factor, an un-enrolled user got %d, want a redirect to enrol", code)
	}
	entries, err := e.db.ListAudit(e.sys(), e.orgA.ID, storeFilter("org.update"))
	if err != nil || len(entries) != 1 || !strings.Contains(entries[0].Detail, "require_totp") {
		t.Errorf("audit of the update: %v %+v", err, entries)
	}
}

// TestAdminUserLifecycle: add a user (one-time password shown once), change
// their role (shown in the audit view), disable, enable, reset the password.
func TestAdminUserLifecycle(t *testing.T) {
	e := newAdmEnv(t)
	c := e.client("A.org_admin", "en")
	orgPath := "/admin/organisations/" + e.orgA.ID.String()
	before := e.countUsers(e.orgA.ID)

	code, body, h := c.post(orgPath+"/users", url.Values{"email": {"Yaw.Boateng@Espoir-Dakar.example"},
		"display_name": {"Yaw Boateng"}, "lang": {"fr"}, "role": {"caseworker"}})
	if code != http.StatusOK {
		t.Fatalf("add user: status %d\n%s", code, body)
	}
	if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("one-time password page Cache-Control %q", cc)
	}
	m := tempPasswordRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no temporary password on the page\n%s", body)
	}
	pw := m[1]
	if !strings.Contains(body, `<span class="who">Awa Diallo`) || !strings.Contains(body, "Temporary password for yaw.boateng@espoir-dakar.example") {
		t.Error("the password page mixes up the signed-in user and the new user")
	}
	if len(pw) < 16 || auth.ValidatePassword(pw) != nil {
		t.Errorf("temporary password of %d characters, valid: %v", len(pw), auth.ValidatePassword(pw))
	}
	if e.countUsers(e.orgA.ID) != before+1 {
		t.Fatal("user not added")
	}
	newUser, err := e.db.UserForLogin(context.Background(), "yaw.boateng@espoir-dakar.example")
	if err != nil {
		t.Fatal(err)
	}
	if ok, _, err := auth.CheckPassword(newUser.PasswordHash, pw); !ok || err != nil {
		t.Fatalf("the stored hash does not match the password shown (%v)", err)
	}
	if strings.Contains(newUser.PasswordHash, pw) || newUser.Lang != "fr" || newUser.DisplayName != "Yaw Boateng" {
		t.Errorf("stored user: %+v", newUser)
	}
	// The new user signs in with it.
	e.users["new"] = newUser
	yaw := e.clientWith("new", pw)
	// The password the administrator saw is temporary: every page leads to
	// the password change until the user has chosen their own.
	if code, _ := yaw.get("/directory"); code != http.StatusSeeOther {
		t.Errorf("new user with a temporary password on the directory: %d, want 303", code)
	}
	// The administrator sees who has not yet replaced it.
	if _, list := c.get(orgPath + "/users"); !strings.Contains(list, "temporary password not yet replaced") {
		t.Error("the user list does not say the password is still temporary")
	}
	own := "Le-baobab-de-Thies-a-cent-ans"
	code, _, h = yaw.post("/account/password", url.Values{"current_password": {pw}, "new_password": {own},
		"confirm_password": {own}})
	if code != http.StatusSeeOther || h.Get("Location") != "/account" {
		t.Fatalf("own password: %d %q", code, h.Get("Location"))
	}
	if code, _ := yaw.get("/directory"); code != http.StatusOK {
		t.Errorf("new user on the directory after choosing a password: %d", code)
	}
	if _, list := c.get(orgPath + "/users"); strings.Contains(list, "temporary password not yet replaced") {
		t.Error("the user list still says the password is temporary")
	}
	pw = own

	userPath := orgPath + "/users/" + newUser.ID.String()
	code, _, h = c.post(userPath+"/role", url.Values{"role": {"supervisor"}})
	code, body = c.follow(code, h)
	if code != http.StatusOK || !strings.Contains(body, "The role has been updated.") {
		t.Errorf("after role change: %d", code)
	}
	if r := e.role(newUser.ID, e.orgA.ID); r != auth.Supervisor {
		t.Errorf("role is %q", r)
	}
	// The changed user's session ends: they must sign in again.
	if code, _ := yaw.get("/directory"); code != http.StatusSeeOther {
		t.Errorf("session of a user whose role changed: %d, want a redirect to sign in", code)
	}

	// The role change is in the audit view, with the administrator's name.
	code, body = c.get("/admin/audit?action=membership.")
	if code != http.StatusOK {
		t.Fatalf("audit: %d", code)
	}
	row := regexp.MustCompile(`(?s)<tr>\s*<td>[^<]*</td>\s*<td>Awa Diallo</td>\s*<td><span title="membership.set">Role given or changed</span><br><small class="hint">role=caseworker-&gt;supervisor</small></td>\s*<td>User <code>` +
		newUser.ID.String() + `</code></td>\s*<td>127.0.0.1</td>`)
	if !row.MatchString(body) {
		t.Errorf("the role change is not in the audit view\n%s", body)
	}

	code, _, h = c.post(userPath+"/disable", nil)
	if code, body = c.follow(code, h); !strings.Contains(body, "The account has been disabled.") || !e.user(newUser.ID).Disabled {
		t.Error("disable failed")
	}
	if _, body := c.get(orgPath + "/users"); !strings.Contains(body, "Disabled") {
		t.Error("the list does not show the disabled status")
	}
	code, _, h = c.post(userPath+"/enable", nil)
	if code, body = c.follow(code, h); !strings.Contains(body, "The account has been enabled.") || e.user(newUser.ID).Disabled {
		t.Error("enable failed")
	}

	code, body, _ = c.post(userPath+"/password", nil)
	m = tempPasswordRE.FindStringSubmatch(body)
	if code != http.StatusOK || m == nil || m[1] == pw {
		t.Fatalf("reset: status %d, new password shown: %v", code, m != nil)
	}
	hash := loginHash(t, e, newUser.Email)
	if ok, _, _ := auth.CheckPassword(hash, pw); ok {
		t.Error("the old password still works after a reset")
	}
	if ok, _, _ := auth.CheckPassword(hash, m[1]); !ok {
		t.Error("the new password does not match the stored hash")
	}
	if !e.user(newUser.ID).MustChangePassword {
		t.Error("a password reset by an administrator is not marked temporary")
	}
	// The password is never on the user's page or in the list.
	for _, p := range []string{userPath, orgPath + "/users"} {
		if _, body := c.get(p); strings.Contains(body, m[1]) {
			t.Errorf("%s shows the password again", p)
		}
	}
}

// clientWith signs in a user with a given password (the seeded helper uses
// the shared one).
func (e *admEnv) clientWith(key, password string) *admClient {
	e.t.Helper()
	c := e.clientNoSignIn("en")
	code, body, _ := c.post("/signin", url.Values{"email": {e.users[key].Email}, "password": {password}})
	if code != http.StatusSeeOther {
		e.t.Fatalf("sign-in of %s: %d\n%s", key, code, body)
	}
	return c
}

// TestAdminAuditView: newest first, 50 per page, filters by action prefix,
// record type, actor and dates; bad dates are 422.
func TestAdminAuditView(t *testing.T) {
	e := newAdmEnv(t)
	// 60 entries in A's chain by A's caseworker, then one in B's chain.
	cw := e.users["A.caseworker"]
	ctx := auth.WithActor(context.Background(), auth.Actor{UserID: cw.ID, OrgID: e.orgA.ID, Role: auth.Caseworker, IP: "192.0.2.7"})
	for i := range 60 {
		if err := e.db.Audit(ctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: fmt.Sprintf("case-%02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	bctx := auth.WithActor(context.Background(), auth.Actor{UserID: e.users["B.caseworker"].ID, OrgID: e.orgB.ID, Role: auth.Caseworker, IP: "198.51.100.9"})
	if err := e.db.Audit(bctx, audit.Entry{Action: "case.read", RecordType: "case", RecordID: "case-of-b"}); err != nil {
		t.Fatal(err)
	}
	c := e.client("A.org_admin", "fr")
	code, body := c.get("/admin/audit?type=case")
	if code != http.StatusOK {
		t.Fatalf("audit: %d", code)
	}
	if n := strings.Count(body, "<code>case-"); n != 50 {
		t.Errorf("first page shows %d case entries, want 50", n)
	}
	if !strings.Contains(body, "<code>case-59</code>") || strings.Contains(body, "<code>case-09</code>") {
		t.Error("first page is not the newest entries")
	}
	if strings.Contains(body, "case-of-b") || strings.Contains(body, "198.51.100.9") {
		t.Error("A's trail shows B's entry")
	}
	if !strings.Contains(body, "<td>Ibrahima Sow</td>") || !strings.Contains(body, "192.0.2.7") {
		t.Error("actor name or IP missing")
	}
	if !strings.Contains(body, "Entrées plus anciennes") || !strings.Contains(body, `href="/admin/audit?page=2&amp;type=case"`) {
		t.Error("no link to the next page")
	}
	if !strings.Contains(body, `hx-get="/admin/audit"`) || !strings.Contains(body, `hx-select="#audit-page"`) {
		t.Error("the filter form is not enhanced with htmx")
	}
	_, body = c.get("/admin/audit?type=case&page=2")
	if n := strings.Count(body, "<code>case-"); n != 10 || !strings.Contains(body, "<code>case-00</code>") {
		t.Errorf("second page shows %d entries", n)
	}
	if strings.Contains(body, "Entrées plus anciennes") || !strings.Contains(body, "Entrées plus récentes") {
		t.Error("second page navigation is wrong")
	}

	// Filters: action prefix (translated label for known actions), actor, dates.
	_, body = c.get("/admin/audit?action=user.")
	if strings.Contains(body, "case-") || !strings.Contains(body, "Utilisateur ajouté") {
		t.Error("the action filter does not filter, or labels are not translated")
	}
	_, body = c.get("/admin/audit?actor=" + e.users["A.org_admin"].ID.String() + "&type=case")
	if strings.Contains(body, "<code>case-") {
		t.Error("the actor filter does not filter")
	}
	_, body = c.get("/admin/audit?type=case&from=2000-01-01&to=2000-12-31")
	if strings.Contains(body, "<code>case-") || !strings.Contains(body, "Aucune entrée ne correspond") {
		t.Error("the date filter does not filter")
	}
	today := e.srv.now().UTC().Format("2006-01-02")
	_, body = c.get("/admin/audit?type=case&from=" + today + "&to=" + today)
	if n := strings.Count(body, "<code>case-"); n != 50 {
		t.Errorf("today's entries: %d on the first page, want 50", n)
	}
	code, body = c.get("/admin/audit?from=31/12/2026")
	if code != http.StatusUnprocessableEntity || !strings.Contains(fieldError(body, "from"), "Le champ « Du » doit être une date") {
		t.Errorf("bad date: %d %q", code, fieldError(body, "from"))
	}
	code, _ = c.get("/admin/audit?actor=quelqu-un")
	if code != http.StatusUnprocessableEntity {
		t.Errorf("bad actor id: %d", code)
	}

	// A platform administrator may read another organisation's chain.
	admin := e.client("admin", "en")
	_, body = admin.get("/admin/audit?org=" + e.orgB.ID.String())
	if !strings.Contains(body, "case-of-b") || !strings.Contains(body, "Kofi Mensah") ||
		!strings.Contains(body, `<option value="`+e.orgB.ID.String()+`" selected>Accueil Solidarité Lyon</option>`) ||
		!strings.Contains(body, "Audit trail · Accueil Solidarité Lyon") {
		t.Error("platform administrator cannot read B's trail")
	}
}

// TestAdminDirectory: public fields only, filters by country and type.
func TestAdminDirectory(t *testing.T) {
	e := newAdmEnv(t)
	c := e.client("B.caseworker", "fr")
	code, body := c.get("/directory")
	if code != http.StatusOK || !strings.Contains(body, "Annuaire du réseau") || !strings.Contains(body, "Réseau Espoir Dakar") ||
		!strings.Contains(body, "Accueil Solidarité Lyon") || !strings.Contains(body, "221 33 555 01 17") {
		t.Fatalf("directory: %d\n%s", code, body)
	}
	if strings.Contains(body, "12 rue Carnot") {
		t.Error("the directory shows an address (not a public field)")
	}
	_, body = c.get("/directory?country=FRA")
	if res := results(body, "directory-results"); strings.Contains(res, "Réseau Espoir Dakar") || !strings.Contains(res, "Accueil Solidarité Lyon") {
		t.Error("country filter")
	}
	if !strings.Contains(body, `<option value="FRA" selected>France</option>`) || !strings.Contains(body, `<option value="SEN">Sénégal</option>`) {
		t.Error("country options")
	}
	_, body = c.get("/directory?type=NGO")
	if res := results(body, "directory-results"); !strings.Contains(res, "Réseau Espoir Dakar") || strings.Contains(res, "Accueil Solidarité Lyon") {
		t.Error("type filter")
	}
	_, body = c.get("/directory?type=NGO&country=FRA")
	if !strings.Contains(body, "Aucune organisation ne correspond") {
		t.Error("empty result message")
	}
}

// results is the part of a page that htmx swaps (the element with id).
func results(body, id string) string {
	_, after, ok := strings.Cut(body, `id="`+id+`"`)
	if !ok {
		return ""
	}
	part, _, _ := strings.Cut(after, "</section>")
	return part
}

// TestAdminPagesTranslated renders every admin page in English and French:
// the page is the expected one and shows no untranslated message id.
func TestAdminPagesTranslated(t *testing.T) {
	e := newAdmEnv(t)
	A, cw := e.orgA.ID.String(), e.users["A.caseworker"].ID.String()
	rawID := regexp.MustCompile(`\b(admin|field|error|role)\.[a-z_]+(\.[A-Za-z_.]+)?\b`)
	pages := []struct {
		who, path string
		want      map[string]string
	}{
		{"admin", "/admin/organisations", map[string]string{"en": "New organisation", "fr": "Nouvelle organisation"}},
		{"admin", "/admin/organisations/new", map[string]string{"en": "Create the organisation", "fr": "Créer l&#39;organisation"}},
		{"A.org_admin", "/admin/organisations/" + A, map[string]string{"en": "Security and retention", "fr": "Sécurité et conservation"}},
		{"A.org_admin", "/admin/organisations/" + A + "/edit", map[string]string{"en": "Require two-factor sign-in for every user", "fr": "Exiger la double authentification"}},
		{"A.org_admin", "/admin/organisations/" + A + "/users", map[string]string{"en": "Users of Réseau Espoir Dakar", "fr": "Utilisateurs de Réseau Espoir Dakar"}},
		{"A.org_admin", "/admin/organisations/" + A + "/users/new", map[string]string{"en": "Add the user", "fr": "Ajouter l&#39;utilisateur"}},
		{"A.org_admin", "/admin/organisations/" + A + "/users/" + cw, map[string]string{"en": "Reset the password", "fr": "Réinitialiser le mot de passe"}},
		{"A.org_admin", "/admin/audit", map[string]string{"en": "Audit trail", "fr": "Journal d&#39;audit"}},
		{"A.caseworker", "/directory", map[string]string{"en": "Network directory", "fr": "Annuaire du réseau"}},
	}
	for _, lang := range []string{"en", "fr"} {
		clients := map[string]*admClient{}
		for _, p := range pages {
			c, ok := clients[p.who]
			if !ok {
				c = e.client(p.who, lang)
				clients[p.who] = c
			}
			code, body := c.get(p.path)
			if code != http.StatusOK {
				t.Errorf("%s %s: status %d", lang, p.path, code)
				continue
			}
			if !strings.Contains(body, p.want[lang]) {
				t.Errorf("%s %s: %q not found", lang, p.path, p.want[lang])
			}
			if !strings.Contains(body, `<span class="who">`+e.users[p.who].DisplayName) {
				t.Errorf("%s %s: the header does not show the signed-in user", lang, p.path)
			}
			if !strings.Contains(body, `<html lang="`+lang+`">`) {
				t.Errorf("%s %s: wrong page language", lang, p.path)
			}
			if ids := rawID.FindAllString(body, -1); len(ids) > 0 {
				t.Errorf("%s %s: untranslated ids %v", lang, p.path, ids)
			}
		}
	}
	// The redirecting entry points.
	c := e.client("A.org_admin", "en")
	for path, want := range map[string]string{"/admin": "/admin/organisations/" + A, "/admin/users": "/admin/organisations/" + A + "/users"} {
		req, _ := http.NewRequest("GET", e.ts.URL+path, nil)
		code, _, h := c.do(req)
		if code != http.StatusSeeOther || h.Get("Location") != want {
			t.Errorf("%s: %d -> %q, want %q", path, code, h.Get("Location"), want)
		}
	}
}

// TestAdminCountries: the select offers the 249 current ISO 3166-1 codes,
// each accepted by account.Country and named in both languages.
func TestAdminCountries(t *testing.T) {
	if len(country.Codes) != 249 {
		t.Errorf("%d country codes, want 249", len(country.Codes))
	}
	seen := map[string]bool{}
	for _, code := range country.Codes {
		if seen[code] {
			t.Errorf("%s listed twice", code)
		}
		seen[code] = true
		if err := account.Country("country", code); err != nil {
			t.Errorf("%s refused by account.Country", code)
		}
		for _, lang := range []string{"en", "fr"} {
			if n := countryName(lang, code); n == code || n == "" {
				t.Errorf("%s has no %s name", code, lang)
			}
		}
	}
	for _, lang := range []string{"en", "fr"} {
		if n := len(countryOptions(lang)); n != 249 {
			t.Errorf("%s: %d options", lang, n)
		}
	}
	if countryName("fr", "CIV") != "Côte d’Ivoire" || countryName("en", "NGA") != "Nigeria" || countryName("fr", "DEU") != "Allemagne" {
		t.Errorf("names: %q %q %q", countryName("fr", "CIV"), countryName("en", "NGA"), countryName("fr", "DEU"))
	}
	// French order ignores accents: Égypte comes between Dominique and Émirats/Équateur, not after Zimbabwe.
	opts := countryOptions("fr")
	if opts[len(opts)-1].Label == "Égypte" {
		t.Error("French names are not collated")
	}
}
