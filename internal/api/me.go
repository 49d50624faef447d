package api

import (
	"context"
	"net/http"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
)

// Me is the caller: the token's user, the organisation it acts for and what
// its role allows there.
type Me struct {
	User         User      `json:"user"`
	Organisation OrgRef    `json:"organisation"`
	Role         string    `json:"role" doc:"Role in the organisation, or admin for a platform administrator."`
	Permissions  []string  `json:"permissions"`
	TokenID      uuid.UUID `json:"token_id" format:"uuid" doc:"The API token this request used."`
}

// OrgRef names an organisation.
type OrgRef struct {
	ID   uuid.UUID `json:"id" format:"uuid"`
	Name string    `json:"name"`
}

type meOutput struct{ Body Me }

func (s *server) registerMe(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "get-me", Method: http.MethodGet, Path: "/me", Tags: []string{"account"},
		Summary: "Who the token acts as", Security: secured,
		Errors: []int{401, 429},
	}, s.getMe)
}

func (s *server) getMe(ctx context.Context, _ *struct{}) (*meOutput, error) {
	actor, _ := auth.ActorFrom(ctx)
	u, err := s.db.GetUser(ctx, actor.UserID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	ms, err := s.db.Memberships(ctx, actor.UserID)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := Me{User: userOut(u, ""), Role: string(actor.Role), TokenID: tokenOf(ctx).ID,
		Organisation: OrgRef{ID: actor.OrgID}, Permissions: []string{}}
	for _, m := range ms {
		if m.OrgID == actor.OrgID {
			out.Organisation.Name = m.OrgName
			out.User.Role = Role(m.Role)
		}
	}
	for _, p := range auth.Permissions(actor.Role) {
		out.Permissions = append(out.Permissions, string(p))
	}
	return &meOutput{Body: out}, nil
}
