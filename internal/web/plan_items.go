package web

import (
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The forms that add to a plan (activities, objectives, indicators and their
// values, projects) and change an activity. Each reads the plan first as
// the store lets a writer read it, so another organisation's plan is 404
// before any form is shown (though its readers see the plan itself).

func (s *Server) planBase(d plan.Detail) string { return "/programmes/plans/" + d.Plan.ID.String() }

func (s *Server) objectiveOptions(d plan.Detail) []napOption {
	var out []napOption
	for _, o := range d.Objectives {
		out = append(out, napOption{o.ID.String(), o.Title})
	}
	return out
}

func idText(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// activityForm is the form of an activity: a new one (a.ID nil) or a change.
func (s *Server) activityForm(r *http.Request, d plan.Detail, a plan.Activity, budget string) napForm {
	base := s.planBase(d)
	f := napForm{Title: s.t(r, "plan.activity.new.title", nil), Action: base + "/activities",
		Submit: s.t(r, "plan.activity.submit", nil), Back: base, BackLabel: s.t(r, "plan.back", nil)}
	if a.ID != uuid.Nil {
		f.Title, f.Action = s.t(r, "plan.activity.edit.title", nil), base+"/activities/"+a.ID.String()
	}
	var projects []napOption
	for _, p := range d.Projects {
		projects = append(projects, napOption{p.ID.String(), p.Title})
	}
	risk := s.napField(r, "at_risk", "checkbox", "")
	risk.Checked, risk.Hint = a.AtRisk, s.t(r, "plan.hint.at_risk", nil)
	f.Fields = []napField{
		s.planText(r, "title", a.Title, plan.MaxTitle),
		s.planText(r, "responsible", a.Responsible, plan.MaxAgency),
		s.planSelect(r, "objective_id", idText(a.ObjectiveID), true, s.objectiveOptions(d)),
		s.planSelect(r, "project_id", idText(a.ProjectID), true, projects),
		s.amountField(r, "budget", budget, "plan.hint.budget"),
		s.currencyField(r, a.Currency),
		s.napField(r, "starts_on", "date", a.StartsOn),
		s.napField(r, "due_on", "date", a.DueOn),
		s.statusField(r, string(a.Status)),
		risk,
	}
	return f
}

// readActivity reads the activity form.
func readActivity(r *http.Request, planID uuid.UUID) (plan.Activity, string, valid.Errors) {
	var es valid.Errors
	budget := formValue(r, "budget")
	a := plan.Activity{PlanID: planID, Title: formValue(r, "title"), Responsible: formValue(r, "responsible"),
		Budget: readAmount(langOf(r), "budget", budget, &es), Currency: formValue(r, "currency"),
		StartsOn: formValue(r, "starts_on"), DueOn: formValue(r, "due_on"), Status: plan.Status(formValue(r, "status")),
		AtRisk:      r.PostFormValue("at_risk") != "",
		ObjectiveID: formID(r, "objective_id", &es), ProjectID: formID(r, "project_id", &es)}
	if len(es) > 0 {
		// Tell the domain's other rules too, in one go.
		typed := a
		es = append(es, typed.Validate()...)
	}
	return a, budget, es
}

// formID reads an optional identifier chosen in a list.
func formID(r *http.Request, field string, es *valid.Errors) uuid.UUID {
	v := formValue(r, field)
	if v == "" {
		return uuid.Nil
	}
	id, err := uuid.Parse(v)
	if err != nil {
		es.Add(valid.New(field, plan.RuleNotInPlan, nil))
	}
	return id
}

// planActivityNew shows the form of a new activity.
func (s *Server) planActivityNew(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.pathPlan(w, r); ok {
		s.renderPlanForm(w, r, s.activityForm(r, d, plan.Activity{Status: plan.Planned}, ""), nil)
	}
}

// planActivityCreate adds an activity.
func (s *Server) planActivityCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	a, budget, es := readActivity(r, d.Plan.ID)
	s.planSave(w, r, es, func() error { typed := a; return s.db.AddActivity(r.Context(), &typed) },
		func(es valid.Errors) napForm { return s.activityForm(r, d, a, budget) }, s.planBase(d), "plan.flash.activity")
}

// planActivity is activity {item} of plan d; false when the page answered.
func (s *Server) planActivity(w http.ResponseWriter, r *http.Request, d plan.Detail) (plan.Activity, bool) {
	id, err := pathID(r, "item")
	if err == nil {
		for _, a := range d.Activities {
			if a.ID == id {
				return a, true
			}
		}
	}
	s.fail(w, r, store.ErrNotFound)
	return plan.Activity{}, false
}

// planActivityEdit shows the form of an activity, to change its status,
// its at-risk flag or any field.
func (s *Server) planActivityEdit(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	if a, ok := s.planActivity(w, r, d); ok {
		s.renderPlanForm(w, r, s.activityForm(r, d, a, showAmount(langOf(r), a.Budget)), nil)
	}
}

// planActivityUpdate saves an activity.
func (s *Server) planActivityUpdate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	old, ok := s.planActivity(w, r, d)
	if !ok {
		return
	}
	a, budget, es := readActivity(r, d.Plan.ID)
	a.ID = old.ID
	s.planSave(w, r, es, func() error { return s.db.UpdateActivity(r.Context(), a) },
		func(es valid.Errors) napForm { return s.activityForm(r, d, a, budget) }, s.planBase(d), "plan.flash.activity")
}

// planSave runs save unless the form already has errors; field errors
// show the form again (422), success goes back to the plan with a flash.
func (s *Server) planSave(w http.ResponseWriter, r *http.Request, es valid.Errors, save func() error,
	form func(valid.Errors) napForm, back, flash string) {
	if len(es) == 0 {
		err := save()
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.renderPlanForm(w, r, form(es), es)
		return
	}
	s.flash(r, flash)
	s.redirect(w, r, back)
}

func (s *Server) objectiveForm(r *http.Request, d plan.Detail, o plan.Objective) napForm {
	base := s.planBase(d)
	return napForm{Title: s.t(r, "plan.objective.new.title", nil), Action: base + "/objectives",
		Submit: s.t(r, "plan.objective.submit", nil), Back: base, BackLabel: s.t(r, "plan.back", nil),
		Fields: []napField{s.planText(r, "title", o.Title, plan.MaxTitle)}}
}

// planObjectiveNew shows the form of a new objective.
func (s *Server) planObjectiveNew(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.pathPlan(w, r); ok {
		s.renderPlanForm(w, r, s.objectiveForm(r, d, plan.Objective{}), nil)
	}
}

// planObjectiveCreate adds an objective.
func (s *Server) planObjectiveCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	o := plan.Objective{PlanID: d.Plan.ID, Title: formValue(r, "title")}
	s.planSave(w, r, nil, func() error { typed := o; return s.db.AddObjective(r.Context(), &typed) },
		func(valid.Errors) napForm { return s.objectiveForm(r, d, o) }, s.planBase(d), "plan.flash.objective")
}

