package directory

import (
	"strings"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Filter narrows a directory search; an empty field does not filter.
// Country is a country of operation (or, for an organisation without any,
// its own country).
type Filter struct {
	Country    string     // ISO 3166-1 alpha-3
	Service    Service    // offered
	Population Population // served by the service asked for, or by any service
	Language   string     // ISO 639
	// Accepting keeps only organisations that accept referrals now.
	Accepting bool
}

// Normalise puts the codes in their canonical case.
func (f *Filter) Normalise() {
	f.Country = strings.ToUpper(strings.TrimSpace(f.Country))
	f.Service = Service(strings.ToLower(strings.TrimSpace(string(f.Service))))
	f.Population = Population(strings.ToLower(strings.TrimSpace(string(f.Population))))
	if f.Language = strings.TrimSpace(f.Language); f.Language != "" {
		f.Language = CanonicalLanguage(f.Language)
	}
}

// Validate names each filter that is not a known code.
func (f Filter) Validate() valid.Errors {
	var es valid.Errors
	es.Add(account.Country("country", f.Country))
	if f.Service != "" && !f.Service.Known() {
		es.Add(valid.New("service", RuleUnknownService, map[string]any{"allowed": ServiceCodes()}))
	}
	if f.Population != "" && !f.Population.Known() {
		es.Add(valid.New("population", RuleUnknownPopulation, map[string]any{"allowed": PopulationCodes()}))
	}
	if f.Language != "" && !KnownLanguage(f.Language) {
		es.Add(valid.New("language", RuleUnknownLanguage, nil))
	}
	return es
}

// Listing is one organisation as the directory shows it: its public contact
// details and its profile.
type Listing struct {
	Org     account.Organisation // public fields only: no address, no settings
	Profile Profile
	// Remote is true for an organisation of a peer deployment.
	Remote bool
}

// Matches reports whether the listing answers f (the store filters in SQL;
// this is the same rule for lists already in memory, such as an HSDS file).
func (l Listing) Matches(f Filter) bool {
	p := l.Profile
	if f.Accepting && !p.AcceptsReferrals {
		return false
	}
	if f.Country != "" {
		in := len(p.Countries) == 0 && l.Org.Country == f.Country
		for _, c := range p.Countries {
			in = in || c.Country == f.Country
		}
		if !in {
			return false
		}
	}
	if f.Language != "" && !contains(p.Languages, f.Language) {
		return false
	}
	if f.Service != "" || f.Population != "" {
		found := false
		for _, o := range p.Services {
			if (f.Service == "" || o.Service == f.Service) && o.For(f.Population) {
				found = true
			}
		}
		return found
	}
	return true
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// PublicOrg keeps the fields of o the directory shows to everyone.
func PublicOrg(o account.Organisation) account.Organisation {
	return account.Organisation{ID: o.ID, Name: o.Name, Type: o.Type, Country: o.Country, City: o.City,
		Phone: o.Phone, Email: o.Email, Website: o.Website}
}
