package web

import (
	"net/http"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/store"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// planForm is the add-item form as typed.
type planForm struct {
	Objective, Type, Domain, Provider, PlannedStart, PlannedEnd string
}

// planUpdateForm is the update form of one item as typed.
type planUpdateForm struct {
	Status, ActualStart, ActualEnd, Outcome string
}

// casePlanAdd adds an item to the reintegration plan.
func (s *Server) casePlanAdd(w http.ResponseWriter, r *http.Request) {
	id, err := caseID(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := planForm{Objective: v("objective"), Type: v("type"), Domain: v("domain"), Provider: v("provider"),
		PlannedStart: v("planned_start"), PlannedEnd: v("planned_end")}
	it := casework.PlanItem{CaseID: id, Objective: f.Objective, Type: f.Type, Domain: f.Domain, Provider: f.Provider,
		PlannedStart: f.PlannedStart, PlannedEnd: f.PlannedEnd, Status: "planned"}
	es := it.Validate(s.today())
	if len(es) == 0 {
		err = s.db.AddPlanItem(r.Context(), &it)
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{"PlanForm": f, "PlanErrors": caseErrors(langOf(r), es)})
		return
	}
	s.flash(r, "case.flash.plan_added")
	s.redirect(w, r, "/cases/"+id.String()+"#plan")
}

// planItem finds item {item} in the plan of case {id}: an item of another
// case (or organisation) is not found.
func (s *Server) planItem(r *http.Request) (uuid.UUID, casework.PlanItem, error) {
	id, err := caseID(r)
	if err != nil {
		return id, casework.PlanItem{}, err
	}
	itemID, err := pathID(r, "item")
	if err != nil {
		return id, casework.PlanItem{}, err
	}
	items, err := s.db.ListPlan(r.Context(), id)
	if err != nil {
		return id, casework.PlanItem{}, err
	}
	for _, it := range items {
		if it.ID == itemID {
			return id, it, nil
		}
	}
	return id, casework.PlanItem{}, store.ErrNotFound
}

// casePlanUpdate changes an item's status, actual dates and outcome.
func (s *Server) casePlanUpdate(w http.ResponseWriter, r *http.Request) {
	id, it, err := s.planItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	v := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	f := planUpdateForm{Status: v("status"), ActualStart: v("actual_start"), ActualEnd: v("actual_end"), Outcome: r.PostFormValue("outcome")}
	it.Status, it.ActualStart, it.ActualEnd, it.Outcome = f.Status, f.ActualStart, f.ActualEnd, f.Outcome
	if it.Status == "" {
		it.Status = "-" // an empty status is not a choice here: let the rule speak
	}
	es := it.Validate(s.today())
	if len(es) == 0 {
		err = s.db.UpdatePlanItem(r.Context(), it)
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{
			"PlanItemErrors": map[uuid.UUID]map[string]string{it.ID: caseErrors(langOf(r), es)},
			"PlanItemForms":  map[uuid.UUID]planUpdateForm{it.ID: f},
		})
		return
	}
	s.flash(r, "case.flash.plan_updated")
	s.redirect(w, r, "/cases/"+id.String()+"#plan")
}

// casePlanFollowUp adds a dated follow-up note to an item.
func (s *Server) casePlanFollowUp(w http.ResponseWriter, r *http.Request) {
	id, it, err := s.planItem(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	note := strings.TrimSpace(r.PostFormValue("note"))
	var es valid.Errors
	es.Add(valid.Required("note", note))
	es.Add(valid.MaxLen("note", note, casework.MaxNote))
	if len(es) == 0 {
		err = s.db.AddFollowUp(r.Context(), it.ID, casework.PlanFollowUp{At: s.now().UTC(), By: actorOf(r).UserID, Note: note})
		if fes, ok := asFieldErrors(err); ok {
			es = fes
		} else if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if len(es) > 0 {
		s.showCase(w, r, http.StatusUnprocessableEntity, map[string]any{
			"PlanItemErrors": map[uuid.UUID]map[string]string{it.ID: caseErrors(langOf(r), es)},
		})
		return
	}
	s.flash(r, "case.flash.followup_added")
	s.redirect(w, r, "/cases/"+id.String()+"#plan")
}
