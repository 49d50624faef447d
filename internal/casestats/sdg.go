package casestats

import (
	_ "embed"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/country"
)

// SDG indicator 16.2.2: detected victims of trafficking in persons per
// 100,000 population, by sex, age group and form of exploitation, for a
// country and a year. Every rate here divides by the country's total
// population of the year (the breakdowns count victims of a sex, an age
// group or a form; the population's own breakdowns do not match the age
// bands of the register). Victims are the counted cases identified that
// year by the country's organisations, released through disclosure
// control: a withheld count gives no rate.

// SDGBy are the breakdowns of the indicator, each a table by year and it.
var SDGBy = []string{Sex, AgeGroup, Exploitation}

// Per is the population the indicator counts by.
const Per = 100000

// Rate is victims per Per of population.
func Rate(victims, population int64) float64 {
	if population <= 0 {
		return 0
	}
	return float64(victims) * Per / float64(population)
}

// Populations are total populations by country and year.
type Populations map[string]map[int]int64

// Of returns the population of cc in year.
func (p Populations) Of(cc string, year int) (int64, bool) {
	n, ok := p[cc][year]
	return n, ok
}

// Countries lists the countries with figures.
func (p Populations) Countries() []string {
	var out []string
	for cc := range p {
		out = append(out, cc)
	}
	slices.Sort(out)
	return out
}

// Years lists the years with a figure for cc, latest first.
func (p Populations) Years(cc string) []int {
	var out []int
	for y := range p[cc] {
		out = append(out, y)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out
}

// ParsePopulations reads "country,year,population" lines with that header
// (lines starting with # are comments).
func ParsePopulations(r io.Reader) (Populations, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("population: %w", err)
	}
	if strings.Join(head, ",") != "country,year,population" {
		return nil, fmt.Errorf("population: the header must be country,year,population")
	}
	out := Populations{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("population: %w", err)
		}
		line, _ := cr.FieldPos(0)
		year, err1 := strconv.Atoi(rec[1])
		n, err2 := strconv.ParseInt(rec[2], 10, 64)
		if !country.Accepted(rec[0]) || err1 != nil || err2 != nil || n <= 0 || year < 1900 {
			return nil, fmt.Errorf("population: line %d: a country code, a year and a population above 0", line)
		}
		if out[rec[0]] == nil {
			out[rec[0]] = map[int]int64{}
		}
		out[rec[0]][year] = n
	}
}

//go:embed population.csv
var populationCSV string

// DefaultPopulations are the figures shipped with the program
// (population.csv, with its source).
func DefaultPopulations() Populations {
	p, err := ParsePopulations(strings.NewReader(populationCSV))
	if err != nil {
		panic(err) // the embedded file is checked by the tests
	}
	return p
}
