package api

import (
	"context"
	"crypto/rand"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/valid"
)

type userListOutput struct {
	Body struct {
		Items []User `json:"items"`
	}
}

type userCreateBody struct {
	Email       string `json:"email" minLength:"1" format:"email"`
	DisplayName string `json:"display_name" minLength:"1"`
	Lang        Lang   `json:"lang,omitempty" doc:"Interface language; English when absent."`
	Role        Role   `json:"role"`
}

// NewUser is a created user with the temporary password to hand over.
type NewUser struct {
	User              User   `json:"user"`
	TemporaryPassword string `json:"temporary_password" doc:"Shown once: give it to the person, who must replace it at first sign-in (until then the web opens only the password change, and no API token can be made)."`
}

type newUserOutput struct{ Body NewUser }

type userPatchBody struct {
	OrganisationID *string `json:"organisation_id,omitempty" format:"uuid" doc:"Organisation whose role changes; the token's organisation when absent."`
	Role           *Role   `json:"role,omitempty"`
	Disabled       *bool   `json:"disabled,omitempty" doc:"true stops the person signing in (and their API tokens)."`
}

type userOutput struct{ Body User }

func (s *server) registerUsers(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-organisation-users", Method: http.MethodGet, Path: "/organisations/{id}/users",
		Tags: []string{"users"}, Security: secured,
		Summary: "The organisation's users and their roles (supervisors and org_admins)",
		Errors:  []int{401, 403, 404, 422, 429},
	}, s.listUsers)
	huma.Register(a, huma.Operation{
		OperationID: "create-organisation-user", Method: http.MethodPost, Path: "/organisations/{id}/users",
		Tags: []string{"users"}, Security: secured, DefaultStatus: http.StatusCreated,
		Summary:     "Add a user to the organisation (org_admins)",
		Description: "Returns a temporary password once; nothing else can show it again.",
		Errors:      []int{400, 401, 403, 404, 409, 415, 422, 429},
	}, s.createUser)
	huma.Register(a, huma.Operation{
		OperationID: "update-user", Method: http.MethodPatch, Path: "/users/{id}",
		Tags: []string{"users"}, Security: secured,
		Summary:     "Change a user's role in an organisation, or disable or enable them (org_admins)",
		Description: "Only the fields sent change.",
		Errors:      []int{400, 401, 403, 404, 409, 415, 422, 429},
	}, s.updateUser)
}

func (s *server) listUsers(ctx context.Context, in *IDParam) (*userListOutput, error) {
	org, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	us, ms, err := s.db.ListUsers(ctx, org)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &userListOutput{}
	out.Body.Items = make([]User, 0, len(us))
	for i, u := range us {
		out.Body.Items = append(out.Body.Items, userOut(u, ms[i].Role))
	}
	return out, nil
}

func (s *server) createUser(ctx context.Context, in *struct {
	IDParam
	Body userCreateBody
}) (*newUserOutput, error) {
	org, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	// Another organisation is 404 before anything else is said about it.
	if _, err := s.db.GetOrganisation(ctx, org); err != nil {
		return nil, s.fail(ctx, err)
	}
	pw := temporaryPassword()
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	u := account.User{Email: in.Body.Email, DisplayName: in.Body.DisplayName, Lang: string(in.Body.Lang),
		PasswordHash: hash, MustChangePassword: true} // the caller saw it: changed at first sign-in
	m := account.Membership{OrgID: org, Role: auth.Role(in.Body.Role)}
	if err := s.db.CreateUser(ctx, &u, []account.Membership{m}); err != nil {
		return nil, s.fail(ctx, conflictOn(err, "email", ruleTaken))
	}
	return &newUserOutput{Body: NewUser{User: userOut(u, m.Role), TemporaryPassword: pw}}, nil
}

// temporaryPassword is 26 characters of base32 (128 random bits): well past
// the password rules, and easy to read out.
func temporaryPassword() string { return rand.Text() }

func (s *server) updateUser(ctx context.Context, in *struct {
	IDParam
	Body userPatchBody
}) (*userOutput, error) {
	actor, _ := auth.ActorFrom(ctx)
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	org := actor.OrgID
	if in.Body.OrganisationID != nil {
		if org, err = uuid.Parse(*in.Body.OrganisationID); err != nil {
			return nil, fromFieldErrors(langOf(ctx), valid.Errors{valid.New("organisation_id", valid.RuleUUID, nil)})
		}
	}
	// Someone the caller may not see is 404; seeing without managing is 403,
	// checked before the first write so that nothing half-changes.
	if _, err := s.db.GetUser(ctx, id); err != nil {
		return nil, s.fail(ctx, err)
	}
	if !actor.Can(auth.PermUserManage) {
		return nil, forbidden(ctx)
	}
	if org != actor.OrgID && !actor.IsAdmin() {
		return nil, notFound(ctx)
	}
	if in.Body.Role != nil {
		if org == uuid.Nil {
			return nil, fromFieldErrors(langOf(ctx), valid.Errors{valid.New("organisation_id", valid.RuleRequired, nil)})
		}
		m := account.Membership{UserID: id, OrgID: org, Role: auth.Role(*in.Body.Role)}
		if err := s.db.SetMembership(ctx, m); err != nil {
			return nil, s.fail(ctx, conflictOn(err, "role", ruleLastAdmin))
		}
	}
	if in.Body.Disabled != nil {
		if err := s.db.SetDisabled(ctx, id, *in.Body.Disabled); err != nil {
			return nil, s.fail(ctx, err)
		}
	}
	u, err := s.db.GetUser(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	var role auth.Role
	ms, err := s.db.Memberships(ctx, id)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	for _, m := range ms {
		if m.OrgID == org {
			role = m.Role
		}
	}
	return &userOutput{Body: userOut(u, role)}, nil
}
