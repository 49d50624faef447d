package identify

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Indicators and statuses keep their labels beside their fields, one key per
// language, so a catalogue file reads {"id": "d1_x", ..., "en": ..., "fr": ...}
// and a new language is a new key. Any other key is refused, as the decoder
// refuses unknown fields elsewhere in a catalogue.

// MarshalJSON writes the fields and a key per language.
func (i Indicator) MarshalJSON() ([]byte, error) {
	m := map[string]any{"id": i.ID, "dimension": i.Dimension, "strength": i.Strength}
	for k, v := range i.Labels {
		m[k] = v
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the fields and the language keys.
func (i *Indicator) UnmarshalJSON(b []byte) error {
	out := Indicator{Labels: Labels{}}
	err := decodeLabelled(b, out.Labels, map[string]any{"id": &out.ID, "dimension": &out.Dimension, "strength": &out.Strength})
	*i = out
	return err
}

// MarshalJSON writes the code and a key per language.
func (s Status) MarshalJSON() ([]byte, error) {
	m := map[string]any{"code": s.Code}
	for k, v := range s.Labels {
		m[k] = v
	}
	return json.Marshal(m)
}

// UnmarshalJSON reads the code and the language keys.
func (s *Status) UnmarshalJSON(b []byte) error {
	out := Status{Labels: Labels{}}
	err := decodeLabelled(b, out.Labels, map[string]any{"code": &out.Code})
	*s = out
	return err
}

// decodeLabelled reads one object: the keys of fields into their pointers,
// language codes into labels. A type error names the key (the decoder adds
// the path of the object).
func decodeLabelled(b []byte, labels Labels, fields map[string]any) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	keys := make([]string, 0, len(raw))
	for k := range raw {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := raw[k]
		var dst any
		var s string
		switch p, ok := fields[k]; {
		case ok:
			dst = p
		case langCode.MatchString(k):
			dst = &s
		default:
			return fmt.Errorf("json: unknown field %q", k)
		}
		if string(v) == "null" {
			continue
		}
		if err := json.Unmarshal(v, dst); err != nil {
			return &json.UnmarshalTypeError{Value: "value", Type: reflect.TypeOf(dst).Elem(), Field: k}
		}
		if dst == &s {
			labels[k] = s
		}
	}
	return nil
}
