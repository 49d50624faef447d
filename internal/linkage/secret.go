package linkage

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"unicode"
	"unicode/utf8"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// SecretEncoding names how a shared secret is written down.
type SecretEncoding string

// The encodings ParseSecret reads. SecretAuto is the rule every surface
// applies (the web form, the API by default, a file given to "passerelle
// link encode"), so that the same secret gives the same key everywhere.
const (
	SecretAuto   SecretEncoding = "auto"   // the zero value "" reads the same
	SecretBase64 SecretEncoding = "base64" // standard or URL alphabet, padded or not
	SecretHex    SecretEncoding = "hex"
	SecretText   SecretEncoding = "text" // the UTF-8 bytes of the text, never decoded
)

// SecretEncodings lists the encodings a caller may name.
var SecretEncodings = []SecretEncoding{SecretAuto, SecretBase64, SecretHex, SecretText}

// Codes of the errors ParseSecret returns (fault.Invalid); they are also the
// rule ids the pages and the API name them by.
const (
	CodeSecretShort    = "linkage_secret_short"    // Params: Min, Len (bytes of key)
	CodeSecretEncoding = "linkage_secret_encoding" // Params: Encoding
)

// ParseSecret returns the key a written secret stands for, by one rule:
//
//   - bytes that are not text (a file of random bytes) are the key as they are;
//   - text is trimmed of surrounding white space; if what remains is base64 of
//     at least MinSecret bytes (as FormatSecret writes, "passerelle link
//     keygen" and the web form's generated secrets), the key is the decoded
//     bytes;
//   - any other text (a passphrase agreed between the parties) is the key as
//     its UTF-8 bytes.
//
// A named encoding reads the trimmed text that way only. The key must be at
// least MinSecret bytes. Errors carry no part of the secret.
func ParseSecret(written []byte, enc SecretEncoding) ([]byte, error) {
	var key []byte
	switch enc {
	case SecretAuto, "":
		if !isText(written) {
			key = bytes.Clone(written)
			break
		}
		text := bytes.TrimSpace(written)
		if b, ok := decodeBase64(text); ok && len(b) >= MinSecret {
			key = b
			break
		}
		key = bytes.Clone(text)
	case SecretText:
		key = bytes.Clone(bytes.TrimSpace(written))
	case SecretHex:
		b, err := hex.DecodeString(string(bytes.TrimSpace(written)))
		if err != nil {
			return nil, fault.New(fault.Invalid, CodeSecretEncoding, map[string]any{"Encoding": string(enc)})
		}
		key = b
	case SecretBase64:
		b, ok := decodeBase64(bytes.TrimSpace(written))
		if !ok {
			return nil, fault.New(fault.Invalid, CodeSecretEncoding, map[string]any{"Encoding": string(enc)})
		}
		key = b
	default:
		return nil, fault.New(fault.Invalid, CodeSecretEncoding, map[string]any{"Encoding": string(enc)})
	}
	if len(key) < MinSecret {
		n := len(key)
		clear(key)
		return nil, fault.New(fault.Invalid, CodeSecretShort, map[string]any{"Min": MinSecret, "Len": n})
	}
	return key, nil
}

// FormatSecret writes a key as text: unpadded base64 in the URL alphabet,
// which ParseSecret reads back to the same key on every surface.
func FormatSecret(key []byte) string { return base64.RawURLEncoding.EncodeToString(key) }

// decodeBase64 accepts the standard and URL alphabets, padded or not,
// strictly: the unused bits of the last character must be zero, so that a
// mistyped last character never reads as the same key.
func decodeBase64(text []byte) ([]byte, bool) {
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding,
		base64.RawURLEncoding} {
		if b, err := enc.Strict().DecodeString(string(text)); err == nil {
			return b, true
		}
	}
	return nil, false
}

// isText reports whether b is UTF-8 text without control characters other
// than white space: what a person types or a text file holds. Random key
// bytes practically never are.
func isText(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if unicode.IsControl(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
