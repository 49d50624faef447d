package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/referral"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Referrals: every rule (consent, offers, workflow, what the receiver sees)
// is the store's and the referral package's; this file only translates JSON.

var referralTags = []string{"referrals"}

// ReferralUrgency is how soon the receiver must acknowledge.
type ReferralUrgency string

// Schema lists the urgencies.
func (ReferralUrgency) Schema(huma.Registry) *huma.Schema {
	return enumSchema("How soon the receiver must acknowledge; the deadline is the sending organisation's for it.",
		referral.UrgencyValues())
}

// ReferralStatus is where a referral stands.
type ReferralStatus string

// Schema lists the statuses.
func (ReferralStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("sent -> acknowledged -> accepted or declined -> in_service -> completed; revoked by the sender.",
		referral.StatusValues())
}

// ReferralField is a shareable field of a case.
type ReferralField string

// Schema lists the fields.
func (ReferralField) Schema(huma.Registry) *huma.Schema {
	return enumSchema("A shareable field of a case, from a fixed list.", referral.FieldValues())
}

// ReferralDirection chooses received or sent referrals.
type ReferralDirection string

// Schema lists the directions.
func (ReferralDirection) Schema(huma.Registry) *huma.Schema {
	return enumSchema("incoming: received by the caller's organisation; outgoing: sent by it.", store.Directions)
}

// OutcomeStatus says whether the service is under way or done.
type OutcomeStatus string

// Schema lists the outcome statuses.
func (OutcomeStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Whether the service is under way or done.", referral.OutcomeStatuses)
}

// Referral is one referral as the caller's side sees it.
type Referral struct {
	ID           uuid.UUID         `json:"id" format:"uuid"`
	FromOrgID    uuid.UUID         `json:"from_organisation_id" format:"uuid"`
	ToOrgID      uuid.UUID         `json:"to_organisation_id" format:"uuid"`
	Peer         string            `json:"peer,omitempty" doc:"The deployment holding the receiver, when remote."`
	CaseID       *uuid.UUID        `json:"case_id,omitempty" format:"uuid" doc:"The sender's case: for the sender only."`
	LinkedCaseID *uuid.UUID        `json:"linked_case_id,omitempty" format:"uuid" doc:"The receiver's own linked case: for the receiver only."`
	Services     []DirService      `json:"services"`
	Urgency      ReferralUrgency   `json:"urgency"`
	Purpose      string            `json:"purpose"`
	Message      string            `json:"message"`
	Share        []ReferralField   `json:"share" doc:"The names of the fields shared."`
	Status       ReferralStatus    `json:"status"`
	Reason       string            `json:"reason,omitempty" doc:"Why it was declined."`
	AckDue       time.Time         `json:"acknowledge_by"`
	Overdue      bool              `json:"overdue" doc:"Not acknowledged by its deadline."`
	CreatedAt    time.Time         `json:"created_at"`
	UpdatedAt    time.Time         `json:"updated_at"`
	Shared       map[string]string `json:"shared,omitempty" doc:"For the receiver: exactly the shared fields' values while the referral keeps them; empty once declined, revoked or the consent withdrawn."`
}

func referralOut(r referral.Referral, now time.Time) Referral {
	out := Referral{ID: r.ID, FromOrgID: r.FromOrgID, ToOrgID: r.ToOrgID, Peer: r.Peer,
		Services: enums[DirService](vocabStrings(r.Services)), Urgency: ReferralUrgency(r.Urgency),
		Purpose: r.Purpose, Message: r.Message, Share: enums[ReferralField](vocabStrings(r.Share)),
		Status: ReferralStatus(r.Status), Reason: r.Reason, AckDue: r.AckDue, Overdue: r.Overdue(now),
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
	if r.CaseID != uuid.Nil {
		out.CaseID = &r.CaseID
	}
	if r.LinkedCaseID != uuid.Nil {
		id := r.LinkedCaseID
		out.LinkedCaseID = &id
		out.Shared = map[string]string{}
		for f, v := range r.Shared {
			out.Shared[string(f)] = v
		}
	}
	return out
}

func vocabStrings[T ~string](vs []T) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = string(v)
	}
	return out
}

type referralOutput struct{ Body Referral }

