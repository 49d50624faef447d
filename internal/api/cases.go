package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/casework"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The case register. Every operation goes through the store, which scopes it
// to the token's organisation (another organisation's id is 404), checks the
// role's permission (403) and audits every read of personal data (one
// "case.read" per call, naming the parts read) and every write in the same
// transaction.

// registerCases registers every operation of the case register.
func (s *server) registerCases(a huma.API) {
	s.registerCaseCore(a)
	s.registerCaseWorkflow(a)
	s.registerScreenings(a)
	s.registerConsents(a)
	s.registerPlan(a)
	s.registerNotes(a)
	s.registerAttachments(a)
	s.registerCaseTransfer(a)
}

var caseTags = []string{"cases"}

type caseCreateBody struct {
	Person CasePerson `json:"person" doc:"At least one of given_name, family_name, other_names."`
	CaseFacts
	AssignedTo string `json:"assigned_to,omitempty" format:"uuid" doc:"The caseworker; you when absent."`
}

type casePatchBody struct {
	UpdatedAt          *time.Time             `json:"updated_at,omitempty" doc:"The updated_at you last read: if the case changed since, nothing is saved (409)."`
	AssignedTo         *string                `json:"assigned_to,omitempty" format:"uuid" doc:"Hand the case to another member of the organisation."`
	Person             *casePersonPatch       `json:"person,omitempty" doc:"Only the personal fields sent change."`
	Gender             *Gender                `json:"gender,omitempty"`
	Citizenship        *string                `json:"citizenship,omitempty"`
	AgeWhenTrafficked  *int                   `json:"age_when_trafficked,omitempty" minimum:"0" maximum:"120"`
	PresumedMinor      *bool                  `json:"presumed_minor,omitempty"`
	TraffickingStatus  *TraffickingStatus     `json:"trafficking_status,omitempty"`
	StatusDecidedBy    *DecisionOrg           `json:"status_decided_by,omitempty"`
	Relationship       *Relationship          `json:"relationship,omitempty"`
	RecruitmentMethods *[]RecruitmentMethod   `json:"recruitment_methods,omitempty" doc:"Replaces the list; [] empties it."`
	RecruitmentPlace   *string                `json:"recruitment_place,omitempty"`
	MethodsOfControl   *[]ControlMethod       `json:"methods_of_control,omitempty" doc:"Replaces the list."`
	Exploitation       *[]ExploitationType    `json:"exploitation,omitempty" doc:"Replaces the list."`
	LabourIndustry     *LabourIndustry        `json:"labour_industry,omitempty"`
	SexExploitation    *[]SexExploitationType `json:"sex_exploitation,omitempty" doc:"Replaces the list."`
	Events             *[]CaseEvent           `json:"events,omitempty" doc:"Replaces the journey."`
	Justice            *CaseJustice           `json:"justice,omitempty" doc:"Replaces the criminal-justice track."`
}

type caseListInput struct {
	CaseListQuery
	Limit  int    `query:"limit" minimum:"1" maximum:"200" default:"50"`
	Cursor string `query:"cursor" doc:"The next value of the previous page."`
}

type caseListOutput struct {
	Body struct {
		Items []CaseSummary `json:"items" doc:"Newest first."`
		Next  string        `json:"next,omitempty" doc:"Cursor of the next page; absent on the last page."`
		Total int           `json:"total" doc:"Matching cases, counted up to 1000."`
	}
}

// CaseCreated is a new case with the warning about cases that look alike.
type CaseCreated struct {
	Case
	Similar []string `json:"similar" doc:"Codes of existing cases that may be the same person (same full name, or same birth date and a common name). A warning: the case was created."`
}

type caseCreatedOutput struct{ Body CaseCreated }

type caseOutput struct{ Body Case }

func (s *server) registerCaseCore(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-cases", Method: http.MethodGet, Path: "/cases", Tags: caseTags, Security: secured,
		Summary:     "List the organisation's cases",
		Description: "Summaries without personal data other than the display name, newest first, one page at a time.",
		Errors:      []int{401, 403, 422, 429},
	}, s.listCases)
	huma.Register(a, huma.Operation{
		OperationID: "create-case", Method: http.MethodPost, Path: "/cases", Tags: caseTags, Security: secured,
		DefaultStatus: http.StatusCreated,
		Summary:       "Open a case",
		Description:   "Returns the case with its pseudonymous code, and in similar the codes of existing cases that look like the same person.",
		Errors:        []int{400, 401, 403, 413, 415, 422, 429},
	}, s.createCase)
	huma.Register(a, huma.Operation{
		OperationID: "get-case", Method: http.MethodGet, Path: "/cases/{id}", Tags: caseTags, Security: secured,
		Summary:     "One case, with the person's data",
		Description: "Reading a case is recorded in the audit trail.",
		Errors:      []int{401, 403, 404, 422, 429},
	}, s.getCase)
	huma.Register(a, huma.Operation{
		OperationID: "update-case", Method: http.MethodPatch, Path: "/cases/{id}", Tags: caseTags, Security: secured,
		Summary:     "Change a case's person or facts",
		Description: "Only the fields sent change; status and closure have their own operations.",
		Errors:      []int{400, 401, 403, 404, 409, 413, 415, 422, 429},
		Middlewares: huma.Middlewares{requirePerm(auth.PermCaseWrite)},
	}, s.updateCase)
}

