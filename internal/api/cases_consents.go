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

type consentBody struct {
	Purpose  ConsentPurpose `json:"purpose"`
	OrgTypes []OrgType      `json:"org_types,omitempty" doc:"For a referral: the kinds of organisation the person agreed to be referred to (required then)."`
	GivenBy  ConsentGiver   `json:"given_by"`
	Method   ConsentMethod  `json:"method"`
	Language string         `json:"language,omitempty" doc:"Language the information was given in (ISO 639-1, e.g. ha, fr, en)."`
	GivenAt  *time.Time     `json:"given_at,omitempty" doc:"When it was given; now when absent."`
}

// Consent is one purpose the person (or their guardian) agreed to.
type Consent struct {
	ID          uuid.UUID      `json:"id" format:"uuid"`
	CaseID      uuid.UUID      `json:"case_id" format:"uuid"`
	Purpose     ConsentPurpose `json:"purpose"`
	OrgTypes    []OrgType      `json:"org_types"`
	GivenBy     ConsentGiver   `json:"given_by"`
	Method      ConsentMethod  `json:"method"`
	Language    string         `json:"language"`
	GivenAt     time.Time      `json:"given_at"`
	WithdrawnAt *time.Time     `json:"withdrawn_at,omitempty"`
	RecordedBy  uuid.UUID      `json:"recorded_by" format:"uuid"`
	Active      bool           `json:"active" doc:"In force now."`
}

func consentOut(c casework.Consent, now time.Time) Consent {
	return Consent{ID: c.ID, CaseID: c.CaseID, Purpose: ConsentPurpose(c.Purpose), OrgTypes: enums[OrgType](c.OrgTypes),
		GivenBy: ConsentGiver(c.GivenBy), Method: ConsentMethod(c.Method), Language: c.Language, GivenAt: c.GivenAt,
		WithdrawnAt: c.WithdrawnAt, RecordedBy: c.RecordedBy, Active: c.Active(now)}
}

type consentOutput struct{ Body Consent }

type consentListOutput struct {
	Body struct {
		Items []Consent `json:"items"`
	}
}

func (s *server) registerConsents(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-case-consents", Method: http.MethodGet, Path: "/cases/{id}/consents", Tags: caseTags,
		Security: secured, Summary: "The consents recorded for a case, withdrawn ones included",
		Errors: []int{401, 403, 404, 422, 429},
	}, s.listConsents)
	huma.Register(a, huma.Operation{
		OperationID: "add-case-consent", Method: http.MethodPost, Path: "/cases/{id}/consents", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusCreated,
		Summary:     "Record a consent for one purpose",
		Description: "Every use of the data (referral, statistics, research) checks the consents in force.",
		Errors:      []int{400, 401, 403, 404, 413, 415, 422, 429},
	}, s.addConsent)
	huma.Register(a, huma.Operation{
		OperationID: "withdraw-consent", Method: http.MethodPost, Path: "/consents/{id}/withdraw", Tags: caseTags,
		Security: secured, DefaultStatus: http.StatusNoContent,
		Summary:     "Withdraw a consent",
		Description: "From now on the purpose is no longer allowed; the record stays.",
		Errors:      []int{401, 403, 404, 409, 422, 429},
	}, s.withdrawConsent)
}

func (s *server) listConsents(ctx context.Context, in *IDParam) (*consentListOutput, error) {
	now := s.now()
	items, err := caseRecords(s, ctx, in, s.db.ListConsents, func(c casework.Consent) Consent { return consentOut(c, now) })
	if err != nil {
		return nil, err
	}
	out := &consentListOutput{}
	out.Body.Items = items
	return out, nil
}

func (s *server) addConsent(ctx context.Context, in *struct {
	IDParam
	Body consentBody
}) (*consentOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	actor, _ := auth.ActorFrom(ctx)
	b := in.Body
	// The store owns giving a consent: it normalises (no organisation types
	// but for a referral), validates and records it.
	c := casework.Consent{CaseID: id, Purpose: casework.Purpose(b.Purpose), OrgTypes: strs(b.OrgTypes), GivenBy: string(b.GivenBy),
		Method: string(b.Method), Language: b.Language, GivenAt: s.now().UTC(), RecordedBy: actor.UserID}
	if b.GivenAt != nil {
		c.GivenAt = b.GivenAt.UTC()
	}
	if err := s.db.AddConsent(ctx, &c); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &consentOutput{Body: consentOut(c, s.now())}, nil
}

func (s *server) withdrawConsent(ctx context.Context, in *IDParam) (*struct{}, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	if err := s.db.WithdrawConsent(ctx, uuid.Nil, id); err != nil {
		return nil, s.fail(ctx, where(conflictOn(err, "id", ruleWithdrawn), inPath))
	}
	return &struct{}{}, nil
}

// ruleWithdrawn: the consent was withdrawn already.
const ruleWithdrawn = "withdrawn"
