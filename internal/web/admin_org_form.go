package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// orgForm reads the organisation fields of a submitted form into o and
// validates them. The security settings (two-factor, retention) are read only
// when withSettings: the creation form does not show them. A retention that
// is not a whole number is reported like one out of range (o keeps its old
// value, so Validate does not report it twice).
func orgForm(r *http.Request, o *account.Organisation, withSettings bool) valid.Errors {
	o.Name = r.PostFormValue("name")
	o.Type = account.OrgType(r.PostFormValue("type"))
	o.Country = r.PostFormValue("country")
	o.City = r.PostFormValue("city")
	o.Phone = r.PostFormValue("phone")
	o.Email = r.PostFormValue("email")
	o.Website = r.PostFormValue("website")
	o.Address = r.PostFormValue("address")
	o.Normalise()
	var es valid.Errors
	if withSettings {
		o.RequireTOTP = r.PostFormValue("require_totp") == "on"
		raw := strings.TrimSpace(r.PostFormValue("retention_days"))
		if raw == "" {
			raw = "0"
		}
		if n, err := strconv.Atoi(raw); err == nil {
			o.RetentionDays = n
		} else {
			es.Add(valid.New("retention_days", account.RuleRange, map[string]any{"min": 0, "max": account.MaxRetentionDays}))
		}
	}
	return append(o.Validate(), es...)
}

// orgFormData is what admin_org_form.html needs, for a new or an existing
// organisation.
func (s *Server) orgFormData(r *http.Request, o account.Organisation, es valid.Errors, isNew bool) map[string]any {
	lang := langOf(r)
	title, action := s.t(r, "admin.org.edit_title", map[string]any{"Name": o.Name}), "/admin/organisations/"+o.ID.String()
	if isNew {
		title, action = s.t(r, "admin.org.new_title", nil), "/admin/organisations"
	}
	return map[string]any{
		"Title":     title,
		"New":       isNew,
		"Action":    action,
		"Org":       o,
		"Retention": strconv.Itoa(o.RetentionDays),
		"Types":     orgTypeOptions(lang),
		"Countries": countryOptions(lang),
		"Errors":    fieldMessages(lang, es),
		"Limits": map[string]int{
			"Name": account.MaxOrgName, "City": account.MaxCity, "Phone": account.MaxPhone,
			"Email": valid.MaxEmail, "Website": account.MaxWebsite, "Address": account.MaxAddress,
			"Retention": account.MaxRetentionDays,
		},
	}
}
