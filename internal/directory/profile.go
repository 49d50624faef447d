package directory

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/text/language"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// Limits of a profile.
const (
	MaxCountries = 60    // countries of operation
	MaxLanguages = 40    // languages
	MaxOpenings  = 21    // opening hours entries (three a day)
	MaxPlaces    = 10000 // places of a shelter or a centre
)

// Rule ids this package adds to those of package valid. Each needs an
// "error.<rule>" text in both catalogues.
const (
	RuleUnknownService    = "unknown_service"     // not in Services
	RuleUnknownPopulation = "unknown_population"  // not in Populations
	RuleUnknownRole       = "unknown_role"        // not in Roles
	RuleUnknownLanguage   = "unknown_language"    // not an ISO 639 language code
	RuleUnknownDay        = "unknown_day"         // not a day of the week
	RuleTime              = "opening_time"        // not a time of day such as 09:00 (24:00 closes at midnight)
	RuleTimeOrder         = "opening_order"       // closes before it opens
	RuleOverlap           = "opening_overlap"     // two opening times of one day overlap
	RuleDuplicate         = "directory_duplicate" // a service or a country given twice
	RuleTooMany           = "directory_too_many"  // Params["max"]: more entries than allowed
	RuleCountryRoles      = "country_roles"       // a country of operation without any role
	RuleAvailable         = "places_available"    // places available more than places, or without a shelter
	// The reasons Offers gives (see Reason).
	RuleNotOffered   = string(NotOffered)
	RuleNotAccepting = string(NotAccepting)
)

// Rules lists the rule ids above.
var Rules = []string{
	RuleUnknownService, RuleUnknownPopulation, RuleUnknownRole, RuleUnknownLanguage, RuleUnknownDay, RuleTime,
	RuleTimeOrder, RuleOverlap, RuleDuplicate, RuleTooMany, RuleCountryRoles, RuleAvailable,
	RuleNotOffered, RuleNotAccepting,
}

// Offer is one service and the populations it is for; no population means
// it is for everyone.
type Offer struct {
	Service     Service
	Populations []Population
}

// For reports whether the offer serves population p ("" is anyone).
func (o Offer) For(p Population) bool {
	return p == "" || len(o.Populations) == 0 || slices.Contains(o.Populations, p)
}

// Operation is a country the organisation works in and its roles there.
type Operation struct {
	Country string // ISO 3166-1 alpha-3
	Roles   []Role
}

// Opening is one period a week when the organisation is open, in its local
// time: Opens and Closes are "15:04" ("24:00" closes at midnight).
type Opening struct {
	Day    Day
	Opens  string
	Closes string
}

// Capacity is how many people the organisation can take in; Available, the
// places free now, is kept only for shelters. Nil is unknown.
type Capacity struct {
	Places    *int
	Available *int
}

// Profile is an organisation's entry in the directory beyond its contact
// details (account.Organisation): none of it is about a person.
type Profile struct {
	OrgID     uuid.UUID
	Services  []Offer
	Countries []Operation
	Languages []string // ISO 639 codes, canonical (ISO 639-1 where there is one)
	Hours     []Opening
	Capacity  Capacity
	// AcceptsReferrals is whether the organisation takes referrals now.
	AcceptsReferrals bool
	UpdatedAt        time.Time // zero: never edited
}

// Offer returns the offer of service s, if the profile has one.
func (p Profile) Offer(s Service) (Offer, bool) {
	for _, o := range p.Services {
		if o.Service == s {
			return o, true
		}
	}
	return Offer{}, false
}

