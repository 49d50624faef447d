package linkage

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"os"

	"golang.org/x/crypto/hkdf"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// MinSecret is the minimum length of the shared secret in bytes.
const MinSecret = 32

// hkdfSalt separates Passerelle's derivations from any other use of a secret.
var hkdfSalt = []byte("passerelle/linkage/v1")

// derive returns n bytes of key material for purpose from the shared secret.
func derive(secret []byte, purpose string, n int) []byte {
	out := make([]byte, n)
	if _, err := io.ReadFull(hkdf.New(sha256.New, secret, hkdfSalt, []byte(purpose)), out); err != nil {
		panic("linkage: hkdf: " + err.Error()) // cannot happen for n <= 255*32
	}
	return out
}

// KeyFingerprint is an HMAC of a fixed label under a key derived for that
// purpose only: equal secrets give equal fingerprints, and it reveals nothing
// of the secret or of the field keys.
func KeyFingerprint(secret []byte) [16]byte {
	m := hmac.New(sha256.New, derive(secret, "key-fingerprint", 32))
	m.Write([]byte("passerelle linkage key fingerprint v1"))
	var fp [16]byte
	copy(fp[:], m.Sum(nil))
	return fp
}

// ReadSecret reads a secret file by the rule of ParseSecret (the same as
// the web form's and the API's) and refuses a key shorter than MinSecret.
func ReadSecret(path string) ([]byte, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, causeErr("secret.read", kv{"File": path}, err)
	}
	key, err := ParseSecret(b, SecretAuto)
	clear(b)
	if f := fault.As(err); f != nil {
		return nil, errf("secret.short", kv{"File": path, "Min": MinSecret, "Got": f.Params["Len"]})
	}
	return key, err
}

// NewSecret returns n random bytes (n >= MinSecret) for a new shared secret.
func NewSecret(n int) ([]byte, error) {
	if n < MinSecret {
		n = MinSecret
	}
	b := make([]byte, n)
	_, err := rand.Read(b)
	return b, err
}
