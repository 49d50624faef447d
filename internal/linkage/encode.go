package linkage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"hash"
	mrand "math/rand/v2"
	"strconv"
)

// Encoder turns records into keyed Bloom-filter encodings (CLKs): one filter
// per record, every token of every field setting K bits chosen by
// HMAC-SHA256 under that field's key (no double hashing). Not safe for
// concurrent use.
type Encoder struct {
	s        Settings
	base     int // bits of the filter before balancing
	macs     []hash.Hash
	perm     []uint32 // balancing permutation, nil when not balancing
	keyFP    [16]byte
	settFP   [16]byte
	blip     *mrand.Rand
	sum      []byte
	in       []byte
	scratch  []uint64
	Unparsed []int // per field: non-empty values that could not be read
}

// NewEncoder checks the settings and derives one key per field from secret.
func NewEncoder(s Settings, secret []byte) (*Encoder, error) {
	if len(secret) < MinSecret {
		return nil, errf("secret.short", kv{"File": "(secret)", "Min": MinSecret, "Got": len(secret)})
	}
	if err := s.Validate(); err != nil {
		return nil, err
	}
	e := &Encoder{s: s, base: s.Bits, keyFP: KeyFingerprint(secret), settFP: s.Fingerprint(),
		sum: make([]byte, 0, sha256.Size), Unparsed: make([]int, len(s.Fields))}
	for i, f := range s.Fields {
		key := derive(secret, "field/"+strconv.Itoa(i)+"/"+string(f.Kind), 32)
		e.macs = append(e.macs, hmac.New(sha256.New, key))
	}
	if s.Balance {
		e.base = s.Bits / 2
		e.perm = permutation(derive(secret, "balance-permutation", 32), s.Bits)
		e.scratch = make([]uint64, s.Bits/64)
	}
	if s.BLIP > 0 {
		var seed [32]byte
		if _, err := rand.Read(seed[:]); err != nil {
			return nil, err
		}
		e.blip = mrand.New(mrand.NewChaCha8(seed))
	}
	return e, nil
}

// permutation is a keyed Fisher-Yates shuffle of 0..n-1 (stable across Go
// versions: ChaCha8 output is specified, the shuffle is written here).
func permutation(key []byte, n int) []uint32 {
	var seed [32]byte
	copy(seed[:], key)
	src := mrand.NewChaCha8(seed)
	p := make([]uint32, n)
	for i := range p {
		p[i] = uint32(i)
	}
	for i := n - 1; i > 0; i-- {
		j := src.Uint64() % uint64(i+1)
		p[i], p[j] = p[j], p[i]
	}
	return p
}

// Words is the number of uint64 words per encoding.
func (e *Encoder) Words() int { return e.s.Bits / 64 }

// Settings returns the validated settings.
func (e *Encoder) Settings() Settings { return e.s }

// Header returns the .clk header for encodings made by e.
func (e *Encoder) Header(party string) Header {
	return Header{Bits: e.s.Bits, Settings: e.settFP, Key: e.keyFP, Balanced: e.s.Balance, Party: party}
}

// Encode writes the encoding of one record into dst (Words() words, which
// it clears first). values are the raw field values in settings order; salt
// is the raw value of the salt column ("" when not salting).
func (e *Encoder) Encode(values []string, salt string, dst []uint64) {
	clear(dst)
	filter := dst
	if e.perm != nil {
		filter = e.scratch
		clear(filter)
	}
	saltKey := e.saltValue(salt)
	for i, f := range e.s.Fields {
		if i >= len(values) {
			break
		}
		toks, ok := FieldTokens(f, values[i])
		if !ok {
			e.Unparsed[i]++
		}
		for _, t := range toks {
			e.setToken(filter, e.macs[i], saltKey, t, f.K)
		}
	}
	if e.perm != nil {
		for i := 0; i < e.s.Bits; i++ {
			var bit bool
			if i < e.base {
				bit = filter[i/64]>>(i%64)&1 == 1
			} else {
				j := i - e.base
				bit = filter[j/64]>>(j%64)&1 == 0
			}
			if bit {
				p := e.perm[i]
				dst[p/64] |= 1 << (p % 64)
			}
		}
	}
	if e.blip != nil {
		for i := 0; i < e.s.Bits; i++ {
			if e.blip.Float64() < e.s.BLIP {
				dst[i/64] ^= 1 << (i % 64)
			}
		}
	}
}

func (e *Encoder) saltValue(raw string) string {
	if e.s.Salt == "" {
		return ""
	}
	if e.s.SaltYr {
		d, ok := ParseDate(raw, DateFormat{})
		if !ok {
			return ""
		}
		return strconv.Itoa(d.Y)
	}
	return Normalise(raw)
}

// setToken sets k bits for token t: position j comes from 16-bit chunk j of
// HMAC(fieldKey, salt || 0x1f || t || block), reduced modulo the filter
// length.
func (e *Encoder) setToken(filter []uint64, mac hash.Hash, salt, t string, k int) {
	for block := 0; k > 0; block++ {
		mac.Reset()
		e.in = append(e.in[:0], salt...)
		e.in = append(e.in, 0x1f)
		e.in = append(e.in, t...)
		e.in = append(e.in, byte(block))
		mac.Write(e.in)
		e.sum = mac.Sum(e.sum[:0])
		for j := 0; j < sha256.Size/2 && k > 0; j++ {
			p := int(binary.LittleEndian.Uint16(e.sum[2*j:])) % e.base
			filter[p/64] |= 1 << (p % 64)
			k--
		}
	}
}

// FieldTokens returns the tokens of a raw value for field f; ok is false
// when a non-empty value could not be read (a date that is not a date); it
// then has no tokens, like a missing value.
func FieldTokens(f Field, raw string) (toks []string, ok bool) {
	switch f.Kind {
	case KindName, KindPlace:
		return Bigrams(Normalise(raw)), true
	case KindSex:
		if s := NormaliseSex(raw); s != "" {
			return []string{s}, true
		}
		return nil, true
	case KindExact:
		if s := Normalise(raw); s != "" {
			return []string{s}, true
		}
		return nil, true
	case KindDate:
		if Normalise(raw) == "" {
			return nil, true
		}
		d, ok := ParseDate(raw, f.DateFormat)
		if !ok {
			return nil, false
		}
		return DateTokens(d), true
	}
	return nil, false
}
