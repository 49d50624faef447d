package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// minEventRows is how many journey rows the form always offers: one per
// stage (recruitment, transit, exploitation). "Add a row" re-renders the form
// with one more, without JavaScript.
const minEventRows = 3

// eventRow is one row of the journey table as typed.
type eventRow struct {
	Kind, Country, Place, Date string
	Num                        int // 1-based, for the row's heading
	Errors                     []string
}

func (e eventRow) empty() bool {
	return strings.TrimSpace(e.Country) == "" && strings.TrimSpace(e.Place) == "" && strings.TrimSpace(e.Date) == ""
}

// caseForm is what the create and edit forms submit, kept as typed so that a
// form with errors comes back as the person left it.
type caseForm struct {
	GivenName, FamilyName, OtherNames, BirthDate, Phone, Email, Address, IdentityNumber, Narrative string

	Gender, Citizenship, Age string
	PresumedMinor            bool

	TraffickingStatus, StatusDecidedBy, Relationship, RecruitmentPlace, LabourIndustry string
	RecruitmentMethods, MethodsOfControl, Exploitation, SexExploitation                []string

	Events []eventRow

	ComplaintFiled                      bool
	ComplaintDate, Investigation        string
	Prosecution, JusticeRole            string
	ProtectionMeasures                  []string
	NonPunishment                       bool
	CompClaimed, CompReceived, Currency string

	UpdatedAt string // edit: the version the form was loaded from (RFC 3339 nano)
}

// parseCaseForm reads the submitted form. Numbers that do not parse are
// reported as field errors here; everything else is checked by
// casework.Case.Validate.
func parseCaseForm(r *http.Request) (caseForm, valid.Errors) {
	_ = r.ParseForm()
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := caseForm{
		GivenName: v("given_name"), FamilyName: v("family_name"), OtherNames: v("other_names"),
		BirthDate: v("birth_date"), Phone: v("phone"), Email: v("email"), Address: v("address"),
		IdentityNumber: v("identity_number"), Narrative: r.PostFormValue("narrative"),
		Gender: v("gender"), Citizenship: v("citizenship"), Age: v("age_when_trafficked"),
		PresumedMinor:     r.PostFormValue("presumed_minor") == "1",
		TraffickingStatus: v("trafficking_status"), StatusDecidedBy: v("status_decided_by"),
		Relationship: v("relationship"), RecruitmentPlace: v("recruitment_place"), LabourIndustry: v("labour_industry"),
		RecruitmentMethods: r.PostForm["recruitment_methods"], MethodsOfControl: r.PostForm["methods_of_control"],
		Exploitation: r.PostForm["exploitation"], SexExploitation: r.PostForm["sex_exploitation"],
		ComplaintFiled: r.PostFormValue("justice.complaint_filed") == "1", ComplaintDate: v("justice.complaint_date"),
		Investigation: v("justice.investigation"), Prosecution: v("justice.prosecution"), JusticeRole: v("justice.role"),
		ProtectionMeasures: r.PostForm["justice.protection_measures"],
		NonPunishment:      r.PostFormValue("justice.non_punishment_applied") == "1",
		CompClaimed:        v("justice.compensation_claimed"), CompReceived: v("justice.compensation_received"),
		Currency:  strings.ToUpper(v("justice.currency")),
		UpdatedAt: v("updated_at"),
	}
	kinds, countries, places, dates := r.PostForm["event_kind"], r.PostForm["event_country"], r.PostForm["event_place"], r.PostForm["event_date"]
	n := max(len(kinds), len(countries), len(places), len(dates))
	if n > casework.MaxEvents+1 {
		n = casework.MaxEvents + 1 // one over the limit is enough for the rule to speak
	}
	at := func(list []string, i int) string {
		if i < len(list) {
			return strings.TrimSpace(list[i])
		}
		return ""
	}
	for i := range n {
		f.Events = append(f.Events, eventRow{Kind: at(kinds, i), Country: at(countries, i), Place: at(places, i), Date: at(dates, i)})
	}
	var es valid.Errors
	if f.Age != "" {
		if a, err := strconv.Atoi(f.Age); err != nil || a < 0 || a > 120 {
			es.Add(valid.New("age_when_trafficked", "range", map[string]any{"min": 0, "max": 120}))
		}
	}
	for _, m := range []struct{ field, v string }{
		{"justice.compensation_claimed", f.CompClaimed}, {"justice.compensation_received", f.CompReceived},
	} {
		if m.v == "" {
			continue
		}
		if n, err := strconv.ParseInt(m.v, 10, 64); err != nil || n < 0 {
			es.Add(valid.New(m.field, "amount", nil))
		}
	}
	return f, es
}

