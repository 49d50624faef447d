package casework

import "testing"

func TestRouteScope(t *testing.T) {
	ev := func(kind, country string) Event { return Event{Kind: kind, Country: country} }
	for _, tc := range []struct {
		name   string
		events []Event
		scope  RouteScope
		border bool
	}{
		{"origin only", []Event{ev("recruitment", "NGA")}, RouteUnknown, false},
		{"origin and transit, no destination", []Event{ev("recruitment", "NGA"), ev("transit", "NER")}, RouteUnknown, true},
		{"destination only", []Event{ev("exploitation", "FRA")}, RouteUnknown, false},
		{"both the same", []Event{ev("recruitment", "FRA"), ev("exploitation", "FRA")}, RouteDomestic, false},
		{"both different", []Event{ev("recruitment", "NGA"), ev("exploitation", "FRA")}, RouteInternational, true},
		{"same ends through another country", []Event{ev("recruitment", "NER"), ev("transit", "NGA"), ev("exploitation", "NER")}, RouteInternational, true},
		{"neither", nil, RouteUnknown, false},
		{"neither, transit only", []Event{ev("transit", "LBY")}, RouteUnknown, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := Case{Events: tc.events}.Route()
			if r.Scope != tc.scope || r.International != (tc.scope == RouteInternational) ||
				r.Domestic != (tc.scope == RouteDomestic) || r.CrossesBorder != tc.border {
				t.Fatalf("route %+v, want scope %s, crosses border %v", r, tc.scope, tc.border)
			}
		})
	}
}
