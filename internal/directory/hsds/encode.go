package hsds

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"

	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/directory"
)

// Taxonomy is the value of taxonomy_term.taxonomy for Passerelle's terms.
const Taxonomy = "passerelle"

// Term code prefixes (the part before ":").
const (
	kindService    = "service"
	kindPopulation = "population"
	kindRole       = "role"
	kindOrgType    = "org_type"
	kindCapacity   = "capacity"
	kindReferrals  = "referrals"
)

// namespace makes the identifiers of a file from Passerelle's own (UUIDv5),
// so that exporting the same directory twice gives the same file.
var namespace = uuid.MustParse("6f1d3c6e-2f5b-5b8e-9a57-0c9a3d5e7f21")

func derive(parent uuid.UUID, name string) string { return uuid.NewSHA1(parent, []byte(name)).String() }

// Names gives the text of a catalogue key in a language (i18n.T): HSDS wants
// names for services and terms, in English, with French as alternate names.
type Names func(lang, key string) string

// Encode writes the listings as one HSDS page of organizations (indented
// JSON). Remote listings are not written: they belong to another deployment.
func Encode(ls []directory.Listing, names Names) ([]byte, error) {
	p := Page{PageNumber: 1, TotalPages: 1, FirstPage: true, LastPage: true, Contents: []Organization{}}
	for _, l := range ls {
		if !l.Remote {
			p.Contents = append(p.Contents, organization(l, names))
		}
	}
	p.TotalItems, p.Size, p.Empty = len(p.Contents), len(p.Contents), len(p.Contents) == 0
	b, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

func organization(l directory.Listing, names Names) Organization {
	o, p := l.Org, l.Profile
	id := o.ID
	out := Organization{ID: id.String(), Name: o.Name, Email: o.Email, Website: o.Website}
	if o.Phone != "" {
		out.Phones = []Phone{{ID: derive(id, "phone"), Number: o.Phone}}
	}
	locID := uuid.NewSHA1(id, []byte("location"))
	a2 := country.Alpha2(o.Country)
	if a2 == "" {
		a2 = o.Country
	}
	langs := languages(locID, p.Languages)
	out.Locations = []Location{{
		ID: locID.String(), LocationType: "physical", Name: o.City,
		Addresses: []Address{{ID: derive(locID, "address"), City: o.City, Country: a2, AddressType: "physical"}},
		Languages: langs,
		Schedules: schedules(locID, p.Hours),
	}}
	attr := func(link uuid.UUID, entity, kind, code, value string) Attribute {
		return Attribute{ID: derive(link, kind+":"+code+"="+value), LinkID: link.String(), LinkEntity: entity, Value: value,
			TaxonomyTerm: term(kind, code, names)}
	}
	out.Attributes = append(out.Attributes, attr(id, "organization", kindOrgType, string(o.Type), ""))
	for _, c := range p.Countries {
		for _, r := range c.Roles {
			out.Attributes = append(out.Attributes, attr(id, "organization", kindRole, string(r), c.Country))
		}
	}
	if n := p.Capacity.Places; n != nil {
		out.Attributes = append(out.Attributes, attr(id, "organization", kindCapacity, "places", strconv.Itoa(*n)))
	}
	if n := p.Capacity.Available; n != nil {
		out.Attributes = append(out.Attributes, attr(id, "organization", kindCapacity, "available", strconv.Itoa(*n)))
	}
	out.Attributes = append(out.Attributes, attr(id, "organization", kindReferrals, "accepting", strconv.FormatBool(p.AcceptsReferrals)))
	for _, s := range p.Services {
		sid := uuid.NewSHA1(id, []byte("service:"+string(s.Service)))
		svc := Service{ID: sid.String(), OrganizationID: id.String(), Status: "active",
			Name:               names("en", "directory.service."+string(s.Service)),
			AlternateName:      names("fr", "directory.service."+string(s.Service)),
			Languages:          languages(sid, p.Languages),
			ServiceAtLocations: []ServiceAtLocation{{ID: derive(sid, "at"), ServiceID: sid.String(), LocationID: locID.String()}},
		}
		svc.Attributes = append(svc.Attributes, attr(sid, "service", kindService, string(s.Service), ""))
		for _, q := range s.Populations {
			svc.Attributes = append(svc.Attributes, attr(sid, "service", kindPopulation, string(q), ""))
		}
		out.Services = append(out.Services, svc)
	}
	return out
}

// taxonomyID is the one identifier of Passerelle's taxonomy.
var taxonomyID = uuid.NewSHA1(namespace, []byte(Taxonomy))

func term(kind, code string, names Names) *TaxonomyTerm {
	full := kind + ":" + code
	name := full
	switch kind {
	case kindService, kindPopulation, kindRole:
		name = names("en", "directory."+kind+"."+code)
	case kindOrgType:
		name = names("en", "admin.orgtype."+code)
	}
	return &TaxonomyTerm{ID: derive(taxonomyID, full), Code: full, Name: name, Description: "", Taxonomy: Taxonomy,
		Language: "en",
		TaxonomyDetail: &TaxonomyDetail{ID: taxonomyID.String(), Name: Taxonomy, Description: "",
			Version: "1"}}
}

func languages(parent uuid.UUID, codes []string) []Language {
	var out []Language
	for _, c := range codes {
		name := ""
		if b, err := language.ParseBase(c); err == nil {
			name = display.English.Languages().Name(b)
		}
		out = append(out, Language{ID: derive(parent, "language:"+c), Name: name, Code: c})
	}
	return out
}

// schedules groups the opening hours of equal times into one weekly
// schedule each, days in week order.
func schedules(parent uuid.UUID, hs []directory.Opening) []Schedule {
	type span struct{ opens, closes string }
	var order []span
	days := map[span][]string{}
	for _, h := range hs {
		k := span{h.Opens, h.Closes}
		if _, ok := days[k]; !ok {
			order = append(order, k)
		}
		days[k] = append(days[k], string(h.Day))
	}
	slices.SortStableFunc(order, func(a, b span) int { return strings.Compare(a.opens+a.closes, b.opens+b.closes) })
	var out []Schedule
	for _, k := range order {
		by := strings.Join(days[k], ",")
		out = append(out, Schedule{ID: derive(parent, "schedule:"+by+" "+k.opens+"-"+k.closes), Freq: "WEEKLY", Wkst: "MO",
			Byday: by, OpensAt: k.opens + ":00", ClosesAt: k.closes + ":00"})
	}
	return out
}
