package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"testing"
)

var tokenRE = regexp.MustCompile(`^pas_[A-Za-z0-9_-]{43}$`)

func TestAPIToken(t *testing.T) {
	seen := map[string]bool{}
	for range 50 {
		tok, hash, err := NewAPIToken()
		if err != nil {
			t.Fatal(err)
		}
		if !tokenRE.MatchString(tok) || !LooksLikeAPIToken(tok) {
			t.Fatalf("token %q has the wrong shape", tok)
		}
		sum := sha256.Sum256([]byte(tok))
		if hash != hex.EncodeToString(sum[:]) || HashAPIToken(tok) != hash || HashAPIToken(" "+tok+"\n") != hash {
			t.Fatal("hash is not the SHA-256 hex of the token")
		}
		if strings.Contains(hash, tok[4:]) {
			t.Fatal("hash contains the token")
		}
		if seen[tok] {
			t.Fatal("token repeated")
		}
		seen[tok] = true
	}
	tok, _, _ := NewAPIToken()
	for _, bad := range []string{"", "pas_", tok[4:], "PAS_" + tok[4:], tok + "A", tok[:len(tok)-1], "pas_" + strings.Repeat("!", 43)} {
		if LooksLikeAPIToken(bad) {
			t.Errorf("LooksLikeAPIToken(%q) = true", bad)
		}
	}
	if HashAPIToken(tok) == HashAPIToken(strings.ToUpper(tok)) {
		t.Error("tokens are case sensitive; hashes must differ")
	}
}

var recoveryRE = regexp.MustCompile(`^[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}-[2-9a-hjkmnp-z]{4}$`)

func TestRecoveryCodes(t *testing.T) {
	codes, hashes, err := NewRecoveryCodes(RecoveryCodeCount)
	if err != nil {
		t.Fatal(err)
	}
	if len(codes) != 10 || len(hashes) != 10 {
		t.Fatalf("%d codes, %d hashes", len(codes), len(hashes))
	}
	seen := map[string]bool{}
	for i, c := range codes {
		if !recoveryRE.MatchString(c) {
			t.Errorf("code %q has the wrong shape", c)
		}
		if hashes[i] != HashRecoveryCode(c) || len(hashes[i]) != 64 {
			t.Errorf("hash %d does not match its code", i)
		}
		if seen[hashes[i]] {
			t.Error("two codes share a hash")
		}
		seen[hashes[i]] = true
		// Typed back in capitals, with spaces or without dashes, it matches.
		for _, typed := range []string{strings.ToUpper(c), strings.ReplaceAll(c, "-", " "), strings.ReplaceAll(c, "-", ""), " " + c + "\n"} {
			if HashRecoveryCode(typed) != hashes[i] {
				t.Errorf("typed form %q does not match", typed)
			}
		}
		if HashRecoveryCode(c[:len(c)-1]) == hashes[i] {
			t.Error("a shortened code matches")
		}
	}
	for _, n := range []int{0, -1, 101} {
		if _, _, err := NewRecoveryCodes(n); err == nil {
			t.Errorf("NewRecoveryCodes(%d) accepted", n)
		}
	}
}