// padEvents gives the form at least minEventRows rows, the empty ones
// prefilled with the stage they usually record.
func (f *caseForm) padEvents(extra int) {
	for len(f.Events) < minEventRows {
		f.Events = append(f.Events, eventRow{Kind: casework.EventKinds[len(f.Events)%len(casework.EventKinds)]})
	}
	for range extra {
		if len(f.Events) >= casework.MaxEvents {
			break
		}
		f.Events = append(f.Events, eventRow{Kind: "transit"})
	}
}

// apply copies the form onto c (a new case, or the stored one for an edit).
// It returns, for each event of c, the form row it came from: empty rows
// are dropped, so error paths "events[i]" must be mapped back.
func (f caseForm) apply(c *casework.Case) []int {
	c.Person = casework.Person{
		GivenName: f.GivenName, FamilyName: f.FamilyName, OtherNames: f.OtherNames, BirthDate: f.BirthDate,
		Phone: f.Phone, Email: f.Email, Address: f.Address, IdentityNumber: f.IdentityNumber, Narrative: f.Narrative,
	}
	c.Gender, c.Citizenship, c.PresumedMinor = f.Gender, f.Citizenship, f.PresumedMinor
	c.AgeWhenTrafficked = nil
	if a, err := strconv.Atoi(f.Age); err == nil {
		c.AgeWhenTrafficked = &a
	}
	c.TraffickingStatus, c.StatusDecidedBy, c.Relationship = f.TraffickingStatus, f.StatusDecidedBy, f.Relationship
	c.RecruitmentPlace, c.LabourIndustry = f.RecruitmentPlace, f.LabourIndustry
	c.RecruitmentMethods, c.MethodsOfControl = nonEmpty(f.RecruitmentMethods), nonEmpty(f.MethodsOfControl)
	c.Exploitation, c.SexExploitation = nonEmpty(f.Exploitation), nonEmpty(f.SexExploitation)
	c.Events = nil
	var rows []int
	for i, e := range f.Events {
		if e.empty() {
			continue
		}
		c.Events = append(c.Events, casework.Event{Kind: e.Kind, Country: e.Country, Place: e.Place, Date: e.Date})
		rows = append(rows, i)
	}
	j := casework.Justice{
		ComplaintFiled: f.ComplaintFiled, ComplaintDate: f.ComplaintDate, Investigation: f.Investigation,
		Prosecution: f.Prosecution, Role: f.JusticeRole, ProtectionMeasures: nonEmpty(f.ProtectionMeasures),
		NonPunishmentApplied: f.NonPunishment, Currency: f.Currency,
	}
	j.CompensationClaimed, _ = strconv.ParseInt(f.CompClaimed, 10, 64)
	j.CompensationReceived, _ = strconv.ParseInt(f.CompReceived, 10, 64)
	c.Justice = j
	return rows
}