type referralBody struct {
	CaseID   uuid.UUID       `json:"case_id" format:"uuid"`
	ToOrgID  uuid.UUID       `json:"to_organisation_id" format:"uuid"`
	Services []DirService    `json:"services" minItems:"1"`
	Urgency  ReferralUrgency `json:"urgency,omitempty" doc:"routine when absent."`
	Purpose  string          `json:"purpose"`
	Message  string          `json:"message,omitempty"`
	Share    []ReferralField `json:"share" minItems:"1" doc:"Names of the fields to share (see GET /cases/{id}/shareable); each must be allowed by the person's referral consent for the receiver's type."`
}

type shareableQuery struct {
	IDParam
	To string `query:"to" doc:"The organisation the referral would go to (required)."`
}

// ShareableField is one field of a case and whether it may go to the receiver.
type ShareableField struct {
	Field   ReferralField `json:"field"`
	Allowed bool          `json:"allowed"`
	Rule    string        `json:"rule,omitempty" doc:"Why not, when not allowed (e.g. consent_not_covering)."`
}

type shareableOutput struct {
	Body struct {
		Items []ShareableField `json:"items"`
	}
}

type referralListQuery struct {
	Direction ReferralDirection `query:"direction" required:"true"`
	Status    ReferralStatus    `query:"status"`
}

type referralListOutput struct {
	Body struct {
		Items []Referral `json:"items"`
	}
}

type declineBody struct {
	Reason string `json:"reason" doc:"Why the organisation cannot help; required."`
}

type outcomeBody struct {
	Service DirService    `json:"service"`
	Status  OutcomeStatus `json:"status"`
	Outcome string        `json:"outcome" doc:"What was done; it becomes an item of the sender's reintegration plan."`
}

type outcomeOutput struct {
	Body struct {
		PlanItemID uuid.UUID `json:"plan_item_id" format:"uuid"`
	}
}

