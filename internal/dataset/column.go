package dataset

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/passerelle-org/passerelle/internal/country"
)

// ChunkRows is the number of rows in a chunk of codes.
const ChunkRows = 1 << 16

// Kind is what a column's values are, read from the values themselves.
type Kind string

// The kinds.
const (
	Text    Kind = "text"    // anything else
	Number  Kind = "number"  // every value a number ("2019", "0.5")
	Country Kind = "country" // every value an ISO 3166-1 code
)

// Column is one column of a dataset.
type Column struct {
	Name    string
	Kind    Kind
	Values  []string // the distinct values; code i+1 is Values[i], 0 is missing
	Missing int64    // rows without a value
	Chunks  [][]byte // the codes, ChunkRows rows a chunk (the last may be shorter)
}

// Missing reports whether a cell holds no value under the CTDC conventions.
func Missing(cell string) bool {
	s := strings.TrimSpace(cell)
	return s == "" || s == "-99" || s == "-99.0"
}

// encodeChunk packs codes in the narrowest width that holds the largest.
func encodeChunk(codes []uint32) []byte {
	top := uint32(0)
	for _, c := range codes {
		top = max(top, c)
	}
	width := 4
	switch {
	case top < 1<<8:
		width = 1
	case top < 1<<16:
		width = 2
	}
	out := make([]byte, 1+width*len(codes))
	out[0] = byte(width)
	b := out[1:]
	switch width {
	case 1:
		for i, c := range codes {
			b[i] = byte(c)
		}
	case 2:
		for i, c := range codes {
			binary.LittleEndian.PutUint16(b[2*i:], uint16(c))
		}
	default:
		for i, c := range codes {
			binary.LittleEndian.PutUint32(b[4*i:], c)
		}
	}
	return out
}

// DecodeChunk appends the codes of chunk to dst.
func DecodeChunk(dst []uint32, chunk []byte) ([]uint32, error) {
	if len(chunk) == 0 {
		return dst, fmt.Errorf("dataset: empty chunk")
	}
	width, b := int(chunk[0]), chunk[1:]
	if (width != 1 && width != 2 && width != 4) || len(b)%width != 0 {
		return dst, fmt.Errorf("dataset: bad chunk (width %d, %d bytes)", width, len(b))
	}
	n := len(b) / width
	dst = slices.Grow(dst, n)
	switch width {
	case 1:
		for _, c := range b {
			dst = append(dst, uint32(c))
		}
	case 2:
		for i := 0; i < n; i++ {
			dst = append(dst, uint32(binary.LittleEndian.Uint16(b[2*i:])))
		}
	default:
		for i := 0; i < n; i++ {
			dst = append(dst, binary.LittleEndian.Uint32(b[4*i:]))
		}
	}
	return dst, nil
}

// EncodeValues packs a dictionary for storage: each value's length as a
// uvarint, then its bytes.
func EncodeValues(values []string) []byte {
	n := 0
	for _, v := range values {
		n += len(v) + binary.MaxVarintLen32
	}
	out := make([]byte, 0, n)
	for _, v := range values {
		out = binary.AppendUvarint(out, uint64(len(v)))
		out = append(out, v...)
	}
	return out
}

// DecodeValues reads what EncodeValues wrote.
func DecodeValues(b []byte) ([]string, error) {
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return nil, fmt.Errorf("dataset: bad dictionary")
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out, nil
}

// kindOf reads a column's kind from its values.
func kindOf(values []string) Kind {
	if len(values) == 0 {
		return Text
	}
	number := true
	for _, v := range values {
		if _, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err != nil {
			number = false
			break
		}
	}
	if number {
		return Number
	}
	width := len(values[0])
	codes := 0
	for _, v := range values {
		if len(v) != width {
			return Text
		}
		switch {
		case v == "00" && width == 2: // CTDC: unknown country
		case width == 2 && isCountry2(v), width == 3 && country.Accepted(v):
			codes++
		default:
			return Text
		}
	}
	if codes == 0 {
		return Text
	}
	return Country
}

func isCountry2(v string) bool {
	_, ok := country.FromAlpha2(v)
	return ok
}

// CountryCode is the alpha-3 code of a Country column's value ("NE" and
// "NER" are both "NER"), and false for a value that names no country ("00").
func CountryCode(v string) (string, bool) {
	if len(v) == 2 {
		return country.FromAlpha2(v)
	}
	return v, country.Accepted(v)
}

// Label is how a value reads in lang: a country's name for a Country
// column, else the value itself.
func (k Kind) Label(lang, v string) string {
	if k != Country {
		return v
	}
	if c, ok := CountryCode(v); ok {
		return country.Name(lang, c)
	}
	return v
}

// Less orders two values of kind k: numbers by value, the rest as text.
func (k Kind) Less(a, b string) bool {
	if k == Number {
		x, ex := strconv.ParseFloat(strings.TrimSpace(a), 64)
		y, ey := strconv.ParseFloat(strings.TrimSpace(b), 64)
		if ex == nil && ey == nil && x != y {
			return x < y
		}
	}
	return a < b
}
