package identify

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"regexp"
	"strconv"
)

// MaxInputBytes bounds the facts document: a screening is a few hundred bytes.
const MaxInputBytes = 1 << 20

// factFields are the accepted top-level fields, in documentation order.
var factFields = []string{"age_at_recruitment", "presumed_minor", "acts", "means", "purposes",
	"consented", "crossed_border", "exploitation_occurred", "indicators"}

var indicatorFields = []string{"catalogue", "present"}

// ParseFacts reads exactly one JSON object of facts and validates it against
// the embedded catalogues. Every error is a *FieldError naming the field.
func ParseFacts(r io.Reader) (Facts, error) { return ParseFactsWith(r, Catalogues()) }

// ParseFactsWith is ParseFacts against a given catalogue set (for example an
// organisation's own catalogue).
//
// Fields are matched exactly (the standard decoder would match "ACTS" to
// "acts"), a field given twice is refused rather than silently overwritten,
// and a null value means "not recorded".
func ParseFactsWith(r io.Reader, cats *CatalogueSet) (Facts, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxInputBytes+1))
	if err != nil {
		return Facts{}, fieldErr("input", "read_failed", nil)
	}
	if len(data) > MaxInputBytes {
		return Facts{}, fieldErr("input", "too_large", map[string]any{"Max": MaxInputBytes})
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return Facts{}, fieldErr("input", "empty_input", nil)
	}
	var f Facts
	dec := json.NewDecoder(bytes.NewReader(data))
	err = walkObject(dec, "input", "", factFields, func(key, path string, raw json.RawMessage) error {
		var err error
		switch key {
		case "age_at_recruitment":
			f.AgeAtRecruitment, err = parseAge(path, raw)
		case "presumed_minor":
			f.PresumedMinor, err = parseBool(path, raw)
		case "acts":
			f.Acts, err = parseStrings(path, raw)
		case "means":
			f.Means, err = parseStrings(path, raw)
		case "purposes":
			f.Purposes, err = parseStrings(path, raw)
		case "consented":
			f.Consented, err = parseBool(path, raw)
		case "crossed_border":
			f.CrossedBorder, err = parseBool(path, raw)
		case "exploitation_occurred":
			f.ExploitationOccurred, err = parseBool(path, raw)
		case "indicators":
			f.Indicators, err = parseIndicators(path, raw)
		}
		return err
	})
	if err != nil {
		return Facts{}, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return Facts{}, fieldErr("input", "trailing_data", nil)
	}
	if err := f.Validate(cats); err != nil {
		return Facts{}, err
	}
	return f, nil
}

// walkObject reads one JSON object from dec, calling fn for each member.
// objPath names the object in errors; prefix is prepended to member names.
func walkObject(dec *json.Decoder, objPath, prefix string, allowed []string, fn func(key, path string, raw json.RawMessage) error) error {
	tok, err := dec.Token()
	if err != nil {
		return syntaxErr(objPath, dec, err)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return fieldErr(objPath, "not_object", nil)
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return syntaxErr(objPath, dec, err)
		}
		key, _ := tok.(string) // object keys are always strings
		path := prefix + key
		if !contains(allowed, key) {
			return fieldErr(prefix+quoteKey(key), "unknown_field", map[string]any{"Allowed": list(allowed)})
		}
		if seen[key] {
			return fieldErr(path, "duplicate_field", nil)
		}
		seen[key] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return syntaxErr(path, dec, err)
		}
		if err := fn(key, path, raw); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return syntaxErr(objPath, dec, err)
	}
	return nil
}

// plainKey is a key that can be shown as it is in a field path.
var plainKey = regexp.MustCompile(`^[A-Za-z0-9_]{1,40}$`)

func quoteKey(k string) string {
	if plainKey.MatchString(k) {
		return k
	}
	return quoteInput(k)
}

func syntaxErr(field string, dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return fieldErr(field, "invalid_json", map[string]any{"Offset": dec.InputOffset()})
	}
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return fieldErr(field, "invalid_json", map[string]any{"Offset": se.Offset})
	}
	return fieldErr(field, "invalid_json", map[string]any{"Offset": dec.InputOffset()})
}

func contains(xs []string, x string) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

func isNull(raw json.RawMessage) bool { return string(bytes.TrimSpace(raw)) == "null" }

func parseBool(path string, raw json.RawMessage) (bool, error) {
	switch string(bytes.TrimSpace(raw)) {
	case "true":
		return true, nil
	case "false", "null":
		return false, nil
	}
	return false, fieldErr(path, "not_bool", nil)
}

// integerLiteral is a JSON number without fraction or exponent.
var integerLiteral = regexp.MustCompile(`^-?[0-9]+$`)

func parseAge(path string, raw json.RawMessage) (*int, error) {
	s := string(bytes.TrimSpace(raw))
	if s == "null" {
		return nil, nil
	}
	if !integerLiteral.MatchString(s) {
		return nil, fieldErr(path, "not_integer", nil)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < MinAge || n > MaxAge {
		return nil, fieldErr(path, "age_range", ageRange)
	}
	return &n, nil
}

// parseStrings reads an array of strings; identifiers are checked later by
// Validate, which knows the vocabulary.
func parseStrings(path string, raw json.RawMessage) ([]string, error) {
	if isNull(raw) {
		return nil, nil
	}
	var elems []json.RawMessage
	if err := json.Unmarshal(raw, &elems); err != nil {
		return nil, fieldErr(path, "not_array", nil)
	}
	out := make([]string, len(elems))
	for i, e := range elems {
		if err := json.Unmarshal(e, &out[i]); err != nil || isNull(e) {
			return nil, fieldErr(path+"["+strconv.Itoa(i)+"]", "not_string", nil)
		}
	}
	return out, nil
}

func parseIndicators(path string, raw json.RawMessage) (*IndicatorFacts, error) {
	if isNull(raw) {
		return nil, nil
	}
	var in IndicatorFacts
	dec := json.NewDecoder(bytes.NewReader(raw))
	err := walkObject(dec, path, path+".", indicatorFields, func(key, p string, v json.RawMessage) error {
		switch key {
		case "catalogue":
			if isNull(v) {
				return nil
			}
			if err := json.Unmarshal(v, &in.Catalogue); err != nil {
				return fieldErr(p, "not_string", nil)
			}
		case "present":
			ids, err := parseStrings(p, v)
			if err != nil {
				return err
			}
			in.Present = ids
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return &in, nil
}