type indicatorTyped struct{ Name, Unit, Objective, Baseline, Target string }

func (s *Server) indicatorForm(r *http.Request, d plan.Detail, t indicatorTyped) napForm {
	base := s.planBase(d)
	return napForm{Title: s.t(r, "plan.indicator.new.title", nil), Action: base + "/indicators",
		Submit: s.t(r, "plan.indicator.submit", nil), Back: base, BackLabel: s.t(r, "plan.back", nil),
		Fields: []napField{
			s.planText(r, "name", t.Name, plan.MaxTitle),
			s.planText(r, "unit", t.Unit, plan.MaxUnit),
			s.planSelect(r, "objective_id", t.Objective, true, s.objectiveOptions(d)),
			s.amountField(r, "baseline", t.Baseline, "plan.hint.figure"),
			s.amountField(r, "target", t.Target, "plan.hint.figure"),
		}}
}

// planIndicatorNew shows the form of a new indicator.
func (s *Server) planIndicatorNew(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.pathPlan(w, r); ok {
		s.renderPlanForm(w, r, s.indicatorForm(r, d, indicatorTyped{}), nil)
	}
}

// planIndicatorCreate adds an indicator.
func (s *Server) planIndicatorCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	t := indicatorTyped{Name: formValue(r, "name"), Unit: formValue(r, "unit"), Objective: formValue(r, "objective_id"),
		Baseline: formValue(r, "baseline"), Target: formValue(r, "target")}
	var es valid.Errors
	lang := langOf(r)
	ind := plan.Indicator{PlanID: d.Plan.ID, Name: t.Name, Unit: t.Unit, ObjectiveID: formID(r, "objective_id", &es),
		Baseline: readAmount(lang, "baseline", t.Baseline, &es), Target: readAmount(lang, "target", t.Target, &es)}
	s.planSave(w, r, es, func() error { return s.db.AddIndicator(r.Context(), &ind) },
		func(valid.Errors) napForm { return s.indicatorForm(r, d, t) }, s.planBase(d), "plan.flash.indicator")
}

