package secure

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/google/uuid"
	"golang.org/x/crypto/hkdf"
	"golang.org/x/text/unicode/norm"
)

// BlindIndex returns HMAC-SHA256 of Normalize(value) under a key derived
// (HKDF-SHA256) from org's version-1 data key and field, so equal names give
// equal indexes within one organisation and field, and nothing links them
// across organisations or fields. It returns nil for a value that normalises
// to "" (nothing to search for).
func (k *KeyRing) BlindIndex(ctx context.Context, org uuid.UUID, field, value string) ([]byte, error) {
	n := Normalize(value)
	if n == "" {
		return nil, nil
	}
	ok, err := k.org(ctx, org, true)
	if err != nil {
		return nil, err
	}
	key, err := ok.blindKey(org, field)
	if err != nil {
		return nil, err
	}
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(n))
	return mac.Sum(nil), nil
}

func (ok *orgKeys) blindKey(org uuid.UUID, field string) ([]byte, error) {
	ok.blindMu.Lock()
	defer ok.blindMu.Unlock()
	if key := ok.blind[field]; key != nil {
		return key, nil
	}
	key := make([]byte, KeySize)
	r := hkdf.New(sha256.New, ok.v1, org[:], []byte("passerelle blind index v1|"+field))
	if _, err := io.ReadFull(r, key); err != nil {
		return nil, fmt.Errorf("secure: deriving blind index key: %w", err)
	}
	ok.blind[field] = key
	return key, nil
}

// fold maps letters that compatibility decomposition leaves alone.
var fold = map[rune]string{
	'ß': "ss", 'ẞ': "ss", 'ø': "o", 'ł': "l", 'đ': "d", 'ð': "d", 'æ': "ae", 'œ': "oe", 'þ': "th", 'ı': "i",
	'ŋ': "n", 'ɓ': "b", 'ɗ': "d", 'ƙ': "k", 'ƴ': "y", 'ɛ': "e", 'ɔ': "o",
}

// Normalize prepares a name for a blind index: compatibility decomposition
// (NFKD) with combining marks removed, lower case, a few letters folded (ß, ø,
// ł, đ, æ, œ, and the West African hooked letters ɓ ɗ ƙ ƴ ɛ ɔ ŋ), apostrophes
// dropped, hyphens, dots, commas and underscores read as spaces, and runs of
// spaces collapsed; invalid UTF-8 bytes are dropped. "Adébáyọ̀  Okon" and "adebayo okon" normalise alike.
func Normalize(s string) string {
	var b strings.Builder
	// Invalid UTF-8 would stop NFKD from decomposing what follows it.
	for _, r := range norm.NFKD.String(strings.ToValidUTF8(s, "")) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if f, ok := fold[r]; ok {
			b.WriteString(f)
			continue
		}
		switch {
		case r == '\'' || r == '\u2019' || r == '\u02bc' || r == '`':
			continue
		case unicode.IsSpace(r) || r == '-' || r == '\u2010' || r == '_' || r == '.' || r == ',':
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}