func nonEmpty(vs []string) []string {
	var out []string
	for _, v := range vs {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// formOfCase fills the form from a stored case.
func formOfCase(c casework.Case) caseForm {
	p := c.Person
	f := caseForm{
		GivenName: p.GivenName, FamilyName: p.FamilyName, OtherNames: p.OtherNames, BirthDate: p.BirthDate,
		Phone: p.Phone, Email: p.Email, Address: p.Address, IdentityNumber: p.IdentityNumber, Narrative: p.Narrative,
		Gender: c.Gender, Citizenship: c.Citizenship, PresumedMinor: c.PresumedMinor,
		TraffickingStatus: c.TraffickingStatus, StatusDecidedBy: c.StatusDecidedBy, Relationship: c.Relationship,
		RecruitmentPlace: c.RecruitmentPlace, LabourIndustry: c.LabourIndustry,
		RecruitmentMethods: c.RecruitmentMethods, MethodsOfControl: c.MethodsOfControl,
		Exploitation: c.Exploitation, SexExploitation: c.SexExploitation,
		ComplaintFiled: c.Justice.ComplaintFiled, ComplaintDate: c.Justice.ComplaintDate,
		Investigation: c.Justice.Investigation, Prosecution: c.Justice.Prosecution, JusticeRole: c.Justice.Role,
		ProtectionMeasures: c.Justice.ProtectionMeasures, NonPunishment: c.Justice.NonPunishmentApplied,
		Currency: c.Justice.Currency,
	}
	if c.AgeWhenTrafficked != nil {
		f.Age = strconv.Itoa(*c.AgeWhenTrafficked)
	}
	if c.Justice.CompensationClaimed != 0 {
		f.CompClaimed = strconv.FormatInt(c.Justice.CompensationClaimed, 10)
	}
	if c.Justice.CompensationReceived != 0 {
		f.CompReceived = strconv.FormatInt(c.Justice.CompensationReceived, 10)
	}
	for _, e := range c.Events {
		f.Events = append(f.Events, eventRow{Kind: e.Kind, Country: e.Country, Place: e.Place, Date: e.Date})
	}
	if !c.UpdatedAt.IsZero() {
		f.UpdatedAt = c.UpdatedAt.UTC().Format(time.RFC3339Nano)
	}
	return f
}

// placeErrors moves event errors onto their form rows and returns the
// per-field messages of the rest.
func (f *caseForm) placeErrors(lang string, es valid.Errors, rows []int) map[string]string {
	msgs := map[string]string{}
	for _, e := range es {
		if strings.HasPrefix(e.Field, "events[") {
			if m := indexed.FindStringSubmatch(e.Field); m != nil {
				i, _ := strconv.Atoi(m[1])
				if i < len(rows) && rows[i] < len(f.Events) {
					row := &f.Events[rows[i]]
					fe := *e
					fe.Field = indexed.ReplaceAllString(e.Field, "["+strconv.Itoa(rows[i])+"]")
					row.Errors = append(row.Errors, caseFieldMessage(lang, &fe))
					continue
				}
			}
		}
		if _, seen := msgs[e.Field]; !seen {
			msgs[e.Field] = caseFieldMessage(lang, e)
		}
	}
	return msgs
}

// caseFormData is what case_form.html needs.
func (s *Server) caseFormData(r *http.Request, f caseForm, errs map[string]string, editID string) map[string]any {
	lang := langOf(r)
	for i := range f.Events {
		f.Events[i].Num = i + 1
	}
	if errs == nil {
		errs = map[string]string{}
	}
	return map[string]any{
		"Form":                f,
		"Errors":              errs,
		"EditID":              editID,
		"Countries":           countryOptions(lang),
		"Genders":             caseChoices(lang, "gender", casework.Genders, []string{f.Gender}),
		"TraffickingStatuses": caseChoices(lang, "trafficking_status", casework.TraffickingStatuses, []string{f.TraffickingStatus}),
		"DecisionOrgs":        caseChoices(lang, "decided_by", casework.DecisionMakingOrgs, []string{f.StatusDecidedBy}),
		"Relationships":       caseChoices(lang, "relationship", casework.Relationships, []string{f.Relationship}),
		"LabourIndustries":    caseChoices(lang, "industry", casework.LabourIndustries, []string{f.LabourIndustry}),
		"RecruitmentMethods":  caseChoices(lang, "recruitment", casework.RecruitmentMethods, f.RecruitmentMethods),
		"MethodsOfControl":    caseChoices(lang, "control", casework.MethodsOfControl, f.MethodsOfControl),
		"Exploitations":       caseChoices(lang, "exploitation", casework.ExploitationTypes, f.Exploitation),
		"SexExploitations":    caseChoices(lang, "sex_exploitation", casework.SexExploitationTypes, f.SexExploitation),
		"EventKinds":          caseChoices(lang, "event", casework.EventKinds, nil),
		"Proceedings":         caseChoices(lang, "proceeding", casework.ProceedingStatuses, nil),
		"JusticeRoles":        caseChoices(lang, "justice_role", casework.JusticeRoles, []string{f.JusticeRole}),
		"Protections":         caseChoices(lang, "protection", casework.ProtectionMeasures, f.ProtectionMeasures),
		"MaxName":             casework.MaxName,
		"MaxShort":            casework.MaxShort,
		"MaxNarrative":        casework.MaxNarrative,
	}
}