// Normalise puts codes in their canonical form and order (vocabulary order
// for services, populations, roles and days; countries and languages sorted),
// so that validation, storage and comparison see one form. Unknown codes are
// kept (Validate names them).
func (p *Profile) Normalise() {
	for i := range p.Services {
		o := &p.Services[i]
		o.Service = Service(strings.ToLower(strings.TrimSpace(string(o.Service))))
		for j, q := range o.Populations {
			o.Populations[j] = Population(strings.ToLower(strings.TrimSpace(string(q))))
		}
		o.Populations = orderBy(o.Populations, Populations)
	}
	slices.SortStableFunc(p.Services, func(a, b Offer) int { return rank(Services, a.Service) - rank(Services, b.Service) })
	for i := range p.Countries {
		c := &p.Countries[i]
		c.Country = strings.ToUpper(strings.TrimSpace(c.Country))
		for j, r := range c.Roles {
			c.Roles[j] = Role(strings.ToLower(strings.TrimSpace(string(r))))
		}
		c.Roles = orderBy(c.Roles, Roles)
	}
	slices.SortStableFunc(p.Countries, func(a, b Operation) int { return strings.Compare(a.Country, b.Country) })
	for i, l := range p.Languages {
		p.Languages[i] = CanonicalLanguage(l)
	}
	slices.Sort(p.Languages)
	p.Languages = slices.Compact(p.Languages)
	for i := range p.Hours {
		h := &p.Hours[i]
		h.Day = Day(strings.ToUpper(strings.TrimSpace(string(h.Day))))
		h.Opens, h.Closes = canonicalTime(h.Opens), canonicalTime(h.Closes)
	}
	slices.SortStableFunc(p.Hours, func(a, b Opening) int {
		if d := rank(Days, a.Day) - rank(Days, b.Day); d != 0 {
			return d
		}
		return strings.Compare(a.Opens, b.Opens)
	})
	if len(p.Services) == 0 {
		p.Services = nil
	}
	if len(p.Countries) == 0 {
		p.Countries = nil
	}
	if len(p.Languages) == 0 {
		p.Languages = nil
	}
	if len(p.Hours) == 0 {
		p.Hours = nil
	}
}

func (p Profile) offers(s Service) bool { _, ok := p.Offer(s); return ok }

// rank is v's position in list; unknown values sort last.
func rank[T comparable](list []T, v T) int {
	if i := slices.Index(list, v); i >= 0 {
		return i
	}
	return len(list)
}

// orderBy sorts vs by their place in list and drops repeats (unknown values
// stay, at the end, for Validate to name). An empty result is nil.
func orderBy[T ~string](vs []T, list []T) []T {
	if len(vs) == 0 {
		return nil
	}
	slices.SortStableFunc(vs, func(a, b T) int {
		if d := rank(list, a) - rank(list, b); d != 0 {
			return d
		}
		return strings.Compare(string(a), string(b))
	})
	return slices.Compact(vs)
}

// Validate checks the whole profile and returns every problem, each naming
// the field (e.g. "services[2].service", "countries[0].roles[1]",
// "hours[3].closes") and the rule.
func (p Profile) Validate() valid.Errors {
	var es valid.Errors
	seen := map[Service]bool{}
	for i, o := range p.Services {
		f := "services[" + strconv.Itoa(i) + "]"
		switch {
		case o.Service == "":
			es.Add(valid.New(f+".service", valid.RuleRequired, nil))
		case !o.Service.Known():
			es.Add(valid.New(f+".service", RuleUnknownService, map[string]any{"allowed": ServiceCodes()}))
		case seen[o.Service]:
			es.Add(valid.New(f+".service", RuleDuplicate, nil))
		}
		seen[o.Service] = true
		for j, q := range o.Populations {
			if !q.Known() {
				es.Add(valid.New(f+".populations["+strconv.Itoa(j)+"]", RuleUnknownPopulation,
					map[string]any{"allowed": PopulationCodes()}))
			}
		}
	}
	if len(p.Countries) > MaxCountries {
		es.Add(valid.New("countries", RuleTooMany, map[string]any{"max": MaxCountries}))
	}
	seenC := map[string]bool{}
	for i, c := range p.Countries {
		f := "countries[" + strconv.Itoa(i) + "]"
		switch {
		case c.Country == "":
			es.Add(valid.New(f+".country", valid.RuleRequired, nil))
		case !country.Accepted(c.Country):
			es.Add(valid.New(f+".country", account.RuleCountry, nil))
		case seenC[c.Country]:
			es.Add(valid.New(f+".country", RuleDuplicate, nil))
		}
		seenC[c.Country] = true
		if len(c.Roles) == 0 {
			es.Add(valid.New(f+".roles", RuleCountryRoles, nil))
		}
		for j, r := range c.Roles {
			if !r.Known() {
				es.Add(valid.New(f+".roles["+strconv.Itoa(j)+"]", RuleUnknownRole, map[string]any{"allowed": RoleCodes()}))
			}
		}
	}
	if len(p.Languages) > MaxLanguages {
		es.Add(valid.New("languages", RuleTooMany, map[string]any{"max": MaxLanguages}))
	}
	for i, l := range p.Languages {
		if !KnownLanguage(l) {
			es.Add(valid.New("languages["+strconv.Itoa(i)+"]", RuleUnknownLanguage, nil))
		}
	}
	es = append(es, validateHours(p.Hours)...)
	es.Add(count("capacity.places", p.Capacity.Places))
	es.Add(count("capacity.available", p.Capacity.Available))
	if a := p.Capacity.Available; a != nil {
		if !p.offers(Shelter) || (p.Capacity.Places != nil && *a > *p.Capacity.Places) {
			es.Add(valid.New("capacity.available", RuleAvailable, nil))
		}
	}
	return es
}

