package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
)

// The length limits repeat account's constants (tags must be literals); a
// test checks that they agree.

type orgCreateBody struct {
	Name          string  `json:"name" minLength:"1"`
	Type          OrgType `json:"type"`
	Country       string  `json:"country" minLength:"3" doc:"ISO 3166-1 alpha-3 code, e.g. NGA, NER, FRA."`
	City          string  `json:"city,omitempty"`
	Phone         string  `json:"phone,omitempty" doc:"Digits, spaces and + - . ( ) /, at least 6 digits."`
	Email         string  `json:"email,omitempty" format:"email"`
	Website       string  `json:"website,omitempty" doc:"http:// or https:// address."`
	Address       string  `json:"address,omitempty"`
	RequireTOTP   bool    `json:"require_totp,omitempty"`
	RetentionDays int     `json:"retention_days,omitempty" minimum:"0"`
}

type orgPatchBody struct {
	Name          *string  `json:"name,omitempty" minLength:"1"`
	Type          *OrgType `json:"type,omitempty"`
	Country       *string  `json:"country,omitempty" minLength:"3" doc:"ISO 3166-1 alpha-3 code, e.g. NGA, NER, FRA."`
	City          *string  `json:"city,omitempty"`
	Phone         *string  `json:"phone,omitempty"`
	Email         *string  `json:"email,omitempty" format:"email"`
	Website       *string  `json:"website,omitempty"`
	Address       *string  `json:"address,omitempty"`
	RequireTOTP   *bool    `json:"require_totp,omitempty"`
	RetentionDays *int     `json:"retention_days,omitempty" minimum:"0"`
	// The directory profile (directory.go): the organisation's own
	// administrators, or a coordinator for any organisation.
	DirectoryPatch
}

// orgSent reports whether any of the organisation's own fields was sent.
func (b orgPatchBody) orgSent() bool {
	return b.Name != nil || b.Type != nil || b.Country != nil || b.City != nil || b.Phone != nil || b.Email != nil ||
		b.Website != nil || b.Address != nil || b.RequireTOTP != nil || b.RetentionDays != nil
}

// applyOrg sets the organisation fields sent on o.
func (b orgPatchBody) applyOrg(o *account.Organisation) {
	set(&o.Name, b.Name)
	if b.Type != nil {
		o.Type = account.OrgType(*b.Type)
	}
	set(&o.Country, b.Country)
	set(&o.City, b.City)
	set(&o.Phone, b.Phone)
	set(&o.Email, b.Email)
	set(&o.Website, b.Website)
	set(&o.Address, b.Address)
	set(&o.RequireTOTP, b.RequireTOTP)
	set(&o.RetentionDays, b.RetentionDays)
}

type orgOutput struct{ Body Organisation }

type orgListOutput struct {
	Body struct {
		Items []Organisation `json:"items"`
	}
}

func (s *server) registerOrganisations(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-organisations", Method: http.MethodGet, Path: "/organisations",
		Tags: []string{"organisations"}, Security: secured,
		Summary:     "List organisations",
		Description: "Platform administrators get every field; others get the network directory (name, type, country, city, phone, e-mail, website) and every field of their own organisation.",
		Errors:      []int{401, 403, 429},
	}, s.listOrganisations)
	huma.Register(a, huma.Operation{
		OperationID: "create-organisation", Method: http.MethodPost, Path: "/organisations",
		Tags: []string{"organisations"}, Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Create an organisation (platform administrators)",
		Errors:  []int{400, 401, 403, 415, 422, 429},
	}, s.createOrganisation)
	huma.Register(a, huma.Operation{
		OperationID: "get-organisation", Method: http.MethodGet, Path: "/organisations/{id}",
		Tags: []string{"organisations"}, Security: secured,
		Summary: "One organisation (your own, or any for platform administrators)",
		Errors:  []int{401, 404, 422, 429},
	}, s.getOrganisation)
	huma.Register(a, huma.Operation{
		OperationID: "update-organisation", Method: http.MethodPatch, Path: "/organisations/{id}",
		Tags: []string{"organisations"}, Security: secured,
		Summary: "Change an organisation's details and its directory profile",
		Description: "Only the fields sent change, all or none of them. The organisation's details need the org_admin role in that " +
			"organisation, or a platform administrator; its directory profile (services, countries, languages, hours, " +
			"capacity, accepts_referrals) the org_admin role there, or a coordinator for any organisation. The answer is " +
			"the organisation with its profile (public fields only for a coordinator of another organisation).",
		Errors: []int{400, 401, 403, 404, 415, 422, 429},
	}, s.updateOrganisation)
}

func (s *server) listOrganisations(ctx context.Context, _ *struct{}) (*orgListOutput, error) {
	actor, _ := auth.ActorFrom(ctx)
	orgs, err := s.db.ListOrganisations(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &orgListOutput{}
	out.Body.Items = make([]Organisation, 0, len(orgs))
	for _, o := range orgs {
		full := actor.IsAdmin() || (o.ID == actor.OrgID && actor.Can(auth.PermOrgView))
		out.Body.Items = append(out.Body.Items, orgOut(o, full))
	}
	return out, nil
}

func (s *server) createOrganisation(ctx context.Context, in *struct{ Body orgCreateBody }) (*orgOutput, error) {
	b := in.Body
	o := account.Organisation{Name: b.Name, Type: account.OrgType(b.Type), Country: b.Country, City: b.City,
		Phone: b.Phone, Email: b.Email, Website: b.Website, Address: b.Address, RequireTOTP: b.RequireTOTP,
		RetentionDays: b.RetentionDays}
	if err := s.db.CreateOrganisation(ctx, &o); err != nil {
		return nil, s.fail(ctx, conflictOn(err, "name", ruleTaken))
	}
	return &orgOutput{Body: orgOut(o, true)}, nil
}

func (s *server) getOrganisation(ctx context.Context, in *IDParam) (*orgOutput, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	o, err := s.db.GetOrganisation(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	return &orgOutput{Body: orgOut(o, true)}, nil
}

func (s *server) updateOrganisation(ctx context.Context, in *struct {
	IDParam
	Body orgPatchBody
}) (*struct{ Body orgPatchResult }, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	res, err := s.patchOrganisation(ctx, id, in.Body)
	if err != nil {
		return nil, s.fail(ctx, conflictOn(err, "name", ruleTaken))
	}
	return &struct{ Body orgPatchResult }{Body: *res}, nil
}

// set copies *v into *dst when the client sent the field.
func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
