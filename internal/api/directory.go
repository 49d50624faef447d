package api

import (
	"context"
	"net/http"
	"time"

	"github.com/danielgtaylor/huma/v2"
	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/auth"
	"github.com/passerelle-org/passerelle/internal/directory"
)

// The directory of services: GET /directory searches it, PATCH
// /organisations/{id} (organisations.go) edits a profile. Every rule is the
// store's and the directory package's; this file only translates JSON.

// DirService is a service of the directory's vocabulary.
type DirService string

// Schema lists the services.
func (DirService) Schema(huma.Registry) *huma.Schema {
	return enumSchema("A service of the directory's fixed vocabulary.", directory.ServiceCodes())
}

// DirPopulation is a population a service is for.
type DirPopulation string

// Schema lists the populations.
func (DirPopulation) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Whom a service is for.", directory.PopulationCodes())
}

// DirRole is an organisation's role in a country.
type DirRole string

// Schema lists the roles.
func (DirRole) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Role in a country: origin (source), transit or destination.", directory.RoleCodes())
}

// DirDay is a day of the week (iCalendar).
type DirDay string

// Schema lists the days.
func (DirDay) Schema(huma.Registry) *huma.Schema {
	return enumSchema("Day of the week, as iCalendar writes it.", directory.DayCodes())
}

// DirectoryOffer is a service and the populations it is for (none: everyone).
type DirectoryOffer struct {
	Service     DirService      `json:"service"`
	Populations []DirPopulation `json:"populations" doc:"Empty: for everyone."`
}

// DirectoryCountry is a country of operation and the roles there.
type DirectoryCountry struct {
	Country string    `json:"country" doc:"ISO 3166-1 alpha-3 code, e.g. NGA, NER, FRA."`
	Roles   []DirRole `json:"roles"`
}

// DirectoryOpening is a weekly opening, in the organisation's local time.
type DirectoryOpening struct {
	Day    DirDay `json:"day"`
	Opens  string `json:"opens" doc:"Time such as 09:00."`
	Closes string `json:"closes" doc:"Time such as 17:30 (24:00: midnight)."`
}

// DirectoryCapacity is the number of places, and those free now (shelters).
type DirectoryCapacity struct {
	Places    *int `json:"places,omitempty" minimum:"0"`
	Available *int `json:"available,omitempty" minimum:"0" doc:"Places free now; shelters only."`
}

// DirectoryProfile is an organisation's directory profile.
type DirectoryProfile struct {
	Services         []DirectoryOffer   `json:"services"`
	Countries        []DirectoryCountry `json:"countries"`
	Languages        []string           `json:"languages" doc:"ISO 639 codes, e.g. fr, en, ha."`
	Hours            []DirectoryOpening `json:"hours"`
	Capacity         DirectoryCapacity  `json:"capacity"`
	AcceptsReferrals bool               `json:"accepts_referrals" doc:"Whether it accepts referrals now."`
	UpdatedAt        *time.Time         `json:"updated_at,omitempty"`
}

// DirectoryEntry is one organisation of the directory.
type DirectoryEntry struct {
	ID      uuid.UUID `json:"id" format:"uuid"`
	Name    string    `json:"name"`
	Type    OrgType   `json:"type"`
	Country string    `json:"country" doc:"ISO 3166-1 alpha-3 code of its seat."`
	City    string    `json:"city"`
	Phone   string    `json:"phone"`
	Email   string    `json:"email"`
	Website string    `json:"website"`
	Remote  bool      `json:"remote" doc:"An organisation of another deployment (always false until deployments are connected)."`
	DirectoryProfile
}

func profileOut(p directory.Profile) DirectoryProfile {
	out := DirectoryProfile{Services: []DirectoryOffer{}, Countries: []DirectoryCountry{}, Languages: []string{},
		Hours: []DirectoryOpening{}, AcceptsReferrals: p.AcceptsReferrals,
		Capacity: DirectoryCapacity{Places: p.Capacity.Places, Available: p.Capacity.Available}}
	for _, s := range p.Services {
		o := DirectoryOffer{Service: DirService(s.Service), Populations: []DirPopulation{}}
		for _, q := range s.Populations {
			o.Populations = append(o.Populations, DirPopulation(q))
		}
		out.Services = append(out.Services, o)
	}
	for _, c := range p.Countries {
		o := DirectoryCountry{Country: c.Country, Roles: []DirRole{}}
		for _, r := range c.Roles {
			o.Roles = append(o.Roles, DirRole(r))
		}
		out.Countries = append(out.Countries, o)
	}
	out.Languages = append(out.Languages, p.Languages...)
	for _, h := range p.Hours {
		out.Hours = append(out.Hours, DirectoryOpening{Day: DirDay(h.Day), Opens: h.Opens, Closes: h.Closes})
	}
	if !p.UpdatedAt.IsZero() {
		at := p.UpdatedAt
		out.UpdatedAt = &at
	}
	return out
}

func entryOut(l directory.Listing) DirectoryEntry {
	o := l.Org
	return DirectoryEntry{ID: o.ID, Name: o.Name, Type: OrgType(o.Type), Country: o.Country, City: o.City, Phone: o.Phone,
		Email: o.Email, Website: o.Website, Remote: l.Remote, DirectoryProfile: profileOut(l.Profile)}
}

// DirectoryPatch is what PATCH /organisations/{id} may change in a profile;
// a field left out keeps its value, an empty list clears it.
type DirectoryPatch struct {
	Services         []DirectoryOffer   `json:"services,omitempty"`
	Countries        []DirectoryCountry `json:"countries,omitempty"`
	Languages        []string           `json:"languages,omitempty" doc:"ISO 639 codes, e.g. fr, en, ha."`
	Hours            []DirectoryOpening `json:"hours,omitempty"`
	Capacity         *DirectoryCapacity `json:"capacity,omitempty" doc:"Replaces both numbers; leave one out to clear it."`
	AcceptsReferrals *bool              `json:"accepts_referrals,omitempty" doc:"Whether it accepts referrals now."`
}

