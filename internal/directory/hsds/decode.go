package hsds

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/country"
	"github.com/passerelle-org/passerelle/internal/directory"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// MaxRecords is the most organizations one file may hold, and MaxFileBytes
// the largest file read.
const (
	MaxRecords   = 5000
	MaxFileBytes = 32 << 20
)

// Rule ids this package adds; each needs "error.<rule>" in the catalogues.
const (
	RuleJSON        = "hsds_json"         // the file is not HSDS JSON (a page, a list or one organization)
	RuleServiceTerm = "hsds_service_term" // a service has no term of Passerelle's service vocabulary
	RuleTerm        = "hsds_term"         // a Passerelle term whose code is not in the vocabulary
	RuleValue       = "hsds_value"        // a term's value is not what the term needs (a number, true or false, a country)
)

// Rules lists the rule ids above.
var Rules = []string{RuleJSON, RuleServiceTerm, RuleTerm, RuleValue}

// Decode reads an HSDS file: a page of organizations ("contents"), a list
// of organizations, one organization, or one service with its organization.
// Every problem is returned at once, fields named "records[i].<path in the
// record>"; the listings are valid only when there is none (the store
// validates them again when it imports them).
func Decode(data []byte) ([]directory.Listing, valid.Errors) {
	orgs, err := records(data)
	if err != nil {
		return nil, valid.Errors{valid.New("file", RuleJSON, nil)}
	}
	if len(orgs) > MaxRecords {
		return nil, valid.Errors{valid.New("file", directory.RuleTooMany, map[string]any{"max": MaxRecords})}
	}
	var es valid.Errors
	out := make([]directory.Listing, 0, len(orgs))
	for i, o := range orgs {
		d := decoder{prefix: "records[" + strconv.Itoa(i) + "]."}
		l := d.organization(o)
		es = append(es, d.es...)
		out = append(out, l)
	}
	if len(es) > 0 {
		return nil, es
	}
	return out, nil
}

func records(data []byte) ([]Organization, error) {
	data = bytes.TrimSpace(data)
	if len(data) > 0 && data[0] == '[' {
		var list []Organization
		err := json.Unmarshal(data, &list)
		return list, err
	}
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(data, &keys); err != nil {
		return nil, err
	}
	switch {
	case keys["contents"] != nil:
		var p Page
		err := json.Unmarshal(data, &p)
		return p.Contents, err
	case keys["organization"] != nil && keys["status"] != nil:
		var s Service
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, err
		}
		if s.Organization == nil {
			return nil, errNoOrganization
		}
		o := *s.Organization
		s.Organization = nil
		o.Services = append(o.Services, s)
		return []Organization{o}, nil
	case keys["name"] != nil:
		var o Organization
		err := json.Unmarshal(data, &o)
		return []Organization{o}, err
	}
	return nil, errNoOrganization
}

type decodeError string

func (e decodeError) Error() string { return string(e) }

const errNoOrganization = decodeError("hsds: no organization")

type decoder struct {
	prefix string
	es     valid.Errors
}

func (d *decoder) fail(field, rule string, params map[string]any) {
	d.es.Add(valid.New(d.prefix+field, rule, params))
}

// ours returns the kind and code of a Passerelle term, ok false for another
// taxonomy's.
func ours(a Attribute) (kind, code string, ok bool) {
	t := a.TaxonomyTerm
	if t == nil || (t.Taxonomy != Taxonomy && (t.TaxonomyDetail == nil || t.TaxonomyDetail.ID != taxonomyID.String())) {
		return "", "", false
	}
	kind, code, _ = strings.Cut(t.Code, ":")
	return kind, code, true
}

