package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
)

// APITokenPrefix starts every API token, so leaked tokens are recognisable
// (secret scanners) and other strings are refused without a lookup.
const APITokenPrefix = "pas_"

// NewAPIToken returns a bearer token ("pas_" + 32 random bytes in unpadded
// base64url, 47 characters) to show once, and the SHA-256 hex to store.
func NewAPIToken() (token string, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", fmt.Errorf("auth: reading random token: %w", err)
	}
	token = APITokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashAPIToken(token), nil
}

// HashAPIToken returns the SHA-256 hex of token (surrounding spaces ignored).
// The token holds 256 random bits, so a fast hash is enough.
func HashAPIToken(token string) string {
	sum := sha256.Sum256([]byte(strings.TrimSpace(token)))
	return hex.EncodeToString(sum[:])
}

// LooksLikeAPIToken reports whether s has the shape of a token from
// NewAPIToken, to refuse garbage before a database lookup.
func LooksLikeAPIToken(s string) bool {
	s = strings.TrimSpace(s)
	if !strings.HasPrefix(s, APITokenPrefix) || len(s) != len(APITokenPrefix)+43 {
		return false
	}
	b, err := base64.RawURLEncoding.DecodeString(s[len(APITokenPrefix):])
	return err == nil && len(b) == 32
}