func (b DirectoryPatch) sent() bool {
	return b.Services != nil || b.Countries != nil || b.Languages != nil || b.Hours != nil || b.Capacity != nil ||
		b.AcceptsReferrals != nil
}

// apply sets the fields sent on p.
func (b DirectoryPatch) apply(p *directory.Profile) {
	if b.Services != nil {
		p.Services = make([]directory.Offer, 0, len(b.Services))
		for _, s := range b.Services {
			o := directory.Offer{Service: directory.Service(s.Service)}
			for _, q := range s.Populations {
				o.Populations = append(o.Populations, directory.Population(q))
			}
			p.Services = append(p.Services, o)
		}
	}
	if b.Countries != nil {
		p.Countries = make([]directory.Operation, 0, len(b.Countries))
		for _, c := range b.Countries {
			o := directory.Operation{Country: c.Country}
			for _, r := range c.Roles {
				o.Roles = append(o.Roles, directory.Role(r))
			}
			p.Countries = append(p.Countries, o)
		}
	}
	if b.Languages != nil {
		p.Languages = append([]string(nil), b.Languages...)
	}
	if b.Hours != nil {
		p.Hours = make([]directory.Opening, 0, len(b.Hours))
		for _, h := range b.Hours {
			p.Hours = append(p.Hours, directory.Opening{Day: directory.Day(h.Day), Opens: h.Opens, Closes: h.Closes})
		}
	}
	if b.Capacity != nil {
		p.Capacity = directory.Capacity{Places: b.Capacity.Places, Available: b.Capacity.Available}
	}
	if b.AcceptsReferrals != nil {
		p.AcceptsReferrals = *b.AcceptsReferrals
	}
}

type directoryQuery struct {
	Country    string        `query:"country" doc:"ISO 3166-1 alpha-3 code of a country of operation."`
	Service    DirService    `query:"service"`
	Population DirPopulation `query:"population" doc:"Served by the service asked for (or by any)."`
	Language   string        `query:"language" doc:"ISO 639 code, e.g. fr."`
	Accepting  bool          `query:"accepting" doc:"Only organisations accepting referrals now."`
}

type directoryOutput struct {
	Body struct {
		Items []DirectoryEntry `json:"items"`
	}
}

func (s *server) registerDirectory(a huma.API) {
	huma.Register(a, huma.Operation{
		OperationID: "search-directory", Method: http.MethodGet, Path: "/directory",
		Tags: []string{"directory"}, Security: secured,
		Summary:     "Search the directory of services",
		Description: "Organisations by country of operation (or seat, when it names none), service, population served and language, by name. Every signed-in user.",
		Middlewares: huma.Middlewares{requirePerm(auth.PermDirectory)},
		Errors:      []int{401, 403, 422, 429},
	}, s.searchDirectory)
	s.registerDirectoryHSDS(a)
}

func (s *server) searchDirectory(ctx context.Context, in *directoryQuery) (*directoryOutput, error) {
	ls, err := s.db.SearchDirectory(ctx, directory.Filter{Country: in.Country, Service: directory.Service(in.Service),
		Population: directory.Population(in.Population), Language: in.Language, Accepting: in.Accepting})
	if err != nil {
		return nil, s.fail(ctx, where(err, inQuery))
	}
	out := &directoryOutput{}
	out.Body.Items = make([]DirectoryEntry, 0, len(ls))
	for _, l := range ls {
		out.Body.Items = append(out.Body.Items, entryOut(l))
	}
	return out, nil
}

// orgPatchResult is an organisation with its directory profile: every field
// for its own members (and platform administrators), the public ones for a
// coordinator curating another organisation's profile.
type orgPatchResult struct {
	Organisation
	DirectoryProfile
}

// patchOrganisation saves the organisation's fields and its profile, as sent,
// in one store call (SaveDirectoryEntry checks each part's permission).
func (s *server) patchOrganisation(ctx context.Context, id uuid.UUID, b orgPatchBody) (*orgPatchResult, error) {
	var o *account.Organisation
	if b.orgSent() {
		org, err := s.db.GetOrganisation(ctx, id)
		if err != nil {
			return nil, err
		}
		b.applyOrg(&org)
		o = &org
	}
	var p *directory.Profile
	if b.DirectoryPatch.sent() {
		prof, err := s.db.DirectoryProfile(ctx, id)
		if err != nil {
			return nil, err
		}
		b.DirectoryPatch.apply(&prof)
		p = &prof
	}
	if o != nil || p != nil {
		if err := s.db.SaveDirectoryEntry(ctx, o, p); err != nil {
			return nil, err
		}
	}
	l, err := s.db.DirectoryListing(ctx, id)
	if err != nil {
		return nil, err
	}
	out := &orgPatchResult{Organisation: orgOut(l.Org, false), DirectoryProfile: profileOut(l.Profile)}
	if actor, _ := auth.ActorFrom(ctx); actor.IsAdmin() || actor.OrgID == id {
		full, err := s.db.GetOrganisation(ctx, id)
		if err != nil {
			return nil, err
		}
		out.Organisation = orgOut(full, true)
	} else if o == nil && p == nil {
		// Nothing sent by someone outside the organisation: as before, the
		// organisation is not theirs to see.
		if _, err := s.db.GetOrganisation(ctx, id); err != nil {
			return nil, err
		}
	}
	return out, nil
}
