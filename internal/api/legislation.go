package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
	"github.com/passerelle-org/passerelle/internal/legislation"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Legislation against the Protocol: the catalogue of requirements in the
// request's language, the organisation's assessments of a country's law,
// their findings and their gaps. The same store methods as the pages: the
// store checks scope (every holder of programme.view reads any
// organisation's assessment; another organisation's is 404 to a writer) and
// permission, validates through internal/legislation and audits; the role
// checks here only answer 403 before the input is read.

var legislationTags = []string{"legislation"}

// LegislationInstrument is the treaty a requirement comes from.
type LegislationInstrument string

// Schema lists the instruments.
func (LegislationInstrument) Schema(huma.Registry) *huma.Schema {
	return enumSchema("palermo: the UN Protocol on trafficking in persons (2000); coe: the Council of Europe Convention on Action against Trafficking in Human Beings (2005).",
		legislation.InstrumentStrings())
}

// LegislationStatus is how far a country's law meets a requirement.
type LegislationStatus string

// Schema lists the statuses.
func (LegislationStatus) Schema(huma.Registry) *huma.Schema {
	return enumSchema("How far the law meets the requirement; unknown when not (yet) assessed.", legislation.StatusStrings())
}

// LegislationRequirement is one requirement of the catalogue, in the
// request's language.
type LegislationRequirement struct {
	ID          string                `json:"id" doc:"Stable code of the requirement."`
	Instrument  LegislationInstrument `json:"instrument"`
	Article     string                `json:"article" doc:"The article's number in the instrument."`
	Paragraph   string                `json:"paragraph,omitempty" doc:"Where in the article, e.g. 2(a)."`
	Title       string                `json:"title"`
	Explanation string                `json:"explanation" doc:"What the requirement asks of national law, in short."`
}

func legislationRequirementOut(lang string, r legislation.Requirement) LegislationRequirement {
	return LegislationRequirement{ID: r.ID, Instrument: LegislationInstrument(r.Instrument), Article: r.Article,
		Paragraph: r.Paragraph, Title: i18n.T(lang, r.TitleID(), nil), Explanation: i18n.T(lang, r.ExplanationID(), nil)}
}

type legislationRequirementsOutput struct {
	Body struct {
		Items []LegislationRequirement `json:"items" doc:"In catalogue order: the Protocol, then the Convention, by article."`
	}
}

// LegislationItem is the finding on one requirement.
type LegislationItem struct {
	RequirementID string            `json:"requirement_id"`
	Status        LegislationStatus `json:"status"`
	Provision     string            `json:"provision" doc:"The national provision cited."`
	Evidence      string            `json:"evidence" doc:"Why this status: what the provision says or lacks."`
	UpdatedAt     time.Time         `json:"updated_at"`
	UpdatedBy     uuid.UUID         `json:"updated_by" format:"uuid"`
}

func legislationItemOut(it legislation.Item) LegislationItem {
	return LegislationItem{RequirementID: it.RequirementID, Status: LegislationStatus(it.Status), Provision: it.Provision,
		Evidence: it.Evidence, UpdatedAt: it.UpdatedAt, UpdatedBy: it.UpdatedBy}
}

// LegislationAssessment is an assessment; Items only when one is read.
type LegislationAssessment struct {
	ID         uuid.UUID         `json:"id" format:"uuid"`
	Country    string            `json:"country" doc:"ISO 3166-1 alpha-3."`
	AssessedOn string            `json:"assessed_on" doc:"The day the law was read (YYYY-MM-DD)."`
	Title      string            `json:"title"`
	AssessorID uuid.UUID         `json:"assessor_id" format:"uuid"`
	Assessor   string            `json:"assessor" doc:"The assessor's name."`
	CreatedAt  time.Time         `json:"created_at"`
	UpdatedAt  time.Time         `json:"updated_at"`
	InLine     int               `json:"in_line" doc:"Requirements whose law is in line."`
	Gaps       int               `json:"gaps" doc:"Requirements not in line: partly, not in line or unknown (see /gaps)."`
	Items      []LegislationItem `json:"items,omitempty" doc:"The findings recorded, in catalogue order; requirements without one are unknown."`
}

