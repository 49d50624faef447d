package directory

import (
	"testing"
)

func TestOffers(t *testing.T) {
	p := Profile{Services: []Offer{{Service: Shelter, Populations: []Population{Women}}}, AcceptsReferrals: true}
	for _, c := range []struct {
		p   Profile
		s   Service
		ok  bool
		why Reason
	}{
		{p, Shelter, true, Offered},
		{p, Health, false, NotOffered},
		{p, "massage", false, UnknownService},
		{Profile{Services: p.Services}, Shelter, false, NotAccepting},
		{Profile{AcceptsReferrals: true}, Shelter, false, NotOffered},
	} {
		ok, why := Offers(c.p, c.s)
		if ok != c.ok || why != c.why {
			t.Errorf("Offers(%v, %s) = %v %q, want %v %q", c.p.Services, c.s, ok, why, c.ok, c.why)
		}
	}
	if ok, s, why := OffersAll(p, []Service{Shelter, LegalAssistance}); ok || s != LegalAssistance || why != NotOffered {
		t.Errorf("OffersAll: %v %s %s", ok, s, why)
	}
	// Each reason is a rule with a message.
	for _, r := range []Reason{UnknownService, NotOffered, NotAccepting} {
		found := false
		for _, rule := range Rules {
			found = found || rule == string(r)
		}
		if !found {
			t.Errorf("reason %s is not in Rules", r)
		}
	}
}

func TestNormaliseAndValidate(t *testing.T) {
	p := Profile{
		Services:  []Offer{{Service: " Health ", Populations: []Population{"men", "WOMEN", "men"}}, {Service: "shelter"}},
		Countries: []Operation{{Country: "ner", Roles: []Role{"transit", "source"}}},
		Languages: []string{"fra", "EN", "fr"},
		Hours:     []Opening{{Day: "tu", Opens: "9:00", Closes: "17:00:00"}, {Day: "MO", Opens: "0800", Closes: "1200"}},
	}
	p.Normalise()
	if es := p.Validate(); len(es) > 0 {
		t.Fatal(es)
	}
	if p.Services[0].Service != Shelter || p.Services[1].Populations[0] != Women || len(p.Services[1].Populations) != 2 ||
		p.Countries[0].Roles[0] != Source || len(p.Languages) != 2 || p.Languages[1] != "fr" ||
		p.Hours[0] != (Opening{Monday, "08:00", "12:00"}) || p.Hours[1].Opens != "09:00" || p.Hours[1].Closes != "17:00" {
		t.Fatalf("normalised %+v", p)
	}
	over := Profile{Hours: []Opening{{Monday, "08:00", "12:00"}, {Monday, "11:00", "14:00"}, {Sunday, "00:00", "24:00"}}}
	if es := over.Validate(); len(es) != 1 || !es.Has("hours[1].opens", RuleOverlap) {
		t.Fatalf("overlap: %v", es)
	}
	a := 5
	if es := (Profile{Capacity: Capacity{Available: &a}}).Validate(); !es.Has("capacity.available", RuleAvailable) {
		t.Fatalf("available without a shelter: %v", es)
	}
	if es := (Filter{Service: "x", Population: "y", Language: "zz-1", Country: "XXX"}).Validate(); len(es) != 4 {
		t.Fatalf("filter: %v", es)
	}
}

func TestListingMatches(t *testing.T) {
	l := Listing{Profile: Profile{Services: []Offer{{Service: LegalAssistance}}, Languages: []string{"fr"},
		Countries: []Operation{{Country: "FRA", Roles: []Role{Destination}}}}}
	for _, c := range []struct {
		f  Filter
		ok bool
	}{
		{Filter{}, true},
		{Filter{Service: LegalAssistance, Population: LGBTQI}, true},
		{Filter{Service: Shelter}, false},
		{Filter{Country: "NER"}, false},
		{Filter{Language: "en"}, false},
		{Filter{Accepting: true}, false},
	} {
		if got := l.Matches(c.f); got != c.ok {
			t.Errorf("%+v: %v", c.f, got)
		}
	}
}

// TestCommonLanguagesCanonical: the boxes forms offer are codes as the
// directory keeps them, or a ticked box would never show ticked again.
func TestCommonLanguagesCanonical(t *testing.T) {
	for _, c := range CommonLanguages {
		if CanonicalLanguage(c) != c || !KnownLanguage(c) {
			t.Errorf("%s is kept as %s", c, CanonicalLanguage(c))
		}
	}
}