func (s *server) registerReferrals(a huma.API) {
	write := huma.Middlewares{requirePerm(auth.PermCaseWrite)}
	read := huma.Middlewares{requirePerm(auth.PermCaseRead)}
	huma.Register(a, huma.Operation{
		OperationID: "case-shareable-fields", Method: http.MethodGet, Path: "/cases/{id}/shareable", Tags: referralTags,
		Security: secured, Middlewares: write,
		Summary:     "The fields of a case that may be shared with an organisation",
		Description: "Each shareable field with whether the person's referral consent in force allows it for the receiver's type of organisation, and when not, the rule.",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.shareable)
	huma.Register(a, huma.Operation{
		OperationID: "send-referral", Method: http.MethodPost, Path: "/referrals", Tags: referralTags,
		Security: secured, Middlewares: write, DefaultStatus: http.StatusCreated,
		Summary:     "Refer a case to another organisation",
		Description: "The receiver gets its own linked case holding only the fields shared. Refused (422, naming the field and rule) when the consent does not cover the receiver's type, a field is not allowed, the receiver does not offer a service or accepts no referrals now, or the receiver is the sender.",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.sendReferral)
	huma.Register(a, huma.Operation{
		OperationID: "list-referrals", Method: http.MethodGet, Path: "/referrals", Tags: referralTags,
		Security: secured, Middlewares: read,
		Summary: "Referrals received or sent by the caller's organisation, newest first",
		Errors:  []int{401, 403, 422, 429},
	}, s.listReferrals)
	huma.Register(a, huma.Operation{
		OperationID: "get-referral", Method: http.MethodGet, Path: "/referrals/{id}", Tags: referralTags,
		Security: secured, Middlewares: read,
		Summary:     "One referral",
		Description: "The receiver sees `shared`: exactly the fields shared, read from its own linked case.",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.getReferral)
	for _, act := range referral.Actions {
		op := huma.Operation{
			OperationID: string(act) + "-referral", Method: http.MethodPost, Path: "/referrals/{id}/" + string(act),
			Tags: referralTags, Security: secured, Middlewares: write,
			Summary: "Referral step: " + string(act),
			Errors:  []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
		}
		switch act {
		case referral.Decline:
			op.Description = "The receiver declines; a reason is required. The shared fields leave the linked case at once."
			huma.Register(a, op, s.declineReferral)
		case referral.Revoke:
			op.Description = "The sender revokes before completion; the shared fields leave the receiver's linked case at once."
			huma.Register(a, op, s.stepReferral(act))
		default:
			huma.Register(a, op, s.stepReferral(act))
		}
	}
	huma.Register(a, huma.Operation{
		OperationID: "add-referral-outcome", Method: http.MethodPost, Path: "/referrals/{id}/outcomes", Tags: referralTags,
		Security: secured, Middlewares: write, DefaultStatus: http.StatusCreated,
		Summary:     "Record a service outcome of an accepted referral",
		Description: "The receiver records it; it becomes an item of the sender's reintegration plan.",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
	}, s.addReferralOutcome)
}

func (s *server) shareable(ctx context.Context, in *shareableQuery) (*shareableOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	to := uuid.Nil // none: the store names the field once the case is known
	if in.To != "" {
		if to, err = parseUUIDField(ctx, "query.to", in.To); err != nil {
			return nil, err
		}
	}
	fs, err := s.db.Shareable(ctx, id, to)
	if err != nil {
		return nil, s.fail(ctx, where(err, func(f string) string {
			if f == "to_organisation_id" {
				return "query.to"
			}
			return inQuery(f)
		}))
	}
	out := &shareableOutput{}
	out.Body.Items = make([]ShareableField, len(fs))
	for i, f := range fs {
		out.Body.Items[i] = ShareableField{Field: ReferralField(f.Field), Allowed: f.Allowed, Rule: f.Rule}
	}
	return out, nil
}

func (s *server) sendReferral(ctx context.Context, in *struct{ Body referralBody }) (*referralOutput, error) {
	b := in.Body
	r := referral.Referral{CaseID: b.CaseID, ToOrgID: b.ToOrgID, Urgency: referral.Urgency(b.Urgency),
		Purpose: b.Purpose, Message: b.Message}
	for _, sv := range b.Services {
		r.Services = append(r.Services, directory.Service(sv))
	}
	for _, f := range b.Share {
		r.Share = append(r.Share, referral.Field(f))
	}
	if err := s.db.CreateReferral(ctx, &r); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &referralOutput{Body: referralOut(r, s.now())}, nil
}

func (s *server) listReferrals(ctx context.Context, in *referralListQuery) (*referralListOutput, error) {
	rs, err := s.db.ListReferrals(ctx, store.Direction(in.Direction), referral.Status(in.Status))
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	out := &referralListOutput{}
	out.Body.Items = make([]Referral, len(rs))
	now := s.now()
	for i, r := range rs {
		out.Body.Items[i] = referralOut(r, now)
	}
	return out, nil
}

func (s *server) getReferral(ctx context.Context, in *IDParam) (*referralOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	r, err := s.db.GetReferral(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &referralOutput{Body: referralOut(r, s.now())}, nil
}

// afterStep answers a step with the referral as it now stands.
func (s *server) afterStep(ctx context.Context, id uuid.UUID, err error) (*referralOutput, error) {
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return s.getReferral(ctx, &IDParam{ID: id.String()})
}

func (s *server) stepReferral(act referral.Action) func(context.Context, *IDParam) (*referralOutput, error) {
	return func(ctx context.Context, in *IDParam) (*referralOutput, error) {
		id, err := pathID(ctx, *in)
		if err != nil {
			return nil, err
		}
		return s.afterStep(ctx, id, s.db.StepReferral(ctx, id, act, ""))
	}
}

func (s *server) declineReferral(ctx context.Context, in *struct {
	IDParam
	Body declineBody
}) (*referralOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	return s.afterStep(ctx, id, s.db.StepReferral(ctx, id, referral.Decline, in.Body.Reason))
}

func (s *server) addReferralOutcome(ctx context.Context, in *struct {
	IDParam
	Body outcomeBody
}) (*outcomeOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	item, err := s.db.AddReferralOutcome(ctx, id, referral.Outcome{Service: directory.Service(in.Body.Service),
		Status: string(in.Body.Status), Outcome: in.Body.Outcome})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &outcomeOutput{}
	out.Body.PlanItemID = item
	return out, nil
}