func legislationAssessmentOut(a legislation.Assessment, items bool) LegislationAssessment {
	out := LegislationAssessment{ID: a.ID, Country: a.Country, AssessedOn: a.AssessedOn, Title: a.Title,
		AssessorID: a.AssessorID, Assessor: a.AssessorName, CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt,
		InLine: a.Tally()[legislation.InLine], Gaps: legislation.GapCount(a.Gaps())}
	if items {
		out.Items = make([]LegislationItem, 0, len(a.Items))
		for _, it := range a.Items {
			out.Items = append(out.Items, legislationItemOut(it))
		}
	}
	return out
}

type legislationAssessmentOutput struct{ Body LegislationAssessment }

type legislationAssessmentsOutput struct {
	Body struct {
		Items []LegislationAssessment `json:"items" doc:"Your organisation's assessments, by country then newest first (with counts, without their findings)."`
	}
}

// LegislationAssessmentBody is a new assessment.
type LegislationAssessmentBody struct {
	Country    string `json:"country" doc:"ISO 3166-1 alpha-3 code of the country whose law is assessed."`
	AssessedOn string `json:"assessed_on" doc:"The day the law was read (YYYY-MM-DD), not in the future."`
	Title      string `json:"title,omitempty" doc:"Optional name of the review."`
}

// LegislationItemBody is the finding on one requirement.
type LegislationItemBody struct {
	Status    LegislationStatus `json:"status"`
	Provision string            `json:"provision,omitempty" doc:"The national provision cited; empty when none exists."`
	Evidence  string            `json:"evidence,omitempty" doc:"What the provision says or lacks. About the law only: name no person."`
}

type legislationItemOutput struct{ Body LegislationItem }

type legislationItemInput struct {
	IDParam
	RequirementID string `path:"requirement_id" doc:"A requirement's id (GET /legislation/requirements)."`
	Body          LegislationItemBody
}

// LegislationGap is a requirement not in line, with its finding.
type LegislationGap struct {
	Requirement LegislationRequirement `json:"requirement"`
	Status      LegislationStatus      `json:"status"`
	Recorded    bool                   `json:"recorded" doc:"False when the requirement has not been assessed yet."`
	Provision   string                 `json:"provision"`
	Evidence    string                 `json:"evidence"`
}

type legislationGapsOutput struct {
	Body struct {
		Assessment LegislationAssessment `json:"assessment"`
		Total      int                   `json:"total" doc:"Requirements in the catalogue."`
		Items      []LegislationGap      `json:"items" doc:"The requirements not in line (partly, not_in_line, unknown), by instrument and article."`
	}
}

