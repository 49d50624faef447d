package api

import (
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/i18n"
)

// The enumerations below take their values from the domain packages, so the
// OpenAPI document and the validation can never drift from them.

// OrgType is an organisation type (account.OrgTypes).
type OrgType string

// Schema lists the organisation types.
func (OrgType) Schema(huma.Registry) *huma.Schema {
	s := &huma.Schema{Type: "string", Description: "Kind of organisation (HTCDS org_type list)."}
	for _, t := range account.OrgTypes {
		s.Enum = append(s.Enum, string(t))
	}
	return s
}

// Role is a role a member of an organisation may hold (auth.OrgRoles).
type Role string

// Schema lists the membership roles.
func (Role) Schema(huma.Registry) *huma.Schema {
	s := &huma.Schema{Type: "string", Description: "Role within the organisation."}
	for _, r := range auth.OrgRoles {
		s.Enum = append(s.Enum, string(r))
	}
	return s
}

// Lang is an interface language (i18n.Languages: the catalogue languages).
type Lang string

// Schema lists the languages.
func (Lang) Schema(huma.Registry) *huma.Schema {
	s := &huma.Schema{Type: "string", Description: "Interface language."}
	for _, l := range i18n.Languages {
		s.Enum = append(s.Enum, l)
	}
	return s
}

// Organisation is an organisation as the API shows it. Address, security and
// retention settings appear only for the caller's own organisation and for
// platform administrators; the directory view of others omits them.
type Organisation struct {
	ID            uuid.UUID  `json:"id" format:"uuid"`
	Name          string     `json:"name"`
	Type          OrgType    `json:"type"`
	Country       string     `json:"country" doc:"ISO 3166-1 alpha-3 code, e.g. NGA, NER, FRA."`
	City          string     `json:"city"`
	Phone         string     `json:"phone"`
	Email         string     `json:"email"`
	Website       string     `json:"website"`
	Address       *string    `json:"address,omitempty"`
	RequireTOTP   *bool      `json:"require_totp,omitempty" doc:"Two-factor sign-in is mandatory for its users."`
	RetentionDays *int       `json:"retention_days,omitempty" doc:"Days closed cases are kept; 0 keeps them."`
	CreatedAt     *time.Time `json:"created_at,omitempty"`
}

func orgOut(o account.Organisation, full bool) Organisation {
	out := Organisation{ID: o.ID, Name: o.Name, Type: OrgType(o.Type), Country: o.Country, City: o.City,
		Phone: o.Phone, Email: o.Email, Website: o.Website}
	if full {
		addr, totp, days, at := o.Address, o.RequireTOTP, o.RetentionDays, o.CreatedAt
		out.Address, out.RequireTOTP, out.RetentionDays, out.CreatedAt = &addr, &totp, &days, &at
	}
	return out
}

// User is a person who signs in, with their role in the organisation asked
// about.
type User struct {
	ID          uuid.UUID  `json:"id" format:"uuid"`
	Email       string     `json:"email"`
	DisplayName string     `json:"display_name"`
	Lang        Lang       `json:"lang"`
	Role        Role       `json:"role,omitempty"`
	Disabled    bool       `json:"disabled"`
	TOTPEnabled bool       `json:"totp_enabled"`
	CreatedAt   time.Time  `json:"created_at"`
	LastLoginAt *time.Time `json:"last_login_at,omitempty"`
}

func userOut(u account.User, role auth.Role) User {
	return User{ID: u.ID, Email: u.Email, DisplayName: u.DisplayName, Lang: Lang(u.Lang), Role: Role(role),
		Disabled: u.Disabled, TOTPEnabled: u.TOTPEnabled, CreatedAt: u.CreatedAt, LastLoginAt: u.LastLoginAt}
}

// IDParam is the {id} path parameter.
type IDParam struct {
	ID string `path:"id" format:"uuid" doc:"Identifier (UUID)."`
}
