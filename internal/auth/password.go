package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
	"golang.org/x/text/unicode/norm"

	"github.com/passerelle-org/passerelle/internal/valid"
)

// Argon2id parameters: the OWASP Password Storage Cheat Sheet minimum
// (m=19 MiB, t=2, p=1). Changing them makes CheckPassword report needsRehash
// for older hashes, which the sign-in page then upgrades.
const (
	argonMemory  = 19456 // KiB
	argonTime    = 2
	argonThreads = 1
	argonSaltLen = 16
	argonKeyLen  = 32
)

// Password length limits (ValidatePassword).
const (
	PasswordMinChars = 12
	PasswordMaxBytes = 256
)

// ErrBadHash: the stored string is not a hash this package understands.
var ErrBadHash = errors.New("auth: stored password hash is not a valid argon2id PHC string")

var b64 = base64.RawStdEncoding

// argonSlots bounds how many argon2id computations run at once. Each needs
// 19 MiB, so a burst of sign-ins would otherwise cost memory without limit
// (100 at once: 2 GB); beyond the CPUs they only wait for each other anyway.
var argonSlots = make(chan struct{}, max(2, runtime.GOMAXPROCS(0)))

func argonKey(pw string, salt []byte, t, m uint32, p uint8, keyLen uint32) []byte {
	argonSlots <- struct{}{}
	defer func() { <-argonSlots }()
	return argon2.IDKey([]byte(norm.NFKC.String(pw)), salt, t, m, p, keyLen)
}

// HashPassword returns the argon2id hash of pw in PHC string form:
// "$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>" (unpadded base64). The
// password is NFKC-normalised first, so composed and decomposed accents match.
func HashPassword(pw string) (string, error) {
	salt := make([]byte, argonSaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("auth: reading random salt: %w", err)
	}
	key := argonKey(pw, salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, argonMemory, argonTime, argonThreads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

type phc struct {
	m    uint32
	t    uint32
	p    uint8
	salt []byte
	key  []byte
}

func parsePHC(s string) (phc, error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return phc{}, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version || parts[2] != "v=19" {
		return phc{}, ErrBadHash
	}
	var h phc
	var p uint32
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &h.m, &h.t, &p); err != nil || n != 3 ||
		parts[3] != fmt.Sprintf("m=%d,t=%d,p=%d", h.m, h.t, p) { // canonical form only
		return phc{}, ErrBadHash
	}
	// Bounds keep a corrupted or planted hash from costing gigabytes or hours.
	if h.m < 8 || h.m > 1<<20 || h.t < 1 || h.t > 20 || p < 1 || p > 16 {
		return phc{}, ErrBadHash
	}
	h.p = uint8(p)
	var err error
	if h.salt, err = b64.DecodeString(parts[4]); err != nil || len(h.salt) < 8 || len(h.salt) > 64 {
		return phc{}, ErrBadHash
	}
	if h.key, err = b64.DecodeString(parts[5]); err != nil || len(h.key) < 16 || len(h.key) > 64 {
		return phc{}, ErrBadHash
	}
	return h, nil
}

// CheckPassword reports whether pw matches encoded (compared in constant
// time), and whether encoded uses other parameters than HashPassword does now
// (then store a fresh HashPassword(pw) after a successful sign-in).
func CheckPassword(encoded, pw string) (ok bool, needsRehash bool, err error) {
	h, err := parsePHC(encoded)
	if err != nil {
		return false, false, err
	}
	key := argonKey(pw, h.salt, h.t, h.m, h.p, uint32(len(h.key)))
	if subtle.ConstantTimeCompare(key, h.key) != 1 {
		return false, false, nil
	}
	needsRehash = h.m != argonMemory || h.t != argonTime || h.p != argonThreads ||
		len(h.salt) != argonSaltLen || len(h.key) != argonKeyLen
	return true, needsRehash, nil
}

// dummyHash is checked against when the account does not exist, so that an
// unknown e-mail address takes as long as a wrong password.
// It is made on first use, so importing the package costs nothing.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("passerelle-dummy-password")
	if err != nil {
		// Only if the system's random source fails; the fixed salt below still
		// costs the same time, which is all a dummy hash is for.
		return "$argon2id$v=19$m=19456,t=2,p=1$cGFzc2VyZWxsZWR1bW15$" + strings.Repeat("A", 43)
	}
	return h
})

// DummyCheckPassword spends the time of one CheckPassword and returns nothing:
// call it when sign-in finds no such account (or a disabled one), so response
// times do not reveal which addresses have accounts.
func DummyCheckPassword(pw string) {
	_, _, _ = CheckPassword(dummyHash(), pw)
}

// ValidatePassword checks a new password: at least 12 characters, at most 256
// bytes, not one character repeated, not a well-known password. It returns a
// *valid.FieldError with Field "password", or nil.
func ValidatePassword(pw string) error {
	if n := utf8.RuneCountInString(pw); n < PasswordMinChars {
		return valid.New("password", valid.RulePasswordTooShort, map[string]any{"min": PasswordMinChars})
	}
	if len(pw) > PasswordMaxBytes {
		return valid.New("password", valid.RulePasswordTooLong, map[string]any{"max": PasswordMaxBytes})
	}
	if weakPassword(pw) {
		return valid.New("password", valid.RulePasswordWeak, nil)
	}
	return nil
}

// common holds well-known passwords of 12 characters or more (lower case).
var common = map[string]bool{
	"123456789012": true, "1234567890123": true, "12345678901234": true, "123456789123": true,
	"passwordpassword": true, "password1234": true, "password12345": true, "password123456": true,
	"qwertyuiopasdfghjkl": true, "qwertyuiop123": true, "qwerty123456": true, "azertyuiop123": true,
	"azertyuiopqsdfghjklm": true, "iloveyou1234": true, "motdepasse123": true, "motdepasse1234": true,
	"1q2w3e4r5t6y": true, "abcdefghijkl": true, "abc123abc123": true, "passerelle123": true,
	"passerelle1234": true, "administrator": true, "changeme1234": true, "welcome12345": true,
}

func weakPassword(pw string) bool {
	if common[strings.ToLower(pw)] {
		return true
	}
	// One character repeated, or one short unit repeated ("abcabcabcabc").
	r := []rune(pw)
	for unit := 1; unit <= 3; unit++ {
		if len(r)%unit != 0 {
			continue
		}
		same := true
		for i := unit; i < len(r) && same; i++ {
			same = r[i] == r[i-unit]
		}
		if same {
			return true
		}
	}
	return false
}
