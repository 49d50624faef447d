package identify

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"io"
	"io/fs"
	"regexp"
	"sort"
	"strconv"
	"sync"
)

// Strength is an indicator's grade in the ILO/EC lists.
type Strength string

// The three grades.
const (
	Strong Strength = "strong"
	Medium Strength = "medium"
	Weak   Strength = "weak"
)

// Population says whom a catalogue is for.
type Population string

// Adults or children (the ILO/EC combination rule differs).
const (
	Adults   Population = "adult"
	Children Population = "child"
)

// Indicator is one operational indicator.
type Indicator struct {
	ID        string   `json:"id"`
	Dimension int      `json:"dimension"` // 1 to 6, see DimensionName
	Strength  Strength `json:"strength"`
	EN        string   `json:"en"`
	FR        string   `json:"fr"`
}

// Label is the indicator's wording in every language.
func (i Indicator) Label() Text { return Text{EN: i.EN, FR: i.FR} }

// Source says where a catalogue's content comes from.
type Source struct {
	Document  string `json:"document"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	Wording   Text   `json:"wording"` // how the wording was obtained
}

// Status says whether a catalogue has been checked against its source.
type Status struct {
	Code string `json:"code"` // e.g. "unverified", "verified"
	EN   string `json:"en"`
	FR   string `json:"fr"`
}

// Catalogue is an editable list of indicators: data, not code. The embedded
// ones are the four ILO/EC 2009 lists; an organisation or a country can load
// its own with LoadCatalogue.
type Catalogue struct {
	ID           string      `json:"id"`
	Version      string      `json:"version"`
	Population   Population  `json:"population"`
	Exploitation string      `json:"exploitation"`
	Title        Text        `json:"title"`
	Source       Source      `json:"source"`
	Status       Status      `json:"status"`
	Indicators   []Indicator `json:"indicators"`

	byID map[string]int
}

// Indicator returns the indicator with id.
func (c *Catalogue) Indicator(id string) (Indicator, bool) {
	if c.byID == nil { // built by hand and not validated: look it up the slow way
		for _, ind := range c.Indicators {
			if ind.ID == id {
				return ind, true
			}
		}
		return Indicator{}, false
	}
	i, ok := c.byID[id]
	if !ok {
		return Indicator{}, false
	}
	return c.Indicators[i], true
}

// Count returns the number of indicators in dimension d.
func (c *Catalogue) Count(d int) int {
	n := 0
	for _, ind := range c.Indicators {
		if ind.Dimension == d {
			n++
		}
	}
	return n
}

// DimensionName is the name of dimension d (1 to 6) of the ILO/EC lists.
func DimensionName(d int) Text { return msg("ilo_dim_" + strconv.Itoa(d)) }

// maxCatalogueBytes bounds a catalogue file: the ILO lists take about 15 KB.
const maxCatalogueBytes = 8 << 20

var catalogueID = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// LoadCatalogue reads and validates one catalogue (JSON). Every problem is
// reported, each naming the indicator, in a *CatalogueError.
func LoadCatalogue(r io.Reader) (*Catalogue, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCatalogueBytes+1))
	if err != nil {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "read_failed")}}
	}
	if len(data) > maxCatalogueBytes {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "too_large", maxCatalogueBytes)}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, &CatalogueError{Problems: []*FieldError{decodeProblem(err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "trailing_data")}}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// decodeProblem turns a decoder error into a problem naming the field when
// the decoder says which.
func decodeProblem(err error) *FieldError {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fieldErr(te.Field, "cat_decode")
	}
	if s := err.Error(); len(s) > 20 && s[:20] == "json: unknown field " {
		return &FieldError{Field: s[20:], Rule: "unknown_field", Text: msg("err_cat_decode")}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fieldErr("input", "invalid_json", se.Offset)
	}
	return fieldErr("input", "cat_decode")
}

// Validate checks a catalogue (ids, dimensions, strengths, both languages,
// metadata) and indexes it; every problem is reported in a *CatalogueError.
// LoadCatalogue and NewCatalogueSet call it.
func (c *Catalogue) Validate() error {
	var ps []*FieldError
	bad := func(field, rule string, args ...any) { ps = append(ps, fieldErr(field, rule, args...)) }
	if !catalogueID.MatchString(c.ID) {
		bad("id", "cat_bad_id")
	}
	if c.Version == "" {
		bad("version", "required")
	}
	if c.Population != Adults && c.Population != Children {
		bad("population", "cat_population")
	}
	checkLangs(c.Title, "title", bad)
	checkLangs(Text{c.Status.EN, c.Status.FR}, "status", bad)
	checkLangs(c.Source.Wording, "source.wording", bad)
	if c.Status.Code == "" {
		bad("status.code", "required")
	}
	if c.Source.Document == "" {
		bad("source.document", "required")
	}
	if len(c.Indicators) == 0 {
		bad("indicators", "cat_no_indicators")
	}
	c.byID = make(map[string]int, len(c.Indicators))
	for i, ind := range c.Indicators {
		name := "indicators[" + strconv.Itoa(i) + "]"
		if ind.ID != "" {
			name += " (" + quoteInput(ind.ID) + ")"
		}
		if !catalogueID.MatchString(ind.ID) {
			bad(name+".id", "cat_bad_id")
		} else if first, dup := c.byID[ind.ID]; dup {
			bad(name+".id", "cat_duplicate_id", quoteInput(ind.ID), first)
		} else {
			c.byID[ind.ID] = i
		}
		if ind.Dimension < 1 || ind.Dimension > 6 {
			bad(name+".dimension", "cat_dimension")
		}
		if ind.Strength != Strong && ind.Strength != Medium && ind.Strength != Weak {
			bad(name+".strength", "cat_strength")
		}
		checkLangs(ind.Label(), name, bad)
	}
	if len(ps) > 0 {
		return &CatalogueError{Problems: ps}
	}
	return nil
}

func checkLangs(t Text, field string, bad func(field, rule string, args ...any)) {
	for _, l := range Langs {
		if len(bytes.TrimSpace([]byte(t.In(l)))) == 0 {
			bad(field+"."+string(l), "cat_missing_lang", string(l))
		}
	}
}

// CatalogueSet is the catalogues a screening may use, by id.
type CatalogueSet struct {
	byID map[string]*Catalogue
	ids  []string
}

// NewCatalogueSet validates and groups catalogues; their ids must be unique.
func NewCatalogueSet(cs ...*Catalogue) (*CatalogueSet, error) {
	s := &CatalogueSet{byID: make(map[string]*Catalogue, len(cs))}
	for _, c := range cs {
		if err := c.Validate(); err != nil {
			return nil, err
		}
		if _, dup := s.byID[c.ID]; dup {
			return nil, &CatalogueError{Problems: []*FieldError{fieldErr("id", "cat_duplicate_cat", quoteInput(c.ID))}}
		}
		s.byID[c.ID] = c
		s.ids = append(s.ids, c.ID)
	}
	sort.Strings(s.ids)
	return s, nil
}

// Get returns the catalogue with id.
func (s *CatalogueSet) Get(id string) (*Catalogue, bool) {
	if s == nil {
		return nil, false
	}
	c, ok := s.byID[id]
	return c, ok
}

// IDs lists the catalogue ids, sorted.
func (s *CatalogueSet) IDs() []string {
	if s == nil {
		return nil
	}
	return append([]string(nil), s.ids...)
}

//go:embed catalogues/*.json
var embedded embed.FS

// Catalogues returns the embedded ILO/EC 2009 catalogues (adult_labour,
// adult_sexual, child_labour, child_sexual). The set is shared: treat it and
// its catalogues as read-only.
func Catalogues() *CatalogueSet { return embeddedSet() }

var embeddedSet = sync.OnceValue(func() *CatalogueSet {
	s, err := loadFS(embedded, "catalogues")
	if err != nil {
		panic("identify: embedded catalogue invalid: " + err.Error()) // caught by the tests
	}
	return s
})

func loadFS(fsys fs.FS, dir string) (*CatalogueSet, error) {
	names, err := fs.Glob(fsys, dir+"/*.json")
	if err != nil {
		return nil, err
	}
	var cs []*Catalogue
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return nil, err
		}
		c, err := LoadCatalogue(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		cs = append(cs, c)
	}
	return NewCatalogueSet(cs...)
}