func (s *server) registerLegislation(a huma.API) {
	view := huma.Middlewares{requirePerm(auth.PermProgrammeView)}
	edit := huma.Middlewares{requirePerm(auth.PermProgrammeEdit)}
	huma.Register(a, huma.Operation{
		OperationID: "list-legislation-requirements", Method: http.MethodGet, Path: "/legislation/requirements",
		Tags: legislationTags, Security: secured, Summary: "The requirements a country's law is assessed against",
		Description: "From the Palermo Protocol and the Council of Europe Convention, in the request's language.",
		Errors:      []int{401, 403, 429}, Middlewares: view,
	}, s.listLegislationRequirements)
	huma.Register(a, huma.Operation{
		OperationID: "list-legislation-assessments", Method: http.MethodGet, Path: "/legislation/assessments",
		Tags: legislationTags, Security: secured, Summary: "Your organisation's assessments of countries' law",
		Errors: []int{401, 403, 429}, Middlewares: view,
	}, s.listLegislationAssessments)
	huma.Register(a, huma.Operation{
		OperationID: "create-legislation-assessment", Method: http.MethodPost, Path: "/legislation/assessments",
		Tags: legislationTags, Security: secured, DefaultStatus: http.StatusCreated,
		Summary:     "Assess a country's law (coordinators)",
		Description: "You are the assessor. Findings are then recorded requirement by requirement.",
		Errors:      []int{400, 401, 403, 413, 415, 422, 429}, Middlewares: edit,
	}, s.createLegislationAssessment)
	huma.Register(a, huma.Operation{
		OperationID: "get-legislation-assessment", Method: http.MethodGet, Path: "/legislation/assessments/{id}",
		Tags: legislationTags, Security: secured, Summary: "One assessment with its findings",
		Errors: []int{401, 403, 404, 422, 429}, Middlewares: view,
	}, s.getLegislationAssessment)
	huma.Register(a, huma.Operation{
		OperationID: "put-legislation-item", Method: http.MethodPut, Path: "/legislation/assessments/{id}/items/{requirement_id}",
		Tags: legislationTags, Security: secured, Summary: "Record the finding on one requirement (coordinators)",
		Description: "Replaces any earlier finding on the same requirement.",
		Errors:      []int{400, 401, 403, 404, 413, 415, 422, 429}, Middlewares: edit,
	}, s.putLegislationItem)
	huma.Register(a, huma.Operation{
		OperationID: "get-legislation-gaps", Method: http.MethodGet, Path: "/legislation/assessments/{id}/gaps",
		Tags: legislationTags, Security: secured, Summary: "The requirements not in line",
		Description: "Partly in line, not in line and unknown (including not assessed yet), by instrument and article.",
		Errors:      []int{401, 403, 404, 422, 429}, Middlewares: view,
	}, s.getLegislationGaps)
	huma.Register(a, huma.Operation{
		OperationID: "compare-legislation-assessments", Method: http.MethodGet, Path: "/legislation/assessments/{id}/compare",
		Tags: legislationTags, Security: secured, Summary: "Compare with another assessment of the same country",
		Description: "Every requirement with its status in the earlier and the later assessment, and how it moved.",
		Errors:      []int{401, 403, 404, 422, 429}, Middlewares: view,
	}, s.compareLegislationAssessments)
}

// LegislationChange is how a requirement's status moved between two assessments.
type LegislationChange string

// Schema lists the changes.
func (LegislationChange) Schema(huma.Registry) *huma.Schema {
	return enumSchema("improved or regressed (not_in_line < partly < in_line); assessed or unassessed when it became or stopped being known.",
		legislationChangeStrings())
}

func legislationChangeStrings() []string {
	out := make([]string, len(legislation.Changes))
	for i, c := range legislation.Changes {
		out[i] = string(c)
	}
	return out
}

// LegislationMove is one requirement in a comparison.
type LegislationMove struct {
	RequirementID string            `json:"requirement_id"`
	Before        LegislationStatus `json:"before"`
	After         LegislationStatus `json:"after"`
	Change        LegislationChange `json:"change"`
}

type legislationCompareInput struct {
	IDParam
	With string `query:"with" doc:"The other assessment (UUID), of the same country."`
}

type legislationCompareOutput struct {
	Body struct {
		Earlier LegislationAssessment `json:"earlier"`
		Later   LegislationAssessment `json:"later"`
		Counts  map[string]int        `json:"counts" doc:"Number of requirements per change."`
		Moves   []LegislationMove     `json:"moves" doc:"Every requirement, in catalogue order."`
	}
}

