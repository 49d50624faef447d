package web

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// orgForm reads the organisation fields of a submitted form into o. The
// security fields (two-factor, retention) are read only when withSettings:
// the creation form does not show them. A retention that is not a whole
// number is reported like one out of range.
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
	es := o.Validate()
	if !withSettings {
		return es
	}
	o.RequireTOTP = r.PostFormValue("require_totp") == "on"
	raw := strings.TrimSpace(r.PostFormValue("retention_days"))
	if raw == "" {
		raw = "0"
	}
	n, err := strconv.Atoi(raw)
	if err != nil {
		es = dropField(es, "retention_days")
		es.Add(valid.New("retention_days", account.RuleRange,
			map[string]any{"min": 0, "max": account.MaxRetentionDays}))
		return es
	}
	o.RetentionDays = n
	es = dropField(es, "retention_days")
	es.Add(account.Range("retention_days", n, 0, account.MaxRetentionDays))
	return es
}

// dropField removes the errors of one field (checked again by the caller).
func dropField(es valid.Errors, field string) valid.Errors {
	out := es[:0:0]
	for _, e := range es {
		if e.Field != field {
			out = append(out, e)
		}
	}
	return out
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
