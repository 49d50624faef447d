package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/store"
)

// Token is an API token without its secret.
type Token struct {
	ID             uuid.UUID  `json:"id" format:"uuid"`
	Name           string     `json:"name"`
	OrganisationID uuid.UUID  `json:"organisation_id" format:"uuid" doc:"The organisation it acts for; the nil UUID for a platform administrator's token."`
	CreatedAt      time.Time  `json:"created_at"`
	ExpiresAt      *time.Time `json:"expires_at,omitempty"`
	LastUsedAt     *time.Time `json:"last_used_at,omitempty"`
	RevokedAt      *time.Time `json:"revoked_at,omitempty"`
}

func tokenOut(k store.APIToken) Token {
	return Token{ID: k.ID, Name: k.Name, OrganisationID: k.OrgID, CreatedAt: k.CreatedAt, ExpiresAt: k.ExpiresAt,
		LastUsedAt: k.LastUsedAt, RevokedAt: k.RevokedAt}
}

// NewToken is a created token with its secret, shown this once.
type NewToken struct {
	Token
	Secret string `json:"token" doc:"The bearer token. Shown once: only its hash is kept."`
}

type tokenCreateBody struct {
	Name          string `json:"name" minLength:"1" doc:"What the token is for, e.g. \"monthly statistics export\"."`
	ExpiresInDays int    `json:"expires_in_days,omitempty" minimum:"1" maximum:"365" default:"90" doc:"Days until it stops working."`
}

type tokenListOutput struct {
	Body struct {
		Items []Token `json:"items"`
	}
}

type newTokenOutput struct{ Body NewToken }

func (s *server) registerTokens(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "list-tokens", Method: http.MethodGet, Path: "/tokens",
		Tags: []string{"tokens"}, Security: secured,
		Summary: "Your API tokens, newest first",
		Errors:  []int{401, 429},
	}, s.listTokens)
	huma.Register(a, huma.Operation{
		OperationID: "create-token", Method: http.MethodPost, Path: "/tokens",
		Tags: []string{"tokens"}, Security: secured, DefaultStatus: http.StatusCreated,
		Summary: "Create an API token for yourself, acting for this token's organisation",
		Description: "The response holds the token once; store it safely. It expires after expires_in_days, " +
			"and never later than the token used to create it.",
		Errors: []int{400, 401, 403, 415, 422, 429},
	}, s.createToken)
	huma.Register(a, huma.Operation{
		OperationID: "revoke-token", Method: http.MethodDelete, Path: "/tokens/{id}",
		Tags: []string{"tokens"}, Security: secured, DefaultStatus: http.StatusNoContent,
		Summary: "Revoke a token: yours, or (org_admins) one of your organisation's",
		Errors:  []int{401, 403, 404, 422, 429},
	}, s.revokeToken)
}

func (s *server) listTokens(ctx context.Context, _ *struct{}) (*tokenListOutput, error) {
	ks, err := s.db.ListAPITokens(ctx)
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	out := &tokenListOutput{}
	out.Body.Items = make([]Token, 0, len(ks))
	for _, k := range ks {
		out.Body.Items = append(out.Body.Items, tokenOut(k))
	}
	return out, nil
}

func (s *server) createToken(ctx context.Context, in *struct{ Body tokenCreateBody }) (*newTokenOutput, error) {
	secret, hash, err := auth.NewAPIToken()
	if err != nil {
		return nil, s.fail(ctx, err)
	}
	days := in.Body.ExpiresInDays
	if days == 0 {
		days = 90
	}
	exp := s.now().Add(time.Duration(days) * 24 * time.Hour)
	// A token cannot outlive the token that made it, so a leaked token
	// cannot mint itself a longer life.
	if parent := tokenOf(ctx).ExpiresAt; parent != nil && exp.After(*parent) {
		exp = *parent
	}
	k := store.APIToken{Name: in.Body.Name, Hash: hash, ExpiresAt: &exp}
	if err := s.db.CreateAPIToken(ctx, &k); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &newTokenOutput{Body: NewToken{Token: tokenOut(k), Secret: secret}}, nil
}

func (s *server) revokeToken(ctx context.Context, in *IDParam) (*struct{}, error) {
	id, err := uuid.Parse(in.ID)
	if err != nil {
		return nil, notFound(ctx)
	}
	if err := s.db.RevokeAPIToken(ctx, id); err != nil {
		return nil, s.fail(ctx, err)
	}
	return &struct{}{}, nil
}

type tokenKey struct{}

// withToken records the token the request authenticated with.
func withToken(ctx context.Context, k store.APIToken) context.Context {
	return context.WithValue(ctx, tokenKey{}, k)
}

// tokenOf is the token the request authenticated with.
func tokenOf(ctx context.Context) store.APIToken {
	k, _ := ctx.Value(tokenKey{}).(store.APIToken)
	return k
}