func (s *server) compareLegislationAssessments(ctx context.Context, in *legislationCompareInput) (*legislationCompareOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	// The assessment named in the path first: one the actor may not read is
	// 404 whatever the query says.
	if _, err := s.db.GetLegislationAssessment(ctx, id); err != nil {
		return nil, s.fail(ctx, err)
	}
	other, err := uuid.Parse(in.With)
	if err != nil {
		return nil, s.fail(ctx, where(valid.Errors{valid.New("with", valid.RuleUUID, nil)}, legislationQueryLocation))
	}
	c, err := s.db.CompareLegislationAssessments(ctx, id, other)
	if err != nil {
		return nil, s.fail(ctx, where(err, legislationQueryLocation))
	}
	out := &legislationCompareOutput{}
	out.Body.Earlier, out.Body.Later = legislationAssessmentOut(c.Earlier, false), legislationAssessmentOut(c.Later, false)
	out.Body.Counts = map[string]int{}
	for _, ch := range legislation.Changes {
		out.Body.Counts[string(ch)] = c.Count(ch)
	}
	out.Body.Moves = make([]LegislationMove, len(c.Moves))
	for i, m := range c.Moves {
		out.Body.Moves[i] = LegislationMove{RequirementID: m.Requirement.ID, Before: LegislationStatus(m.Before.Item.Status),
			After: LegislationStatus(m.After.Item.Status), Change: LegislationChange(m.Change)}
	}
	return out, nil
}

// legislationQueryLocation puts a comparison's error on its query parameter.
func legislationQueryLocation(field string) string { return "query." + field }

func (s *server) listLegislationRequirements(ctx context.Context, _ *struct{}) (*legislationRequirementsOutput, error) {
	lang := langOf(ctx)
	out := &legislationRequirementsOutput{}
	reqs := legislation.Requirements()
	out.Body.Items = make([]LegislationRequirement, len(reqs))
	for i, r := range reqs {
		out.Body.Items[i] = legislationRequirementOut(lang, r)
	}
	return out, nil
}

func (s *server) listLegislationAssessments(ctx context.Context, _ *struct{}) (*legislationAssessmentsOutput, error) {
	list, err := s.db.ListLegislationAssessments(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &legislationAssessmentsOutput{}
	out.Body.Items = make([]LegislationAssessment, len(list))
	for i, a := range list {
		out.Body.Items[i] = legislationAssessmentOut(a, false)
	}
	return out, nil
}

func (s *server) createLegislationAssessment(ctx context.Context, in *struct{ Body LegislationAssessmentBody }) (*legislationAssessmentOutput, error) {
	a, err := s.db.CreateLegislationAssessment(ctx, legislation.Draft{Country: in.Body.Country,
		AssessedOn: in.Body.AssessedOn, Title: in.Body.Title})
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &legislationAssessmentOutput{Body: legislationAssessmentOut(a, true)}, nil
}

func (s *server) getLegislationAssessment(ctx context.Context, in *IDParam) (*legislationAssessmentOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	a, err := s.db.GetLegislationAssessment(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &legislationAssessmentOutput{Body: legislationAssessmentOut(a, true)}, nil
}

// legislationItemLocation puts the requirement's error on the path, where
// the client named it; the rest is the body's.
func legislationItemLocation(field string) string {
	if field == "requirement_id" {
		return "path.requirement_id"
	}
	return "body." + field
}

func (s *server) putLegislationItem(ctx context.Context, in *legislationItemInput) (*legislationItemOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	it, err := s.db.SetLegislationItem(ctx, id, legislation.ItemInput{RequirementID: in.RequirementID,
		Status: string(in.Body.Status), Provision: in.Body.Provision, Evidence: in.Body.Evidence})
	if err != nil {
		return nil, s.fail(ctx, where(err, legislationItemLocation))
	}
	return &legislationItemOutput{Body: legislationItemOut(it)}, nil
}

func (s *server) getLegislationGaps(ctx context.Context, in *IDParam) (*legislationGapsOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	a, err := s.db.GetLegislationAssessment(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	lang := langOf(ctx)
	out := &legislationGapsOutput{}
	out.Body.Assessment = legislationAssessmentOut(a, false)
	out.Body.Total = len(legislation.Requirements())
	out.Body.Items = []LegislationGap{}
	for _, g := range a.Gaps() {
		for _, f := range g.Findings {
			out.Body.Items = append(out.Body.Items, LegislationGap{Requirement: legislationRequirementOut(lang, f.Requirement),
				Status: LegislationStatus(f.Item.Status), Recorded: f.Recorded, Provision: f.Item.Provision,
				Evidence: f.Item.Evidence})
		}
	}
	return out, nil
}
