package linkage

import (
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"strings"
)

// Pattern says which parties a group was seen by: one '0' or '1' per party,
// in input order ("101" = seen by parties 1 and 3, not 2).
type Pattern string

// OverlapCounts counts the groups seen on exactly each combination of
// parties: the capture histories that feed a multiple-systems estimate.
// Groups must cover singletons too (Result.Groups does).
func OverlapCounts(groups []Group, parties int) map[Pattern]int {
	out := map[Pattern]int{}
	b := make([]byte, parties)
	for _, g := range groups {
		for i := range b {
			b[i] = '0'
		}
		for _, m := range g {
			if m.Party >= 0 && m.Party < parties {
				b[m.Party] = '1'
			}
		}
		if strings.Contains(string(b), "1") {
			out[Pattern(b)]++
		}
	}
	return out
}

// WriteCounts writes overlap counts as CSV: one 0/1 column per party (named
// by labels) and count; patterns sorted, the all-zero row never written.
func WriteCounts(w io.Writer, counts map[Pattern]int, labels []string) error {
	cw := csv.NewWriter(w)
	cw.Write(append(slices.Clone(labels), "count"))
	keys := make([]Pattern, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	slices.Reverse(keys)
	for _, k := range keys {
		row := make([]string, 0, len(k)+1)
		for _, c := range k {
			row = append(row, string(c))
		}
		cw.Write(append(row, strconv.Itoa(counts[k])))
	}
	cw.Flush()
	return cw.Error()
}

// WriteGroups writes the groups of two or more records as CSV rows
// group,party,record_id (groups numbered from 1, party as PartyLabel).
// Singletons are not written: a record absent from the file was matched
// with nobody.
func WriteGroups(w io.Writer, res *Result, encs []*Encodings) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"group", "party", "record_id"})
	labels := make([]string, len(encs))
	for i := range encs {
		labels[i] = PartyLabel(encs, i)
	}
	n := 0
	for _, g := range res.Groups {
		if len(g) < 2 {
			continue
		}
		n++
		for _, m := range g {
			cw.Write([]string{strconv.Itoa(n), labels[m.Party], encs[m.Party].IDs[m.Record]})
		}
	}
	cw.Flush()
	return cw.Error()
}

// MatchedGroups is the number of groups with two or more records.
func (r *Result) MatchedGroups() int {
	n := 0
	for _, g := range r.Groups {
		if len(g) > 1 {
			n++
		}
	}
	return n
}
