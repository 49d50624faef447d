package casework

import "slices"

// Route is the journey derived from the events: where the person was
// recruited, what they passed through, where they were exploited.
type Route struct {
	Origin        []string // countries of recruitment, in event order, without repeats
	Transit       []string
	Destination   []string // countries of exploitation
	International bool     // more than one country appears
	Domestic      bool     // events in exactly one country
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
	r.International = len(all) > 1
	r.Domestic = len(all) == 1
	return r
}

func appendNew(list []string, v string) []string {
	if slices.Contains(list, v) {
		return list
	}
	return append(list, v)
}