func (d *decoder) organization(o Organization) directory.Listing {
	var l directory.Listing
	id, err := uuid.Parse(o.ID)
	switch {
	case strings.TrimSpace(o.ID) == "":
		d.fail("id", valid.RuleRequired, nil)
	case err != nil || id == uuid.Nil:
		d.fail("id", valid.RuleUUID, nil)
	}
	l.Org = account.Organisation{ID: id, Name: o.Name, Type: account.Other, Email: o.Email, Website: o.Website}
	for _, ph := range o.Phones {
		if n := strings.Trim(ph.Number, "\" "); n != "" {
			l.Org.Phone = n
			break
		}
	}
	p := &l.Profile
	p.OrgID = id
	d.place(o, &l.Org)
	langs := map[string]bool{}
	addLangs := func(path string, ls []Language) {
		for k, lg := range ls {
			c := directory.CanonicalLanguage(lg.Code)
			if !directory.KnownLanguage(c) {
				d.fail(path+".languages["+strconv.Itoa(k)+"].code", directory.RuleUnknownLanguage, nil)
				continue
			}
			if !langs[c] {
				langs[c] = true
				p.Languages = append(p.Languages, c)
			}
		}
	}
	for j, loc := range o.Locations {
		path := "locations[" + strconv.Itoa(j) + "]"
		addLangs(path, loc.Languages)
		d.schedules(path, loc.Schedules, p)
	}
	roles := map[string]int{}
	for k, a := range o.Attributes {
		kind, code, ok := ours(a)
		if !ok {
			continue
		}
		path := "attributes[" + strconv.Itoa(k) + "]"
		switch kind {
		case kindOrgType:
			if !slicesContains(account.OrgTypes, account.OrgType(code)) {
				d.fail(path, RuleTerm, nil)
			}
			l.Org.Type = account.OrgType(code)
		case kindRole:
			c := strings.ToUpper(strings.TrimSpace(a.Value))
			if !directory.Role(code).Known() {
				d.fail(path, RuleTerm, nil)
			} else if !country.Accepted(c) {
				d.fail(path+".value", RuleValue, nil)
			}
			i, seen := roles[c]
			if !seen {
				i = len(p.Countries)
				roles[c] = i
				p.Countries = append(p.Countries, directory.Operation{Country: c})
			}
			p.Countries[i].Roles = append(p.Countries[i].Roles, directory.Role(code))
		case kindCapacity:
			n, err := strconv.Atoi(strings.TrimSpace(a.Value))
			if err != nil {
				d.fail(path+".value", RuleValue, nil)
			}
			switch code {
			case "places":
				p.Capacity.Places = &n
			case "available":
				p.Capacity.Available = &n
			default:
				d.fail(path, RuleTerm, nil)
			}
		case kindReferrals:
			b, err := strconv.ParseBool(strings.TrimSpace(a.Value))
			if err != nil || code != "accepting" {
				d.fail(path+".value", RuleValue, nil)
			}
			p.AcceptsReferrals = b
		default:
			d.fail(path, RuleTerm, nil)
		}
	}
	seen := map[directory.Service]bool{}
	withHours := len(p.Hours) > 0
	for j, s := range o.Services {
		path := "services[" + strconv.Itoa(j) + "]"
		addLangs(path, s.Languages)
		if !withHours {
			d.schedules(path, s.Schedules, p)
		}
		if st := strings.ToLower(s.Status); st != "" && st != "active" {
			continue // an inactive or defunct service is not offered
		}
		var offer directory.Offer
		for k, a := range s.Attributes {
			kind, code, ok := ours(a)
			if !ok {
				continue
			}
			apath := path + ".attributes[" + strconv.Itoa(k) + "]"
			switch kind {
			case kindService:
				switch {
				case !directory.Service(code).Known():
					d.fail(apath, directory.RuleUnknownService, map[string]any{"allowed": directory.ServiceCodes()})
				case offer.Service != "" || seen[directory.Service(code)]:
					d.fail(apath, directory.RuleDuplicate, nil)
				}
				offer.Service = directory.Service(code)
			case kindPopulation:
				if !directory.Population(code).Known() {
					d.fail(apath, directory.RuleUnknownPopulation, map[string]any{"allowed": directory.PopulationCodes()})
				}
				offer.Populations = append(offer.Populations, directory.Population(code))
			default:
				d.fail(apath, RuleTerm, nil)
			}
		}
		if offer.Service == "" {
			d.fail(path+".attributes", RuleServiceTerm, nil)
			continue
		}
		seen[offer.Service] = true
		p.Services = append(p.Services, offer)
	}
	return l
}

// place reads the organisation's city and country from its first location
// with an address.
func (d *decoder) place(o Organization, org *account.Organisation) {
	for j, loc := range o.Locations {
		for k, a := range loc.Addresses {
			path := "locations[" + strconv.Itoa(j) + "].addresses[" + strconv.Itoa(k) + "].country"
			c := strings.ToUpper(strings.TrimSpace(a.Country))
			if a3, ok := country.FromAlpha2(c); ok {
				c = a3
			}
			if !country.Accepted(c) {
				d.fail(path, account.RuleCountry, nil)
			}
			org.Country, org.City = c, strings.TrimSpace(a.City)
			return
		}
	}
	d.fail("locations", valid.RuleRequired, nil)
}

// schedules adds weekly schedules to p's opening hours.
func (d *decoder) schedules(path string, ss []Schedule, p *directory.Profile) {
	for k, s := range ss {
		sp := path + ".schedules[" + strconv.Itoa(k) + "]"
		if f := strings.ToUpper(s.Freq); f != "" && f != "WEEKLY" {
			d.fail(sp+".freq", valid.RuleOneOf, map[string]any{"allowed": []string{"WEEKLY"}})
			continue
		}
		opens, ok1 := directory.ParseTime(s.OpensAt)
		closes, ok2 := directory.ParseTime(s.ClosesAt)
		if !ok1 {
			d.fail(sp+".opens_at", directory.RuleTime, nil)
		}
		if !ok2 {
			d.fail(sp+".closes_at", directory.RuleTime, nil)
		}
		for _, day := range strings.Split(s.Byday, ",") {
			day = strings.ToUpper(strings.TrimSpace(day))
			if !directory.Day(day).Known() {
				d.fail(sp+".byday", directory.RuleUnknownDay, map[string]any{"allowed": directory.DayCodes()})
				break
			}
			p.Hours = append(p.Hours, directory.Opening{Day: directory.Day(day), Opens: opens, Closes: closes})
		}
	}
}

func slicesContains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
