package web

import (
	"context"
	htmlstd "html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/auth"
)

func loginHash(t *testing.T, e *admEnv, email string) string {
	t.Helper()
	u, err := e.db.UserForLogin(context.Background(), email)
	if err != nil {
		t.Fatal(err)
	}
	return u.PasswordHash
}

// fieldError returns the message shown under a form field, "" if none.
func fieldError(body, field string) string {
	m := regexp.MustCompile(`<p class="field-error" id="` + regexp.QuoteMeta(field) + `-error">([^<]*)</p>`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return htmlstd.UnescapeString(m[1])
}

func with(base url.Values, k, v string) url.Values {
	out := url.Values{}
	for key, vs := range base {
		out[key] = append([]string(nil), vs...)
	}
	out.Set(k, v)
	return out
}

// TestAdminBadInput posts bad values to every admin form: the answer is 422
// with a translated message under the field, and nothing is created or
// changed.
func TestAdminBadInput(t *testing.T) {
	e := newAdmEnv(t)
	okOrg := url.Values{"name": {"Refuge Kano"}, "type": {"Shelter"}, "country": {"NGA"}, "city": {"Kano"},
		"phone": {"+234 803 555 0142"}, "email": {"info@refuge-kano.example"}, "website": {"https://refuge-kano.example"},
		"address": {"4 Zoo Road, Kano"}, "retention_days": {"365"}}
	okUser := url.Values{"email": {"yaw.boateng@espoir-dakar.example"}, "display_name": {"Yaw Boateng"},
		"lang": {"en"}, "role": {"caseworker"}}
	long := strings.Repeat("é", 201)

	type tc struct {
		name, field string
		form        url.Values
		want        map[string]string // lang -> part of the message
	}
	orgCases := []tc{
		{"empty name", "name", with(okOrg, "name", "  "), map[string]string{"en": "Name is required", "fr": "Le champ « Nom » est obligatoire"}},
		{"overlong name", "name", with(okOrg, "name", long), map[string]string{"en": "at most 200 characters", "fr": "au plus 200 caractères"}},
		{"invalid e-mail", "email", with(okOrg, "email", "info@@refuge"), map[string]string{"en": "valid e-mail address", "fr": "adresse e-mail valide"}},
		{"unknown type", "type", with(okOrg, "type", "Militia"), map[string]string{"en": "choose one of the options", "fr": "choisissez l'une des options"}},
		{"invalid country", "country", with(okOrg, "country", "XYZ"), map[string]string{"en": "choose a country", "fr": "choisissez un pays"}},
		{"alpha-2 country", "country", with(okOrg, "country", "NG"), map[string]string{"en": "choose a country", "fr": "choisissez un pays"}},
		{"bad website", "website", with(okOrg, "website", "javascript:alert(1)"), map[string]string{"en": "http:// or https://", "fr": "http:// ou https://"}},
		{"bad phone", "phone", with(okOrg, "phone", "call me"), map[string]string{"en": "only digits", "fr": "que des chiffres"}},
		{"overlong city", "city", with(okOrg, "city", strings.Repeat("k", 101)), map[string]string{"en": "at most 100", "fr": "au plus 100"}},
	}
	settingsCases := []tc{
		{"negative retention", "retention_days", with(okOrg, "retention_days", "-1"), map[string]string{"en": "from 0 to 36500", "fr": "entre 0 et 36500"}},
		{"retention not a number", "retention_days", with(okOrg, "retention_days", "un an"), map[string]string{"en": "whole number", "fr": "nombre entier"}},
	}
	userCases := []tc{
		{"empty e-mail", "email", with(okUser, "email", ""), map[string]string{"en": "is required", "fr": "est obligatoire"}},
		{"invalid e-mail", "email", with(okUser, "email", "yaw boateng@example"), map[string]string{"en": "valid e-mail address", "fr": "adresse e-mail valide"}},
		{"empty name", "display_name", with(okUser, "display_name", ""), map[string]string{"en": "Full name is required", "fr": "Le champ « Nom complet » est obligatoire"}},
		{"overlong name", "display_name", with(okUser, "display_name", long), map[string]string{"en": "at most 200", "fr": "au plus 200"}},
		{"unknown role", "role", with(okUser, "role", "superuser"), map[string]string{"en": "known role", "fr": "rôle connu"}},
		{"platform admin role", "role", with(okUser, "role", "admin"), map[string]string{"en": "known role", "fr": "rôle connu"}},
		{"unknown language", "lang", with(okUser, "lang", "wo"), map[string]string{"en": "choose one of the options", "fr": "choisissez l'une des options"}},
		{"taken e-mail", "email", with(okUser, "email", e.users["B.caseworker"].Email), map[string]string{"en": "already used", "fr": "déjà utilisé"}},
	}

	for _, lang := range []string{"en", "fr"} {
		admin := e.client("admin", lang)
		orgAdmin := e.client("A.org_admin", lang)
		check := func(who string, c *admClient, path string, cases []tc, count func() int, same func() bool) {
			for _, k := range cases {
				before := count()
				code, body, _ := c.post(path, k.form)
				if code != http.StatusUnprocessableEntity {
					t.Errorf("%s %s %s (%s): status %d, want 422", lang, who, path, k.name, code)
					continue
				}
				msg := fieldError(body, k.field)
				if !strings.Contains(msg, k.want[lang]) {
					t.Errorf("%s %s (%s): message under %q is %q, want it to contain %q", lang, path, k.name, k.field, msg, k.want[lang])
				}
				if !strings.Contains(body, `class="alert bad"`) {
					t.Errorf("%s %s (%s): no summary alert", lang, path, k.name)
				}
				if after := count(); after != before {
					t.Errorf("%s %s (%s): count %d before, %d after", lang, path, k.name, before, after)
				}
				if !same() {
					t.Errorf("%s %s (%s): the record changed", lang, path, k.name)
				}
			}
		}
		always := func() bool { return true }
		check("admin", admin, "/admin/organisations", orgCases, e.countOrgs, always)

		orgA := e.org(e.orgA.ID)
		unchangedA := func() bool { return e.org(e.orgA.ID) == orgA }
		editPath := "/admin/organisations/" + e.orgA.ID.String()
		check("org admin", orgAdmin, editPath, append(orgCases, settingsCases...), e.countOrgs, unchangedA)

		users := func() int { return e.countUsers(e.orgA.ID) + e.countUsers(e.orgB.ID) }
		check("org admin", orgAdmin, "/admin/organisations/"+e.orgA.ID.String()+"/users", userCases, users, always)
	}

	// The form keeps what was typed (never a password) on a 422.
	c := e.client("admin", "en")
	_, body, _ := c.post("/admin/organisations", with(okOrg, "country", "XYZ"))
	if !strings.Contains(body, `value="Refuge Kano"`) || !strings.Contains(body, `value="4 Zoo Road, Kano"`) &&
		!strings.Contains(body, ">4 Zoo Road, Kano</textarea>") {
		t.Error("the re-rendered form lost the submitted values")
	}
	if !strings.Contains(body, `aria-invalid="true" aria-describedby="country-error"`) {
		t.Error("the invalid select is not marked aria-invalid")
	}
}

// TestAdminSelfProtection: an administrator cannot demote or disable
// themselves, nor anyone demote an organisation's last administrator; each
// refusal has a message and changes nothing.
func TestAdminSelfProtection(t *testing.T) {
	e := newAdmEnv(t)
	me := e.users["A.org_admin"]
	c := e.client("A.org_admin", "fr")
	base := "/admin/organisations/" + e.orgA.ID.String() + "/users/" + me.ID.String()
	code, body, _ := c.post(base+"/role", url.Values{"role": {"caseworker"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(fieldError(body, "role"), "autre administrateur") {
		t.Errorf("self-demotion: status %d, message %q", code, fieldError(body, "role"))
	}
	code, body, _ = c.post(base+"/disable", nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "désactiver votre propre compte") {
		t.Errorf("self-disable: status %d", code)
	}
	if e.role(me.ID, e.orgA.ID) != auth.OrgAdmin || e.user(me.ID).Disabled {
		t.Error("the administrator's own account changed")
	}
	// A platform administrator may not leave A without an administrator.
	admin := e.client("admin", "en")
	code, body, _ = admin.post(base+"/role", url.Values{"role": {"analyst"}})
	if code != http.StatusUnprocessableEntity || !strings.Contains(fieldError(body, "role"), "without an administrator") {
		t.Errorf("demoting the last administrator: status %d, message %q", code, fieldError(body, "role"))
	}
	if e.role(me.ID, e.orgA.ID) != auth.OrgAdmin {
		t.Error("the last administrator was demoted")
	}
}
