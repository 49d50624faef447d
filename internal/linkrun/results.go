package linkrun

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"sort"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/linkage"
)

// Pseudonym is the opaque id of a case in one run's encodings: an HMAC of
// the case id under the party's per-run key. Only the party holds the key, so
// only it can tell which of its cases a pseudonym is.
func Pseudonym(key []byte, caseID uuid.UUID) string {
	m := hmac.New(sha256.New, key)
	m.Write(caseID[:])
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// Dimensions are the strata the counts are split by, in display order.
var Dimensions = []string{"year", "gender", "age_group", "exploitation"}

// Stratum holds the de-identified facts of one record, by dimension; a
// record may hold several exploitation types.
type Stratum struct {
	Year, Gender, AgeGroup string
	Exploitation           []string
}

func (s Stratum) values(dim string) []string {
	v := ""
	switch dim {
	case "year":
		v = s.Year
	case "gender":
		v = s.Gender
	case "age_group":
		v = s.AgeGroup
	case "exploitation":
		if len(s.Exploitation) > 0 {
			return s.Exploitation
		}
	}
	if v == "" {
		v = "unknown"
	}
	return []string{v}
}

// Counts are overlap counts: pattern ("101" = seen by parties 1 and 3
// only) to number of people.
type Counts map[string]int

// Results are what a matched run keeps: the counts over everyone and by
// stratum, the number of groups of two or more records, and for each party
// the pseudonyms of its records known elsewhere with the number of other
// organisations that know them.
type Results struct {
	Overall   Counts
	Strata    map[string]map[string]Counts // dimension -> value -> counts
	Matched   int
	Shared    []map[string]int // per party: pseudonym -> other organisations
	Threshold *ThresholdChoice // nil for runs matched before thresholds were kept
}

// Summarise turns a linkage result into Results. ids are each party's
// pseudonyms in encoding order and strata their facts in the same order. A
// group's value in a dimension is the most common among its records (the
// first seen on a tie).
func Summarise(res *linkage.Result, ids [][]string, strata [][]Stratum) Results {
	n := res.Parties
	out := Results{Overall: Counts{}, Strata: map[string]map[string]Counts{}, Shared: make([]map[string]int, n)}
	for i := range out.Shared {
		out.Shared[i] = map[string]int{}
	}
	for _, d := range Dimensions {
		out.Strata[d] = map[string]Counts{}
	}
	for _, g := range res.Groups {
		pat := bytes.Repeat([]byte{'0'}, n)
		for _, m := range g {
			pat[m.Party] = '1'
		}
		p := string(pat)
		out.Overall[p]++
		for _, d := range Dimensions {
			var vals []string
			for _, m := range g {
				vals = append(vals, strata[m.Party][m.Record].values(d)...)
			}
			v := MostCommon(vals)
			if out.Strata[d][v] == nil {
				out.Strata[d][v] = Counts{}
			}
			out.Strata[d][v][p]++
		}
		if len(g) > 1 {
			out.Matched++
			for _, m := range g {
				out.Shared[m.Party][ids[m.Party][m.Record]] = len(g) - 1
			}
		}
	}
	return out
}

// MostCommon returns the most frequent value, the first seen on a tie.
func MostCommon(vals []string) string {
	best, bestN := "unknown", 0
	n := map[string]int{}
	for _, v := range vals {
		n[v]++
	}
	for _, v := range vals {
		if n[v] > bestN {
			best, bestN = v, n[v]
		}
	}
	return best
}

// Cell is one row of a counts table as shown: which parties, and the
// count as released by Protect (Count nil and Shown disclosure.Mark when
// withheld).
type Cell struct {
	Pattern string
	In      []bool
	Count   *int64
	Shown   string
}

// patterns lists the non-empty combinations of c, most parties first.
func (c Counts) patterns() []string {
	pats := make([]string, 0, len(c))
	for p, n := range c {
		if n > 0 {
			pats = append(pats, p)
		}
	}
	ones := func(p string) int {
		k := 0
		for _, ch := range p {
			if ch == '1' {
				k++
			}
		}
		return k
	}
	sort.Slice(pats, func(i, j int) bool {
		if a, b := ones(pats[i]), ones(pats[j]); a != b {
			return a > b
		}
		return pats[i] > pats[j]
	})
	return pats
}

// Total is the number of people seen.
func (c Counts) Total() int {
	t := 0
	for _, n := range c {
		t += n
	}
	return t
}
