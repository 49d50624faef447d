package linkage

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// GeneratedParties encodes invented records for parties organisations,
// records each, with the settings s (SyntheticFields by default) and secret:
// the first shared records of every party are the same invented people (in
// party p > 0 with one letter dropped from the given name or the surname),
// the others are people of that party alone. Shared people have the id
// "person-N" in every party, the others "pP-only-N": the truth of a run is
// that two records are the same person exactly when their ids are equal.
// Records are made from syllables (SyntheticRecords): no real person.
func GeneratedParties(s Settings, secret []byte, parties, records, shared int, seed uint64) ([]*Encodings, error) {
	if len(s.Fields) == 0 {
		s = syntheticSettings()
	}
	enc, err := NewEncoder(s, secret)
	if err != nil {
		return nil, err
	}
	shared = min(shared, records)
	common := SyntheticRecords(shared, seed)
	r := rand.New(rand.NewPCG(seed, 99))
	var encs []*Encodings
	for p := 0; p < parties; p++ {
		own := SyntheticRecords(records-shared, seed+uint64(p)+1)
		ids := make([]string, 0, records)
		vals := make([][]string, 0, records)
		for i, rec := range common {
			rec = slices.Clone(rec)
			if p > 0 {
				f := r.IntN(2) // given name or surname
				if w := rec[f]; len(w) > 3 {
					k := 1 + r.IntN(len(w)-2)
					rec[f] = w[:k] + w[k+1:] // drop a letter
				}
			}
			ids, vals = append(ids, fmt.Sprintf("person-%d", i)), append(vals, rec)
		}
		for i, rec := range own {
			ids, vals = append(ids, fmt.Sprintf("p%d-only-%d", p, i)), append(vals, rec)
		}
		e, err := EncodeRecords(enc, fmt.Sprintf("org%d", p+1), ids, vals, nil)
		if err != nil {
			return nil, err
		}
		encs = append(encs, e)
	}
	return encs, nil
}
