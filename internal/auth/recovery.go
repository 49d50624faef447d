package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strings"
	"unicode"
)

// recoveryAlphabet leaves out 0/o, 1/l/i so codes read back without doubt.
const recoveryAlphabet = "23456789abcdefghjkmnpqrstuvwxyz"

// RecoveryCodeCount is how many codes enrolment hands out.
const RecoveryCodeCount = 10

// NewRecoveryCodes returns n single-use codes like "4f7k-9q2m-x8p1" (12
// characters from 31, about 59 bits each) to show once, and their hashes
// (HashRecoveryCode) to store, in the same order. 1 <= n <= 100.
func NewRecoveryCodes(n int) (codes []string, hashes []string, err error) {
	if n < 1 || n > 100 {
		return nil, nil, fmt.Errorf("auth: recovery code count %d out of range 1..100", n)
	}
	max := big.NewInt(int64(len(recoveryAlphabet)))
	seen := map[string]bool{}
	for len(codes) < n {
		var b strings.Builder
		for i := 0; i < 12; i++ {
			if i > 0 && i%4 == 0 {
				b.WriteByte('-')
			}
			x, err := rand.Int(rand.Reader, max)
			if err != nil {
				return nil, nil, fmt.Errorf("auth: reading random code: %w", err)
			}
			b.WriteByte(recoveryAlphabet[x.Int64()])
		}
		c := b.String()
		if seen[c] {
			continue
		}
		seen[c] = true
		codes = append(codes, c)
		hashes = append(hashes, HashRecoveryCode(c))
	}
	return codes, hashes, nil
}

// HashRecoveryCode returns the SHA-256 hex of code after lower-casing it and
// removing dashes and spaces, so "4F7K 9Q2M X8P1" matches "4f7k-9q2m-x8p1".
func HashRecoveryCode(code string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(code) {
		if r == '-' || r == '\u2010' || r == '\u2013' || unicode.IsSpace(r) {
			continue
		}
		b.WriteRune(r)
	}
	sum := sha256.Sum256([]byte("passerelle recovery code|" + b.String()))
	return hex.EncodeToString(sum[:])
}