// planIndicator is indicator {item} of plan d; false when the page answered.
func (s *Server) planIndicator(w http.ResponseWriter, r *http.Request, d plan.Detail) (plan.Indicator, bool) {
	id, err := pathID(r, "item")
	if err == nil {
		for _, i := range d.Indicators {
			if i.ID == id {
				return i, true
			}
		}
	}
	s.fail(w, r, store.ErrNotFound)
	return plan.Indicator{}, false
}

func (s *Server) valueForm(r *http.Request, d plan.Detail, ind plan.Indicator, period, value string) napForm {
	base := s.planBase(d)
	p := s.napField(r, "period", "text", period)
	p.Hint, p.Max = s.t(r, "plan.hint.period", nil), len(plan.DateLayout)
	return napForm{Title: s.t(r, "plan.value.title", map[string]any{"Name": ind.Name}),
		Action: base + "/indicators/" + ind.ID.String() + "/values", Submit: s.t(r, "plan.value.submit", nil), Back: base,
		BackLabel: s.t(r, "plan.back", nil),
		Fields:    []napField{p, s.amountField(r, "value", value, "plan.hint.figure")}}
}

// planValueNew shows the form of an indicator's value.
func (s *Server) planValueNew(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	if ind, ok := s.planIndicator(w, r, d); ok {
		s.renderPlanForm(w, r, s.valueForm(r, d, ind, "", ""), nil)
	}
}

// planValueCreate records an indicator's value for a period.
func (s *Server) planValueCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	ind, ok := s.planIndicator(w, r, d)
	if !ok {
		return
	}
	period, typed := formValue(r, "period"), formValue(r, "value")
	var es valid.Errors
	if typed == "" {
		es.Add(valid.New("value", valid.RuleRequired, nil))
	}
	v := plan.Value{Period: period, Value: readAmount(langOf(r), "value", typed, &es)}
	s.planSave(w, r, es, func() error { return s.db.RecordIndicatorValue(r.Context(), d.Plan.ID, ind.ID, v) },
		func(valid.Errors) napForm { return s.valueForm(r, d, ind, period, typed) }, s.planBase(d), "plan.flash.value")
}

func (s *Server) projectForm(r *http.Request, d plan.Detail, p plan.Project, budget string) napForm {
	base := s.planBase(d)
	ref := s.planText(r, "donor_ref", p.DonorRef, plan.MaxIATIRef)
	ref.Hint = s.t(r, "plan.hint.iati_ref", nil)
	id := s.planText(r, "iati_identifier", p.IATIIdentifier, plan.MaxIATIRef)
	cur := s.currencyField(r, p.Currency)
	cur.Options[0].Label = s.t(r, "plan.choose", nil)
	return napForm{Title: s.t(r, "plan.project.new.title", nil), Action: base + "/projects",
		Submit: s.t(r, "plan.project.submit", nil), Back: base, BackLabel: s.t(r, "plan.back", nil),
		Fields: []napField{
			s.planText(r, "title", p.Title, plan.MaxTitle),
			s.planText(r, "donor", p.Donor, plan.MaxAgency),
			ref,
			s.amountField(r, "budget", budget, "plan.hint.amount"),
			cur,
			id,
			s.napField(r, "starts_on", "date", p.StartsOn),
			s.napField(r, "ends_on", "date", p.EndsOn),
		}}
}

// planProjectNew shows the form of a new donor-funded project.
func (s *Server) planProjectNew(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.pathPlan(w, r); ok {
		s.renderPlanForm(w, r, s.projectForm(r, d, plan.Project{}, ""), nil)
	}
}

// planProjectCreate adds a donor-funded project.
func (s *Server) planProjectCreate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	var es valid.Errors
	budget := formValue(r, "budget")
	if budget == "" {
		es.Add(valid.New("budget", valid.RuleRequired, nil))
	}
	p := plan.Project{PlanID: d.Plan.ID, Title: formValue(r, "title"), Donor: formValue(r, "donor"),
		DonorRef: formValue(r, "donor_ref"), Budget: readAmount(langOf(r), "budget", budget, &es),
		Currency: formValue(r, "currency"), IATIIdentifier: formValue(r, "iati_identifier"),
		StartsOn: formValue(r, "starts_on"), EndsOn: formValue(r, "ends_on")}
	if len(es) > 0 {
		// Show the domain's other rules too, in one go.
		typed := p
		es = append(es, typed.Validate()...)
	}
	s.planSave(w, r, es, func() error { typed := p; return s.db.AddProject(r.Context(), &typed) },
		func(valid.Errors) napForm { return s.projectForm(r, d, p, budget) }, s.planBase(d), "plan.flash.project")
}
