package linkage

import (
	"crypto/sha256"
	"fmt"
	"strconv"
	"strings"
)

// Kind says how a field is tokenised.
type Kind string

// Field kinds.
const (
	KindName  Kind = "name"  // padded character bigrams
	KindDate  Kind = "date"  // year, month, day, decade and year digit tokens
	KindSex   Kind = "sex"   // one token, m/f spellings unified
	KindPlace Kind = "place" // padded character bigrams
	KindExact Kind = "exact" // the whole normalised value as one token
)

// defaultK is the number of bits each token of a kind sets. Chosen so that a
// record of given name, surname, date, sex and place fills about a third of
// 1024 bits (tuned on FEBRL 4).
var defaultK = map[Kind]int{KindName: 15, KindDate: 20, KindSex: 10, KindPlace: 8, KindExact: 15}

// MaxK bounds the bits per token.
const MaxK = 64

// Field is one column to encode. Fields are keyed by their position in the
// settings, not by column name, so organisations may name columns as they
// like but must list the fields in the same order with the same kinds.
type Field struct {
	Column     string
	Kind       Kind
	K          int
	DateFormat DateFormat
	formatText string
}

// Settings are everything that must be identical between the organisations
// of one linkage run.
type Settings struct {
	Bits    int     // bits per encoding (default 1024)
	Fields  []Field // in order
	Balance bool    // encode in Bits/2 and append the keyed-permuted negation
	Salt    string  // column whose value salts every token ("" = none)
	SaltYr  bool    // salt with the year of the salt column's date only
	BLIP    float64 // randomised response: flip each bit with this probability
}

// DefaultBits is the default encoding length.
const DefaultBits = 1024

// ParseField reads COLUMN:KIND[:OPTION,...] where options are k=N and, for
// dates, a format such as DD/MM/YYYY.
func ParseField(spec string) (Field, error) {
	parts := strings.SplitN(spec, ":", 3)
	if len(parts) < 2 || strings.TrimSpace(parts[0]) == "" {
		return Field{}, errf("field.syntax", kv{"Spec": spec})
	}
	f := Field{Column: strings.TrimSpace(parts[0]), Kind: Kind(strings.ToLower(strings.TrimSpace(parts[1])))}
	k, ok := defaultK[f.Kind]
	if !ok {
		return Field{}, errf("field.kind", kv{"Spec": spec, "Kind": parts[1]})
	}
	f.K = k
	if len(parts) == 3 {
		for _, opt := range strings.Split(parts[2], ",") {
			opt = strings.TrimSpace(opt)
			switch {
			case opt == "":
			case strings.HasPrefix(opt, "k="):
				n, err := strconv.Atoi(opt[2:])
				if err != nil || n < 1 || n > MaxK {
					return Field{}, errf("field.k", kv{"Spec": spec, "Max": MaxK})
				}
				f.K = n
			case f.Kind == KindDate:
				df, ok := ParseDateFormat(opt)
				if !ok {
					return Field{}, errf("field.dateformat", kv{"Spec": spec, "Format": opt})
				}
				f.DateFormat, f.formatText = df, strings.ToUpper(opt)
			default:
				return Field{}, errf("field.option", kv{"Spec": spec, "Option": opt})
			}
		}
	}
	return f, nil
}

// Validate checks the settings and fills defaults.
func (s *Settings) Validate() error {
	if s.Bits == 0 {
		s.Bits = DefaultBits
	}
	if s.Bits < 128 || s.Bits > 65536 || s.Bits%128 != 0 {
		return errf("bits.invalid", kv{"Bits": s.Bits})
	}
	if len(s.Fields) == 0 {
		return errf("field.none", nil)
	}
	seen := map[string]bool{}
	for _, f := range s.Fields {
		if seen[f.Column] {
			return errf("field.dup", kv{"Column": f.Column})
		}
		seen[f.Column] = true
	}
	if s.BLIP < 0 || s.BLIP >= 0.5 || s.BLIP != s.BLIP {
		return errf("blip.invalid", kv{"BLIP": s.BLIP})
	}
	return nil
}

// canonical is the settings as text, without column names (which may differ
// between organisations) and without the date format hint (a per-file
// reading detail).
func (s *Settings) canonical() string {
	var b strings.Builder
	fmt.Fprintf(&b, "passerelle-clk/v1;bits=%d;balance=%t;salt=%t;saltyear=%t;blip=%.6f", s.Bits, s.Balance, s.Salt != "", s.SaltYr, s.BLIP)
	for i, f := range s.Fields {
		fmt.Fprintf(&b, ";field%d=%s/k%d", i, f.Kind, f.K)
	}
	return b.String()
}

// Fingerprint identifies the settings; encodings are matched only when their
// fingerprints are equal.
func (s *Settings) Fingerprint() [16]byte {
	h := sha256.Sum256([]byte(s.canonical()))
	var fp [16]byte
	copy(fp[:], h[:])
	return fp
}

// Describe summarises the hardening options for people.
func (s *Settings) Describe() Message {
	var parts []string
	if s.Balance {
		parts = append(parts, "balance")
	}
	if s.Salt != "" {
		parts = append(parts, "salt")
	}
	if s.BLIP > 0 {
		parts = append(parts, fmt.Sprintf("blip f=%g", s.BLIP))
	}
	if len(parts) == 0 {
		return msg("eval.hardening", kv{"Hardening": msg("eval.none", nil)})
	}
	return msg("eval.hardening", kv{"Hardening": strings.Join(parts, ", ")})
}
