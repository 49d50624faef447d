package web

import (
	"context"
	"net/http"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/programme/plan"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// planListItem is one line of the list of plans.
type planListItem struct {
	plan.Plan
	CountryName  string
	Organisation string // the keeping organisation, for another's plan
}

// planList lists the organisation's action plans, then those the other
// organisations of the network keep (read-only to this one).
func (s *Server) planList(w http.ResponseWriter, r *http.Request) {
	list, err := s.db.ListActionPlans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	network, err := s.db.ListNetworkActionPlans(r.Context())
	if err != nil {
		s.fail(w, r, err)
		return
	}
	items := make([]planListItem, len(list))
	for i, p := range list {
		items[i] = planListItem{Plan: p, CountryName: country.Name(langOf(r), p.Country)}
	}
	others := make([]planListItem, len(network))
	for i, p := range network {
		others[i] = planListItem{Plan: p.Plan, CountryName: country.Name(langOf(r), p.Country), Organisation: p.Organisation}
	}
	s.render(w, r, http.StatusOK, "plan_list", map[string]any{"Title": s.t(r, "plan.list.title", nil), "Plans": items,
		"Network": others, "CanEdit": actorOf(r).Can(auth.PermProgrammeEdit)})
}

func (s *Server) planCreateForm(r *http.Request, p plan.Plan) napForm {
	return napForm{Title: s.t(r, "plan.new.title", nil), Action: "/programmes/plans", Submit: s.t(r, "plan.new.submit", nil),
		Back: "/programmes/plans", BackLabel: s.t(r, "plan.back_list", nil),
		Fields: []napField{
			s.countryField(r, p.Country),
			s.planText(r, "title", p.Title, plan.MaxTitle),
			s.napField(r, "starts_on", "date", p.StartsOn),
			s.napField(r, "ends_on", "date", p.EndsOn),
			func() napField {
				f := s.planText(r, "iati_org_ref", p.IATIOrgRef, plan.MaxIATIRef)
				f.Hint = s.t(r, "plan.hint.iati_ref", nil)
				return f
			}(),
		}}
}

// planNew shows the form of a new plan.
func (s *Server) planNew(w http.ResponseWriter, r *http.Request) {
	s.renderPlanForm(w, r, s.planCreateForm(r, plan.Plan{}), nil)
}

// planCreate records a plan; bad input shows the form again (422).
func (s *Server) planCreate(w http.ResponseWriter, r *http.Request) {
	p := plan.Plan{Country: formValue(r, "country"), Title: formValue(r, "title"), StartsOn: formValue(r, "starts_on"),
		EndsOn: formValue(r, "ends_on"), IATIOrgRef: formValue(r, "iati_org_ref")}
	typed := p
	if err := s.db.CreateActionPlan(r.Context(), &p); err != nil {
		if es, ok := asFieldErrors(err); ok {
			s.renderPlanForm(w, r, s.planCreateForm(r, typed), es)
			return
		}
		s.fail(w, r, err)
		return
	}
	s.flash(r, "plan.flash.created")
	s.redirect(w, r, "/programmes/plans/"+p.ID.String())
}

// planEditForm is the form of an existing plan.
func (s *Server) planEditForm(r *http.Request, p plan.Plan) napForm {
	f := s.planCreateForm(r, p)
	base := "/programmes/plans/" + p.ID.String()
	f.Title, f.Action, f.Submit, f.Back = s.t(r, "plan.edit.title", nil), base, s.t(r, "plan.edit.submit", nil), base
	f.BackLabel = s.t(r, "plan.back", nil)
	return f
}

// planEdit shows the form of plan {id}.
func (s *Server) planEdit(w http.ResponseWriter, r *http.Request) {
	if d, ok := s.pathPlan(w, r); ok {
		s.renderPlanForm(w, r, s.planEditForm(r, d.Plan), nil)
	}
}

// planUpdate saves plan {id}; bad input shows the form again (422).
func (s *Server) planUpdate(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlan(w, r)
	if !ok {
		return
	}
	p := plan.Plan{ID: d.Plan.ID, Country: formValue(r, "country"), Title: formValue(r, "title"),
		StartsOn: formValue(r, "starts_on"), EndsOn: formValue(r, "ends_on"), IATIOrgRef: formValue(r, "iati_org_ref")}
	s.planSave(w, r, nil, func() error { return s.db.UpdateActionPlan(r.Context(), p) },
		func(valid.Errors) napForm { return s.planEditForm(r, p) }, "/programmes/plans/"+p.ID.String(), "plan.flash.updated")
}

// pathPlan is plan {id} with everything it holds, for the forms that
// change it (the store lets only the keeping organisation's coordinators
// through); false when the page has answered already.
func (s *Server) pathPlan(w http.ResponseWriter, r *http.Request) (plan.Detail, bool) {
	return s.pathPlanBy(w, r, s.db.ActionPlanToEdit)
}

// pathPlanToRead is plan {id} for reading: any reader of the network.
func (s *Server) pathPlanToRead(w http.ResponseWriter, r *http.Request) (plan.Detail, bool) {
	return s.pathPlanBy(w, r, s.db.ActionPlan)
}

func (s *Server) pathPlanBy(w http.ResponseWriter, r *http.Request,
	read func(context.Context, uuid.UUID) (plan.Detail, error)) (plan.Detail, bool) {
	id, err := pathID(r, "id")
	if err == nil {
		var d plan.Detail
		if d, err = read(r.Context(), id); err == nil {
			return d, true
		}
	}
	s.fail(w, r, err)
	return plan.Detail{}, false
}

// napStateView is one state of the progress view.
type napStateView struct {
	State      string
	Label      string
	Hint       string
	Count      int
	Activities []napActivityView
}

// napActivityView is an activity as the plan page shows it.
type napActivityView struct {
	plan.Activity
	StatusLabel string
	State       string
	StateLabel  string
	Budget      string
	Objective   string
	Project     string
}

type napIndicatorView struct {
	plan.IndicatorProgress
	Objective string
	Baseline  string
	Target    string
	Latest    string
	Expected  string
}

type napProjectView struct {
	plan.Project
	Budget string
}

// planView shows a plan with its progress view, activities, objectives,
// indicators, projects and downloads.
func (s *Server) planView(w http.ResponseWriter, r *http.Request) {
	d, ok := s.pathPlanToRead(w, r)
	if !ok {
		return
	}
	lang := langOf(r)
	today := s.today()
	prog := plan.Assess(d, today)
	state := map[uuid.UUID]plan.State{}
	for st, list := range prog.Activities {
		for _, a := range list {
			state[a.ID] = st
		}
	}
	objectives := map[uuid.UUID]string{}
	for _, o := range d.Objectives {
		objectives[o.ID] = o.Title
	}
	projects := map[uuid.UUID]string{}
	var projectViews []napProjectView
	for _, p := range d.Projects {
		projects[p.ID] = p.Title
		projectViews = append(projectViews, napProjectView{Project: p, Budget: napMoney(lang, p.Budget, p.Currency)})
	}
	view := func(a plan.Activity) napActivityView {
		st := state[a.ID]
		return napActivityView{Activity: a, StatusLabel: s.t(r, "plan.status."+string(a.Status), nil), State: string(st),
			StateLabel: s.t(r, "plan.state."+string(st), nil), Budget: napMoney(lang, a.Budget, a.Currency),
			Objective: objectives[a.ObjectiveID], Project: projects[a.ProjectID]}
	}
	var states []napStateView
	for _, st := range plan.States {
		sv := napStateView{State: st, Label: s.t(r, "plan.state."+st, nil), Hint: s.t(r, "plan.state_hint."+st, nil),
			Count: prog.Counts[plan.State(st)]}
		for _, a := range prog.Activities[plan.State(st)] {
			sv.Activities = append(sv.Activities, view(a))
		}
		states = append(states, sv)
	}
	var acts []napActivityView
	for _, a := range d.Activities {
		acts = append(acts, view(a))
	}
	var inds []napIndicatorView
	for _, ip := range prog.Indicators {
		iv := napIndicatorView{IndicatorProgress: ip, Objective: objectives[ip.ObjectiveID],
			Baseline: napFigure(lang, ip.Baseline), Target: napFigure(lang, ip.Target)}
		if ip.Latest != nil {
			iv.Latest, iv.Expected = napFigure(lang, ip.Latest.Value), napFigure(lang, ip.Expected)
		}
		inds = append(inds, iv)
	}
	s.render(w, r, http.StatusOK, "plan_view", map[string]any{
		"Title": d.Plan.Title, "Plan": d.Plan, "CountryName": country.Name(lang, d.Plan.Country),
		"AsOf": today.Format(plan.DateLayout), "States": states, "Cancelled": len(prog.Activities[plan.StateCancelled]),
		"Activities": acts, "Objectives": d.Objectives, "Indicators": inds, "Projects": projectViews,
		"CanEdit": s.db.MayEditPolicy(r.Context(), d.Plan.OrgID), "Base": "/programmes/plans/" + d.Plan.ID.String(),
	})
}

// money is an amount with its currency in the reader's convention; "" for
// no budget.
func napMoney(lang string, d plan.Decimal, currency string) string {
	if d == 0 && currency == "" {
		return ""
	}
	return i18n.Number(lang, d.Float(), 2) + " " + currency
}

// figure is an indicator's figure in the reader's convention.
func napFigure(lang string, d plan.Decimal) string {
	decimals := 0
	if d%100 != 0 {
		decimals = 2
	}
	return i18n.Number(lang, d.Float(), decimals)
}