// count checks an optional number of places.
func count(field string, n *int) *valid.FieldError {
	if n != nil && (*n < 0 || *n > MaxPlaces) {
		return valid.New(field, account.RuleRange, map[string]any{"min": 0, "max": MaxPlaces})
	}
	return nil
}

func validateHours(hs []Opening) valid.Errors {
	var es valid.Errors
	if len(hs) > MaxOpenings {
		es.Add(valid.New("hours", RuleTooMany, map[string]any{"max": MaxOpenings}))
	}
	for i, h := range hs {
		f := "hours[" + strconv.Itoa(i) + "]"
		ok := true
		if !h.Day.Known() {
			es.Add(valid.New(f+".day", RuleUnknownDay, map[string]any{"allowed": DayCodes()}))
			ok = false
		}
		if _, good := minutes(h.Opens); !good || h.Opens == "24:00" {
			es.Add(valid.New(f+".opens", RuleTime, nil))
			ok = false
		}
		if _, good := minutes(h.Closes); !good {
			es.Add(valid.New(f+".closes", RuleTime, nil))
			ok = false
		}
		if !ok {
			continue
		}
		if h.Closes <= h.Opens {
			es.Add(valid.New(f+".closes", RuleTimeOrder, nil))
			continue
		}
		for j := 0; j < i; j++ {
			g := hs[j]
			if g.Day == h.Day && g.Opens < h.Closes && h.Opens < g.Closes {
				es.Add(valid.New(f+".opens", RuleOverlap, nil))
				break
			}
		}
	}
	return es
}

// minutes parses "15:04" (or "24:00") into minutes after midnight.
func minutes(s string) (int, bool) {
	if len(s) != 5 || s[2] != ':' {
		return 0, false
	}
	h, err1 := strconv.Atoi(s[:2])
	m, err2 := strconv.Atoi(s[3:])
	if err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59 || h > 24 || (h == 24 && m != 0) {
		return 0, false
	}
	return h*60 + m, true
}

// canonicalTime writes "9:00", "09:00:00" or "0900" as "09:00"; anything
// else is returned trimmed for Validate to refuse.
func canonicalTime(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == 8 && s[5:] == ":00" && s[2] == ':' {
		s = s[:5]
	}
	if len(s) == 4 && s[1] == ':' {
		s = "0" + s
	}
	if len(s) == 4 && !strings.Contains(s, ":") {
		s = s[:2] + ":" + s[2:]
	}
	return s
}

// CanonicalLanguage writes an ISO 639 code the one way the directory keeps
// it: lower case, ISO 639-1 where the language has one ("fra" gives "fr").
// A code that is not a language is returned lower-cased.
func CanonicalLanguage(code string) string {
	code = strings.ToLower(strings.TrimSpace(code))
	b, err := language.ParseBase(code)
	if err != nil {
		return code
	}
	return b.String()
}

// KnownLanguage reports whether code is a canonical ISO 639 language code
// that the language data knows ("und" and private-use codes are not).
func KnownLanguage(code string) bool {
	b, err := language.ParseBase(code)
	if err != nil || b.String() != code || code == "und" || strings.HasPrefix(code, "q") && len(code) == 3 {
		return false
	}
	return true
}

// ParseTime reads a time of day as people and files write it ("9:00",
// "09:00:00", "0900") and returns it as the directory keeps it ("09:00").
func ParseTime(s string) (string, bool) {
	c := canonicalTime(s)
	_, ok := minutes(c)
	return c, ok
}
