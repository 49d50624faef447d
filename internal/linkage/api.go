package linkage

// EncodeRecords encodes in-memory records for the application: ids[i] is
// the record id, values[i] the field values in settings order and salts[i]
// the salt value (salts may be nil when not salting).
func EncodeRecords(enc *Encoder, party string, ids []string, values [][]string, salts []string) (*Encodings, error) {
	if len(ids) == 0 {
		return nil, errf("csv.norecords", kv{"File": party})
	}
	out := &Encodings{Header: enc.Header(party), IDs: make([]string, 0, len(ids))}
	words := enc.Words()
	out.Flat = make([]uint64, len(ids)*words)
	seen := make(map[string]int, len(ids))
	for i, id := range ids {
		if err := checkID(seen, party, "id", id, i+1); err != nil {
			return nil, err
		}
		salt := ""
		if salts != nil {
			salt = salts[i]
		}
		enc.Encode(values[i], salt, out.Flat[i*words:(i+1)*words])
		out.IDs = append(out.IDs, id)
	}
	return out, nil
}

// SharedWith tells one party which of its records are known elsewhere: for
// each of its record indexes in a group of two or more, the other parties of
// that group. Only this, never the other parties' record ids, should be
// returned to an organisation unless the run's agreement says otherwise.
func (r *Result) SharedWith(party int) map[int][]int {
	out := map[int][]int{}
	for _, g := range r.Groups {
		if len(g) < 2 {
			continue
		}
		for _, m := range g {
			if m.Party != party {
				continue
			}
			for _, o := range g {
				if o.Party != party {
					out[m.Record] = append(out[m.Record], o.Party)
				}
			}
		}
	}
	return out
}
