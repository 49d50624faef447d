package legislation

import (
	_ "embed"
	"fmt"
	"slices"

	"github.com/BurntSushi/toml"
)

// Instrument is the treaty a requirement comes from.
type Instrument string

// The instruments, in the order the catalogue lists them.
const (
	Palermo Instrument = "palermo" // UN Protocol on trafficking in persons (2000)
	CoE     Instrument = "coe"     // Council of Europe Convention (Warsaw, 2005)
)

// Instruments lists the instruments.
var Instruments = []Instrument{Palermo, CoE}

// Requirement is one obligation of an instrument that a country's law meets
// or not. ID is stable: assessments store it.
type Requirement struct {
	ID         string     `toml:"id"`
	Instrument Instrument `toml:"instrument"`
	Article    string     `toml:"article"`   // the article's number, "3"
	Paragraph  string     `toml:"paragraph"` // where in the article, "2(a)"; may be empty
}

// TitleID is the message id of the requirement's short title.
func (r Requirement) TitleID() string { return "legislation.req." + r.ID + ".title" }

// ExplanationID is the message id of what the requirement asks of the law.
func (r Requirement) ExplanationID() string { return "legislation.req." + r.ID + ".explanation" }

// InstrumentID is the message id of the requirement's instrument's name.
func (r Requirement) InstrumentID() string { return InstrumentMessage(r.Instrument) }

// InstrumentMessage is the message id of an instrument's name.
func InstrumentMessage(i Instrument) string { return "legislation.instrument." + string(i) }

//go:embed requirements.toml
var requirementsTOML []byte

var catalogue = mustLoad(requirementsTOML)

func mustLoad(b []byte) []Requirement {
	rs, err := parseCatalogue(b)
	if err != nil {
		// The catalogue is embedded: a malformed one is a build defect that
		// the package's tests catch.
		panic(err)
	}
	return rs
}

// parseCatalogue reads a catalogue and checks what every reader relies on:
// ids present and unique, a known instrument, an article.
func parseCatalogue(b []byte) ([]Requirement, error) {
	var f struct {
		Requirement []Requirement `toml:"requirement"`
	}
	md, err := toml.Decode(string(b), &f)
	if err != nil {
		return nil, fmt.Errorf("legislation: catalogue: %w", err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("legislation: catalogue: unknown key %s", un[0])
	}
	seen := map[string]bool{}
	for i, r := range f.Requirement {
		switch {
		case r.ID == "" || len(r.ID) > MaxRequirementID:
			return nil, fmt.Errorf("legislation: catalogue: requirement %d: bad id %q", i, r.ID)
		case seen[r.ID]:
			return nil, fmt.Errorf("legislation: catalogue: id %s twice", r.ID)
		case !slices.Contains(Instruments, r.Instrument):
			return nil, fmt.Errorf("legislation: catalogue: %s: unknown instrument %q", r.ID, r.Instrument)
		case r.Article == "":
			return nil, fmt.Errorf("legislation: catalogue: %s: no article", r.ID)
		}
		seen[r.ID] = true
	}
	if len(f.Requirement) == 0 {
		return nil, fmt.Errorf("legislation: catalogue: empty")
	}
	return f.Requirement, nil
}

// MaxRequirementID is the longest requirement id (what a client may send).
const MaxRequirementID = 40

// Requirements returns the catalogue, in order (a copy).
func Requirements() []Requirement { return slices.Clone(catalogue) }

// RequirementIDs returns the ids of the catalogue, in order.
func RequirementIDs() []string {
	out := make([]string, len(catalogue))
	for i, r := range catalogue {
		out[i] = r.ID
	}
	return out
}

// Lookup finds a requirement by id.
func Lookup(id string) (Requirement, bool) {
	i := slices.IndexFunc(catalogue, func(r Requirement) bool { return r.ID == id })
	if i < 0 {
		return Requirement{}, false
	}
	return catalogue[i], true
}
