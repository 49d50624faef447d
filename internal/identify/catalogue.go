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
	"strings"
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

// Indicator is one operational indicator. In JSON its labels stand beside
// its fields, one key per language: {"id": ..., "en": ..., "fr": ...}.
type Indicator struct {
	ID        string
	Dimension int // 1 to 6, see DimensionCode
	Strength  Strength
	Labels    Labels
}

// Source says where a catalogue's content comes from.
type Source struct {
	Document  string `json:"document"`
	Title     string `json:"title"`
	Publisher string `json:"publisher"`
	Published string `json:"published"`
	Wording   Labels `json:"wording"` // how the wording was obtained
}

// Status says whether a catalogue has been checked against its source. In
// JSON its labels stand beside the code: {"code": ..., "en": ..., "fr": ...}.
type Status struct {
	Code   string // e.g. "unverified", "verified"
	Labels Labels
}

// Catalogue is an editable list of indicators: data, not code. The embedded
// ones are the four ILO/EC 2009 lists; an organisation or a country can load
// its own with LoadCatalogue.
type Catalogue struct {
	ID           string      `json:"id"`
	Version      string      `json:"version"`
	Population   Population  `json:"population"`
	Exploitation string      `json:"exploitation"`
	Title        Labels      `json:"title"`
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

// DimensionCode is the message code of the name of dimension d (1 to 6) of
// the ILO/EC lists.
func DimensionCode(d int) string { return "ilo_dim_" + strconv.Itoa(d) }

// maxCatalogueBytes bounds a catalogue file: the ILO lists take about 15 KB.
const maxCatalogueBytes = 8 << 20

var catalogueID = regexp.MustCompile(`^[a-z0-9][a-z0-9_.-]{0,63}$`)

// LoadCatalogue reads and validates one catalogue (JSON). Every problem is
// reported, each naming the indicator, in a *CatalogueError.
func LoadCatalogue(r io.Reader) (*Catalogue, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxCatalogueBytes+1))
	if err != nil {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "read_failed", nil)}}
	}
	if len(data) > maxCatalogueBytes {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "too_large", map[string]any{"Max": maxCatalogueBytes})}}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, &CatalogueError{Problems: []*FieldError{decodeProblem(err)}}
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &CatalogueError{Problems: []*FieldError{fieldErr("input", "trailing_data", nil)}}
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
		return fieldErr(te.Field, "cat_decode", nil)
	}
	if s := err.Error(); len(s) > 20 && s[:20] == "json: unknown field " {
		return &FieldError{Field: s[20:], Rule: "cat_decode"}
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fieldErr("input", "invalid_json", map[string]any{"Offset": se.Offset})
	}
	return fieldErr("input", "cat_decode", nil)
}

// Validate checks a catalogue (ids, dimensions, strengths, labels, metadata)
// and indexes it; every problem is reported in a *CatalogueError. Every
// label must exist in every language the catalogue uses anywhere, and in
// FallbackLang. LoadCatalogue and NewCatalogueSet call it.
func (c *Catalogue) Validate() error {
	var ps []*FieldError
	bad := func(field, rule string, params map[string]any) { ps = append(ps, fieldErr(field, rule, params)) }
	langs := c.languages()
	if !catalogueID.MatchString(c.ID) {
		bad("id", "cat_bad_id", nil)
	}
	if c.Version == "" {
		bad("version", "required", nil)
	}
	if c.Population != Adults && c.Population != Children {
		bad("population", "cat_population", nil)
	}
	checkLangs(c.Title, langs, "title", bad)
	checkLangs(c.Status.Labels, langs, "status", bad)
	checkLangs(c.Source.Wording, langs, "source.wording", bad)
	if c.Status.Code == "" {
		bad("status.code", "required", nil)
	}
	if c.Source.Document == "" {
		bad("source.document", "required", nil)
	}
	if len(c.Indicators) == 0 {
		bad("indicators", "cat_no_indicators", nil)
	}
	c.byID = make(map[string]int, len(c.Indicators))
	for i, ind := range c.Indicators {
		name := "indicators[" + strconv.Itoa(i) + "]"
		if ind.ID != "" {
			name += " (" + quoteInput(ind.ID) + ")"
		}
		if !catalogueID.MatchString(ind.ID) {
			bad(name+".id", "cat_bad_id", nil)
		} else if first, dup := c.byID[ind.ID]; dup {
			bad(name+".id", "cat_duplicate_id", map[string]any{"Value": quoteInput(ind.ID), "First": first})
		} else {
			c.byID[ind.ID] = i
		}
		if ind.Dimension < 1 || ind.Dimension > 6 {
			bad(name+".dimension", "cat_dimension", nil)
		}
		if ind.Strength != Strong && ind.Strength != Medium && ind.Strength != Weak {
			bad(name+".strength", "cat_strength", nil)
		}
		checkLangs(ind.Labels, langs, name, bad)
	}
	if len(ps) > 0 {
		return &CatalogueError{Problems: ps}
	}
	return nil
}

// languages are the language codes the catalogue uses anywhere, with
// FallbackLang, sorted.
func (c *Catalogue) languages() []string {
	seen := Labels{FallbackLang: ""}
	all := []Labels{c.Title, c.Status.Labels, c.Source.Wording}
	for _, ind := range c.Indicators {
		all = append(all, ind.Labels)
	}
	for _, l := range all {
		for k := range l {
			seen[k] = ""
		}
	}
	return seen.langs()
}

func checkLangs(l Labels, langs []string, field string, bad func(field, rule string, params map[string]any)) {
	for _, lang := range langs {
		if strings.TrimSpace(l[lang]) == "" {
			bad(field+"."+lang, "cat_missing_lang", map[string]any{"Lang": lang})
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
			return nil, &CatalogueError{Problems: []*FieldError{fieldErr("id", "cat_duplicate_cat", map[string]any{"Value": quoteInput(c.ID)})}}
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
