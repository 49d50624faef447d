package casework

import "slices"

// RouteScope says whether a journey stayed in one country. It is Unknown
// whenever the origin or the destination is not known: a journey whose end
// is missing may yet cross a border, so it is counted as neither.
type RouteScope string

const (
	RouteDomestic      RouteScope = "domestic"      // origin and destination known, one country in all
	RouteInternational RouteScope = "international" // origin and destination known, more than one country
	RouteUnknown       RouteScope = "unknown"       // origin or destination not known
)

// RouteScopes lists the scopes, for enumerations and counts.
var RouteScopes = []string{string(RouteDomestic), string(RouteInternational), string(RouteUnknown)}

// Route is the journey derived from the events: where the person was
// recruited, what they passed through, where they were exploited.
type Route struct {
	Origin        []string // countries of recruitment, in event order, without repeats
	Transit       []string
	Destination   []string // countries of exploitation
	Scope         RouteScope
	International bool // Scope is RouteInternational
	Domestic      bool // Scope is RouteDomestic
	// CrossesBorder is a fact whatever the scope: the events name more
	// than one country (a recruitment and a transit suffice).
	CrossesBorder bool
}

// Route derives the route from c.Events.
func (c Case) Route() Route {
	var r Route
	all := map[string]bool{}
	for _, e := range c.Events {
		if e.Country == "" {
			continue
		}
		all[e.Country] = true
		switch e.Kind {
		case "recruitment":
			r.Origin = appendNew(r.Origin, e.Country)
		case "transit":
			r.Transit = appendNew(r.Transit, e.Country)
		case "exploitation":
			r.Destination = appendNew(r.Destination, e.Country)
		}
	}
	r.CrossesBorder = len(all) > 1
	switch {
	case len(r.Origin) == 0 || len(r.Destination) == 0:
		r.Scope = RouteUnknown
	case len(all) > 1:
		r.Scope = RouteInternational
	default:
		r.Scope = RouteDomestic
	}
	r.International = r.Scope == RouteInternational
	r.Domestic = r.Scope == RouteDomestic
	return r
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
