package linkage

import (
	"encoding/csv"
	"errors"
	"io"
	"strings"
	"unicode/utf8"
)

// EncodeCSV reads a CSV file with a header line, encodes every record with
// enc and returns the encodings. idColumn names the record id column; the
// settings' fields and salt name the other columns. name labels the input in
// messages, which never quote a value.
func EncodeCSV(r io.Reader, name, idColumn string, enc *Encoder, party string) (*Encodings, error) {
	cr := csv.NewReader(r)
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil, errf("csv.empty", kv{"File": name})
	}
	if err != nil {
		return nil, csvErr(name, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\uFEFF"))
		if _, dup := cols[h]; !dup {
			cols[h] = i
		}
	}
	find := func(col, from string) (int, error) {
		i, ok := cols[col]
		if !ok {
			return 0, errf("csv.column", kv{"File": name, "Column": col, "From": from})
		}
		return i, nil
	}
	idIdx, err := find(idColumn, "--id-column")
	if err != nil {
		return nil, err
	}
	s := enc.Settings()
	fieldIdx := make([]int, len(s.Fields))
	for i, f := range s.Fields {
		if fieldIdx[i], err = find(f.Column, "--field"); err != nil {
			return nil, err
		}
	}
	saltIdx := -1
	if s.Salt != "" {
		if saltIdx, err = find(s.Salt, "--salt"); err != nil {
			return nil, err
		}
	}
	out := &Encodings{Header: enc.Header(party)}
	words := enc.Words()
	values := make([]string, len(s.Fields))
	lineOf := map[string]int{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(name, err)
		}
		line, _ := cr.FieldPos(0)
		for _, v := range rec {
			if !utf8.ValidString(v) {
				return nil, errf("csv.utf8", kv{"File": name, "Line": line})
			}
		}
		id := strings.TrimSpace(rec[idIdx])
		if err := checkID(lineOf, name, idColumn, id, line); err != nil {
			return nil, err
		}
		for i, fi := range fieldIdx {
			values[i] = rec[fi]
		}
		salt := ""
		if saltIdx >= 0 {
			salt = rec[saltIdx]
		}
		out.IDs = append(out.IDs, id)
		n := len(out.Flat)
		out.Flat = append(out.Flat, make([]uint64, words)...)
		enc.Encode(values, salt, out.Flat[n:n+words])
	}
	if len(out.IDs) == 0 {
		return nil, errf("csv.norecords", kv{"File": name})
	}
	return out, nil
}

// checkID refuses an empty, too long or repeated record id; seen maps the ids
// so far to their line (or position from 1).
func checkID(seen map[string]int, name, column, id string, line int) error {
	switch {
	case id == "":
		return errf("csv.idempty", kv{"File": name, "Line": line, "Column": column})
	case len(id) > MaxIDLen:
		return errf("csv.idlong", kv{"File": name, "Line": line, "Max": MaxIDLen})
	}
	if prev, dup := seen[id]; dup {
		return errf("csv.iddup", kv{"File": name, "Line": line, "First": prev})
	}
	seen[id] = line
	return nil
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return causeErr("csv.read", kv{"File": name, "Line": pe.Line}, pe.Err)
	}
	return causeErr("csv.read", kv{"File": name, "Line": 0}, err)
}
