package casestats

import (
	"github.com/passerelle-org/passerelle/internal/account"
	"github.com/passerelle-org/passerelle/internal/valid"
)

// The scopes a table counts cases in.
const (
	ScopeOrganisation = "organisation" // the actor's own organisation
	ScopeCountry      = "country"      // every organisation in one country
	ScopeNetwork      = "network"      // every organisation of the deployment
)

// Scopes lists the scopes, narrowest first.
var Scopes = []string{ScopeOrganisation, ScopeCountry, ScopeNetwork}

// Request is what a table is asked for.
type Request struct {
	By      []string // variable names (ParseBy)
	Scope   string   // one of Scopes
	Country string   // ISO alpha-3, for ScopeCountry only
}

// Normalise checks r and puts it in its one form: By split and checked, the
// scope defaulting to the organisation, a country only for a country's scope.
func (r *Request) Normalise() valid.Errors {
	by, es := ParseBy("by", r.By)
	r.By = by
	if r.Scope == "" {
		r.Scope = ScopeOrganisation
	}
	es.Add(valid.OneOf("scope", r.Scope, Scopes...))
	if r.Scope == ScopeCountry {
		if r.Country == "" {
			es.Add(valid.New("country", valid.RuleRequired, nil))
		}
		es.Add(account.Country("country", r.Country))
	} else {
		r.Country = ""
	}
	return es
}
