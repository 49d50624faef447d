package linkage

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/passerelle-org/passerelle/internal/fault"
)

// TestParseSecret: one rule reads a secret however it is written down; the
// same key comes out of every form of the same secret.
func TestParseSecret(t *testing.T) {
	key := bytes.Repeat([]byte{0x00, 0xff, 0x20, 0x0a}, 8) // binary, with white-space bytes at both ends
	phrase := "Corridor Zinder–Agadez–Marseille, accord de 2026"
	cases := []struct {
		name    string
		written string
		enc     SecretEncoding
		want    []byte
	}{
		{"file of random bytes", string(key), SecretAuto, key},
		{"generated text", FormatSecret(key), SecretAuto, key},
		{"generated text with a newline", FormatSecret(key) + "\n", SecretAuto, key},
		{"standard base64", base64.StdEncoding.EncodeToString(key), SecretAuto, key},
		{"base64 named", " " + base64.StdEncoding.EncodeToString(key), SecretBase64, key},
		{"hex named", hex.EncodeToString(key), SecretHex, key},
		{"passphrase", "  " + phrase + "\r\n", SecretAuto, []byte(phrase)},
		{"passphrase named text", phrase, SecretText, []byte(phrase)},
		{"generated text named text", FormatSecret(key), SecretText, []byte(FormatSecret(key))},
	}
	// A generated secret with its last character mistyped is another key,
	// even where the change falls on the character's unused bits.
	text := FormatSecret(key)
	for _, last := range "ABCDwxyz" {
		typo := text[:len(text)-1] + string(last)
		if typo == text {
			continue
		}
		if got, err := ParseSecret([]byte(typo), SecretAuto); err != nil || bytes.Equal(got, key) {
			t.Errorf("typo %q: %x %v, the same key", typo, got, err)
		}
	}
	for _, c := range cases {
		got, err := ParseSecret([]byte(c.written), c.enc)
		if err != nil || !bytes.Equal(got, c.want) {
			t.Errorf("%s: %x %v, want %x", c.name, got, err, c.want)
		}
	}
	refused := []struct {
		name, written string
		enc           SecretEncoding
		code          string
	}{
		{"short passphrase", "trop court", SecretAuto, CodeSecretShort},
		{"short base64", base64.StdEncoding.EncodeToString(key[:16]), SecretBase64, CodeSecretShort},
		{"not hex", phrase, SecretHex, CodeSecretEncoding},
		{"not base64", phrase, SecretBase64, CodeSecretEncoding},
		{"unknown encoding", phrase, "rot13", CodeSecretEncoding},
	}
	for _, c := range refused {
		_, err := ParseSecret([]byte(c.written), c.enc)
		if f := fault.As(err); f == nil || f.Kind != fault.Invalid || f.Code != c.code {
			t.Errorf("%s: %v, want %s", c.name, err, c.code)
		}
	}
}

// TestReadSecretFile: a file is read by the same rule as typed text, so a
// generated secret saved with a newline gives the key it stands for.
func TestReadSecretFile(t *testing.T) {
	key, err := NewSecret(MinSecret)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, data := range map[string][]byte{"bin": key, "txt": []byte(FormatSecret(key) + "\n")} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		got, err := ReadSecret(p)
		if err != nil || !bytes.Equal(got, key) {
			t.Errorf("%s file: %x %v, want %x", name, got, err, key)
		}
	}
	short := filepath.Join(dir, "short")
	if err := os.WriteFile(short, []byte("court\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var le *Error
	if _, err := ReadSecret(short); !errors.As(err, &le) || le.Code != "linkage.secret.short" {
		t.Fatalf("short secret file: %v, want secret.short", err)
	}
}
