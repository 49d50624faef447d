package web

import (
	"net/http"
	"strings"

	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The action plans' forms share one template (plan_form): a list of fields,
// each with its label, hint and error, and an error summary linking to each
// field in error. What each field accepts is the domain's rule (package
// plan); the pages only read numbers in the reader's convention
// (i18n.ParseNumber) before the store validates.

// napField is one field of a plan form.
type napField struct {
	Name, Label, Hint, Value, Error string
	Kind                            string // text, date, number, select, checkbox
	Options                         []napOption
	Checked                         bool
	Max                             int    // maxlength of a text field
	Described                       string // ids of the hint and the error, for aria-describedby
}

type napOption struct{ Value, Label string }

// napErrorLink is one line of the error summary.
type napErrorLink struct{ Field, Message string }

// napForm is a form page.
type napForm struct {
	Title, Action, Submit, Back, BackLabel, Intro string
	Fields                                        []napField
	Errors                                        []napErrorLink
}

// renderPlanForm shows f (status 200, or 422 with es translated into the
// fields and the summary, in the order of the fields).
func (s *Server) renderPlanForm(w http.ResponseWriter, r *http.Request, f napForm, es valid.Errors) {
	status := http.StatusOK
	if len(es) > 0 {
		status = http.StatusUnprocessableEntity
		lang := langOf(r)
		placed := map[string]bool{}
		for i := range f.Fields {
			fe := es.For(f.Fields[i].Name)
			if fe == nil {
				continue
			}
			msg := i18n.FieldMessage(lang, fe, "plan.")
			f.Fields[i].Error = msg
			f.Errors = append(f.Errors, napErrorLink{Field: f.Fields[i].Name, Message: msg})
			placed[fe.Field] = true
		}
		// An error about a field the form does not show (it should not
		// happen) is still told, linking to the form.
		for _, fe := range es {
			if !placed[fe.Field] {
				placed[fe.Field] = true
				f.Errors = append(f.Errors, napErrorLink{Message: i18n.FieldMessage(lang, fe, "plan.")})
			}
		}
	}
	for i := range f.Fields {
		var ids []string
		if f.Fields[i].Hint != "" {
			ids = append(ids, f.Fields[i].Name+"-hint")
		}
		if f.Fields[i].Error != "" {
			ids = append(ids, f.Fields[i].Name+"-error")
		}
		f.Fields[i].Described = strings.Join(ids, " ")
	}
	s.render(w, r, status, "plan_form", map[string]any{"Title": f.Title, "Form": f})
}

// field makes a field of kind with its label from the catalogue.
func (s *Server) napField(r *http.Request, name, kind, value string) napField {
	f := napField{Name: name, Kind: kind, Value: value, Label: s.t(r, "plan.field."+name, nil)}
	switch kind {
	case "date":
		f.Hint = s.t(r, "plan.hint.date", nil)
	}
	return f
}

func (s *Server) planText(r *http.Request, name, value string, max int) napField {
	f := s.napField(r, name, "text", value)
	f.Max = max
	return f
}

func (s *Server) planSelect(r *http.Request, name, value string, withNone bool, opts []napOption) napField {
	f := s.napField(r, name, "select", value)
	if withNone {
		f.Options = append(f.Options, napOption{"", s.t(r, "plan.hint.none", nil)})
	} else {
		f.Options = append(f.Options, napOption{"", s.t(r, "plan.choose", nil)})
	}
	f.Options = append(f.Options, opts...)
	return f
}

func (s *Server) countryField(r *http.Request, value string) napField {
	var opts []napOption
	for _, o := range country.Options(langOf(r)) {
		opts = append(opts, napOption{o.Code, o.Name})
	}
	return s.planSelect(r, "country", value, false, opts)
}

func (s *Server) currencyField(r *http.Request, value string) napField {
	var opts []napOption
	for _, c := range plan.Currencies {
		opts = append(opts, napOption{c, c})
	}
	return s.planSelect(r, "currency", value, true, opts)
}

func (s *Server) statusField(r *http.Request, value string) napField {
	var opts []napOption
	for _, st := range plan.Statuses {
		opts = append(opts, napOption{st, s.t(r, "plan.status."+st, nil)})
	}
	f := s.planSelect(r, "status", value, false, opts)
	f.Options = f.Options[1:] // a status is always chosen
	return f
}

// amountField is a number typed in the reader's convention.
func (s *Server) amountField(r *http.Request, name, value, hint string) napField {
	f := s.napField(r, name, "number", value)
	f.Hint = s.t(r, hint, nil)
	return f
}

// formValue is a posted value without surrounding spaces.
func formValue(r *http.Request, k string) string { return strings.TrimSpace(r.PostFormValue(k)) }

// readAmount reads a number typed in the reader's convention into a
// Decimal; "" is zero. A number that cannot be read is a field error.
func readAmount(lang, field, typed string, es *valid.Errors) plan.Decimal {
	if typed == "" {
		return 0
	}
	plain, ok := i18n.ParseNumber(lang, typed)
	if !ok {
		es.Add(valid.New(field, plan.RuleNumber, nil))
		return 0
	}
	d, rule := plan.ParseDecimal(plain)
	if rule != "" {
		es.Add(valid.New(field, rule, nil))
	}
	return d
}

// showAmount writes an amount in the reader's convention for a form.
func showAmount(lang string, d plan.Decimal) string {
	if d == 0 {
		return ""
	}
	decimals := 0
	if d%100 != 0 {
		decimals = 2
	}
	return i18n.Number(lang, d.Float(), decimals)
}
