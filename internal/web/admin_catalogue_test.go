package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// TestAdminCatalogue checks that every message the admin pages can show
// exists in English and French: the ids in the templates, and the ids the
// code builds from lists (types, roles, actions, fields, rules).
func TestAdminCatalogue(t *testing.T) {
	ids := map[string]bool{}
	tmplID := regexp.MustCompile(`\{\{T "([^"]+)"`)
	files, err := fs.Glob(templateFiles, "templates/admin_*.html")
	if err != nil || len(files) == 0 {
		t.Fatalf("admin templates: %v %v", files, err)
	}
	for _, f := range files {
		b, err := fs.ReadFile(templateFiles, f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range tmplID.FindAllStringSubmatch(string(b), -1) {
			ids[m[1]] = true
		}
	}
	for _, ot := range account.OrgTypes {
		ids["admin.orgtype."+string(ot)] = true
	}
	for _, r := range auth.OrgRoles {
		ids["role."+string(r)] = true
	}
	for _, a := range auditActions {
		ids["admin.audit.action."+a] = true
		if fam, _, ok := strings.Cut(a, "."); ok {
			ids["admin.audit.family."+fam] = true
		}
	}
	for _, ty := range auditTypes {
		ids["admin.audit.type."+ty] = true
	}
	for _, f := range []string{"name", "type", "country", "city", "phone", "email", "website", "address", "retention_days",
		"require_totp", "display_name", "lang", "role", "status", "org", "actor", "action", "record_type", "from", "to"} {
		ids["admin.field."+f] = true
	}
	for _, r := range []string{ruleEmailTaken, ruleSelf, ruleLastAdmin, ruleDate} {
		ids["admin.error."+r] = true
	}
	for _, id := range []string{"admin.org.created", "admin.org.saved", "admin.org.edit_title", "admin.org.new_title",
		"admin.users.title", "admin.user.new_title", "admin.user.done_role", "admin.user.done_disabled",
		"admin.user.done_enabled", "admin.password.title", "admin.audit.title", "admin.audit.system",
		"admin.audit.unknown", "admin.directory.title", "admin.orgs.title"} {
		ids[id] = true
	}
	for id := range ids {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, id) {
				t.Errorf("%s: no %q", lang, id)
			}
		}
	}
	// Every rule an admin form can meet has a text (admin wording first).
	for _, rule := range append(append([]string{}, valid.Rules...), account.Rules...) {
		for _, lang := range i18n.Languages {
			if !i18n.Has(lang, "admin.error."+rule) && !i18n.Has(lang, "error."+rule) {
				t.Errorf("%s: no text for rule %q", lang, rule)
			}
		}
	}
	// The admin catalogue speaks French, not English left untranslated.
	same := 0
	for _, id := range i18n.IDs("en") {
		if strings.HasPrefix(id, "admin.") && i18n.T("en", id, nil) == i18n.T("fr", id, nil) {
			same++
		}
	}
	if same > 12 { // a few words are the same in both (Organisation, Action, Type…)
		t.Errorf("%d admin messages are identical in English and French", same)
	}
}

// TestAdminFieldMessages: messages name the field with its label and keep
// the rule's parameters; a field's first problem wins.
func TestAdminFieldMessages(t *testing.T) {
	es := valid.Errors{
		valid.New("name", valid.RuleRequired, nil),
		valid.New("name", valid.RuleTooLong, map[string]any{"max": 200}),
		valid.New("type", valid.RuleOneOf, map[string]any{"allowed": []string{"NGO", "Other"}}),
		valid.New("retention_days", account.RuleRange, map[string]any{"min": 0, "max": 36500}),
		valid.New("mystery", "no_such_rule", nil),
	}
	en, fr := fieldMessages("en", es), fieldMessages("fr", es)
	want := map[string][2]string{
		"name":           {"Name is required.", "Le champ « Nom » est obligatoire."},
		"type":           {"Type of organisation: choose one of the options in the list.", "Le champ « Type d'organisation » : choisissez l'une des options de la liste."},
		"retention_days": {"Retention of closed cases (days) must be a whole number from 0 to 36500.", "Le champ « Conservation des dossiers clos (jours) » doit être un nombre entier compris entre 0 et 36500."},
		"mystery":        {"mystery: is not valid (no_such_rule)", "mystery: is not valid (no_such_rule)"},
	}
	for f, w := range want {
		if en[f] != w[0] || fr[f] != w[1] {
			t.Errorf("%s:\n en %q\n fr %q", f, en[f], fr[f])
		}
	}
}