func (s *server) listCases(ctx context.Context, in *caseListInput) (*caseListOutput, error) {
	f, err := in.CaseListQuery.filter(ctx)
	if err != nil {
		return nil, err
	}
	f.Limit, f.Cursor = in.Limit, in.Cursor
	page, err := s.db.ListCases(ctx, f)
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	out := &caseListOutput{}
	out.Body.Items = make([]CaseSummary, 0, len(page.Items))
	for _, it := range page.Items {
		out.Body.Items = append(out.Body.Items, summaryOut(it))
	}
	out.Body.Next, out.Body.Total = page.Next, page.Total
	return out, nil
}

func (s *server) createCase(ctx context.Context, in *struct{ Body caseCreateBody }) (*caseCreatedOutput, error) {
	b := in.Body
	c := casework.Case{Person: personIn(b.Person)}
	b.CaseFacts.applyTo(&c)
	if b.AssignedTo != "" {
		id, err := parseUUIDField(ctx, "body.assigned_to", b.AssignedTo)
		if err != nil {
			return nil, err
		}
		c.AssignedTo = id
	}
	if err := s.db.CreateCase(ctx, &c); err != nil {
		return nil, s.fail(ctx, where(err, caseLocation))
	}
	out := CaseCreated{Case: caseOut(c), Similar: []string{}}
	similar, err := s.db.SimilarCases(ctx, c)
	if err != nil {
		// The case exists: a failed warning must not look like a failed create.
		s.log.Error("api: similar cases", "error", err)
	}
	for _, sc := range similar {
		out.Similar = append(out.Similar, sc.Code)
	}
	return &caseCreatedOutput{Body: out}, nil
}

func (s *server) getCase(ctx context.Context, in *IDParam) (*caseOutput, error) {
	id, err := pathID(ctx, *in)
	if err != nil {
		return nil, err
	}
	c, err := s.db.GetCase(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &caseOutput{Body: caseOut(c)}, nil
}

func (s *server) updateCase(ctx context.Context, in *struct {
	IDParam
	Body casePatchBody
}) (*caseOutput, error) {
	id, err := pathID(ctx, in.IDParam)
	if err != nil {
		return nil, err
	}
	b := in.Body
	var assignee uuid.UUID
	if b.AssignedTo != nil {
		if assignee, err = parseUUIDField(ctx, "body.assigned_to", *b.AssignedTo); err != nil {
			return nil, err
		}
	}
	// Check the fields sent on their own before opening the case, so that a
	// bad request neither reads personal data nor leaves a read in the trail.
	var probe casework.Case
	b.applyTo(&probe)
	if es := withoutNamesRule(probe.Validate(s.now())); len(es) > 0 {
		return nil, s.fail(ctx, where(es, caseLocation))
	}
	c, err := s.db.GetCase(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	if c.ErasedAt != nil {
		return nil, s.fail(ctx, errErased)
	}
	if b.UpdatedAt != nil {
		c.UpdatedAt = *b.UpdatedAt
	}
	b.applyTo(&c)
	if b.AssignedTo != nil {
		c.AssignedTo = assignee
	}
	if err := s.db.UpdateCase(ctx, c); err != nil {
		if b.UpdatedAt != nil {
			err = conflictOn(err, "updated_at", ruleStale)
		}
		return nil, s.fail(ctx, where(err, caseLocation))
	}
	c, err = s.db.GetCase(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &caseOutput{Body: caseOut(c)}, nil
}

// ruleStale: the client's copy is older than the stored record.
const ruleStale = "stale"

// applyTo copies the fields sent onto c.
func (b casePatchBody) applyTo(c *casework.Case) {
	b.Person.apply(&c.Person)
	if b.Gender != nil {
		c.Gender = string(*b.Gender)
	}
	set(&c.Citizenship, b.Citizenship)
	if b.AgeWhenTrafficked != nil {
		age := *b.AgeWhenTrafficked
		c.AgeWhenTrafficked = &age
	}
	set(&c.PresumedMinor, b.PresumedMinor)
	if b.TraffickingStatus != nil {
		c.TraffickingStatus = string(*b.TraffickingStatus)
	}
	if b.StatusDecidedBy != nil {
		c.StatusDecidedBy = string(*b.StatusDecidedBy)
	}
	if b.Relationship != nil {
		c.Relationship = string(*b.Relationship)
	}
	if b.RecruitmentMethods != nil {
		c.RecruitmentMethods = strs(*b.RecruitmentMethods)
	}
	set(&c.RecruitmentPlace, b.RecruitmentPlace)
	if b.MethodsOfControl != nil {
		c.MethodsOfControl = strs(*b.MethodsOfControl)
	}
	if b.Exploitation != nil {
		c.Exploitation = strs(*b.Exploitation)
	}
	if b.LabourIndustry != nil {
		c.LabourIndustry = string(*b.LabourIndustry)
	}
	if b.SexExploitation != nil {
		c.SexExploitation = strs(*b.SexExploitation)
	}
	if b.Events != nil {
		c.Events = eventsIn(*b.Events)
	}
	if b.Justice != nil {
		c.Justice = justiceIn(b.Justice)
	}
}

// withoutNamesRule drops the "a name is required" error, which only the
// stored case can decide.
func withoutNamesRule(es valid.Errors) valid.Errors {
	var out valid.Errors
	for _, e := range es {
		if e.Field == "given_name" && e.Rule == valid.RuleRequired {
			continue
		}
		out = append(out, e)
	}
	return out
}
