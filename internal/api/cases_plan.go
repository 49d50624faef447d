package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
)

type planItemBody struct {
	Objective    string         `json:"objective" minLength:"1" doc:"What the help should achieve; encrypted."`
	Type         PlanItemType   `json:"type"`
	Domain       OutcomeDomain  `json:"domain,omitempty"`
	Provider     string         `json:"provider,omitempty" doc:"Organisation or service giving the help."`
	PlannedStart string         `json:"planned_start,omitempty" doc:"YYYY-MM-DD."`
	PlannedEnd   string         `json:"planned_end,omitempty" doc:"YYYY-MM-DD, not before planned_start."`
	ActualStart  string         `json:"actual_start,omitempty" doc:"YYYY-MM-DD, not in the future."`
	ActualEnd    string         `json:"actual_end,omitempty" doc:"YYYY-MM-DD, not before actual_start."`
	Status       PlanItemStatus `json:"status,omitempty" doc:"planned when absent."`
	Outcome      string         `json:"outcome,omitempty" doc:"What came of it; encrypted."`
}

func (b planItemBody) item() casework.PlanItem {
	return casework.PlanItem{Objective: b.Objective, Type: string(b.Type), Domain: string(b.Domain), Provider: b.Provider,
		PlannedStart: b.PlannedStart, PlannedEnd: b.PlannedEnd, ActualStart: b.ActualStart, ActualEnd: b.ActualEnd,
		Status: string(b.Status), Outcome: b.Outcome}
}

type followUpBody struct {
	Note string     `json:"note" minLength:"1" doc:"What was checked and found; encrypted."`
	At   *time.Time `json:"at,omitempty" doc:"When the check happened; now when absent."`
}

// FollowUp is a dated check on a plan item.
type FollowUp struct {
	At   time.Time `json:"at"`
	By   uuid.UUID `json:"by" format:"uuid"`
	Note string    `json:"note"`
}

// PlanItem is one line of the reintegration plan.
type PlanItem struct {
	ID           uuid.UUID      `json:"id" format:"uuid"`
	CaseID       uuid.UUID      `json:"case_id" format:"uuid"`
	Objective    string         `json:"objective"`
	Type         PlanItemType   `json:"type"`
	Domain       OutcomeDomain  `json:"domain"`
	Provider     string         `json:"provider"`
	PlannedStart string         `json:"planned_start"`
	PlannedEnd   string         `json:"planned_end"`
	ActualStart  string         `json:"actual_start"`
	ActualEnd    string         `json:"actual_end"`
	Status       PlanItemStatus `json:"status"`
	Outcome      string         `json:"outcome"`
	FollowUps    []FollowUp     `json:"follow_ups"`
}

func planItemOut(p casework.PlanItem) PlanItem {
	out := PlanItem{ID: p.ID, CaseID: p.CaseID, Objective: p.Objective, Type: PlanItemType(p.Type),
		Domain: OutcomeDomain(p.Domain), Provider: p.Provider, PlannedStart: p.PlannedStart, PlannedEnd: p.PlannedEnd,
		ActualStart: p.ActualStart, ActualEnd: p.ActualEnd, Status: PlanItemStatus(p.Status), Outcome: p.Outcome,
		FollowUps: make([]FollowUp, 0, len(p.FollowUps))}
	for _, f := range p.FollowUps {
		out.FollowUps = append(out.FollowUps, FollowUp{At: f.At, By: f.By, Note: f.Note})
	}
	return out
}

type planItemOutput struct{ Body PlanItem }

type followUpOutput struct{ Body FollowUp }

type planOutput struct {
	Body struct {
		Items    []PlanItem                `json:"items" doc:"In the order they were added."`
		Outcomes map[string]map[string]int `json:"outcomes" doc:"Items counted by outcome group (professional, social, personal) and status."`
	}
}

func (s *server) registerPlan(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "get-case-plan", Method: http.MethodGet, Path: "/cases/{id}/plan", Tags: caseTags, Security: secured,
		Summary: "The case's reintegration plan, with follow-ups and outcomes by group",
		Errors:  []int{401, 403, 404, 422, 429},
	}, s.getPlan)
	huma.Register(a, huma.Operation{
		OperationID: "add-plan-item", Method: http.MethodPost, Path: "/cases/{id}/plan", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Add an item to the reintegration plan",
		Errors:  []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.addPlanItem)
	huma.Register(a, huma.Operation{
		OperationID: "update-plan-item", Method: http.MethodPatch, Path: "/plan-items/{id}", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusNoContent,
		Summary:     "Save a plan item",
		Description: "Send the whole item, as when adding it: every field takes the value sent and absent optional fields are emptied. GET /cases/{id}/plan shows the result.",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.updatePlanItem)
	huma.Register(a, huma.Operation{
		OperationID: "add-plan-follow-up", Method: http.MethodPost, Path: "/plan-items/{id}/follow-ups", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Record a follow-up of a plan item",
		Errors:  []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.addFollowUp)
}

func (s *server) getPlan(ctx context.Context, in *IDParam) (*planOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	items, err := s.db.ListPlan(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &planOutput{}
	out.Body.Items = make([]PlanItem, 0, len(items))
	for _, p := range items {
		out.Body.Items = append(out.Body.Items, planItemOut(p))
	}
	out.Body.Outcomes = casework.Outcomes(items)
	return out, nil
}

func (s *server) addPlanItem(ctx context.Context, in *struct {
	IDParam
	Body planItemBody
}) (*planItemOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	p := in.Body.item()
	p.CaseID = id
	if err := s.db.AddPlanItem(ctx, &p); err != nil {
		return nil, s.fail(ctx, onErased(err))
	}
	return &planItemOutput{Body: planItemOut(p)}, nil
}

func (s *server) updatePlanItem(ctx context.Context, in *struct {
	IDParam
	Body planItemBody
}) (*struct{}, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	p := in.Body.item()
	p.ID = id
	if err := s.db.UpdatePlanItem(ctx, p); err != nil {
		return nil, s.fail(ctx, onErased(err))
	}
	return &struct{}{}, nil
}

func (s *server) addFollowUp(ctx context.Context, in *struct {
	IDParam
	Body followUpBody
}) (*followUpOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	f := casework.PlanFollowUp{Note: in.Body.Note}
	if in.Body.At != nil {
		f.At = in.Body.At.UTC()
	}
	if err := s.db.AddFollowUp(ctx, id, f); err != nil {
		return nil, s.fail(ctx, onErased(err))
	}
	if f.At.IsZero() {
		f.At = s.now().UTC()
	}
	actor, _ := auth.ActorFrom(ctx)
	return &followUpOutput{Body: FollowUp{At: f.At, By: actor.UserID, Note: f.Note}}, nil
}
