// Package secure encrypts personal data at rest: AES-256-GCM under
// per-organisation data keys, which are wrapped by a master key kept outside
// the database; per-person subject keys (wrapped by the organisation key) make
// erasure a matter of destroying one small key (crypto-shredding); keyed blind
// indexes allow equality search on encrypted names. No function here logs, and
// no error message carries key material or plaintext.
package secure

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// KeySize is the length of every key here: AES-256.
const KeySize = 32

// Environment variables read by MasterKeyFromEnv.
const (
	EnvMasterKey     = "PASSERELLE_MASTER_KEY"      // base64 (standard) of 32 bytes
	EnvMasterKeyFile = "PASSERELLE_MASTER_KEY_FILE" // path of a file holding that text
)

// MasterKey wraps the organisations' data keys. Its String and GoString show
// only its fingerprint, so printing one by mistake leaks nothing.
type MasterKey struct {
	key [KeySize]byte
	set bool
}

// GenerateMasterKey returns a new random master key.
func GenerateMasterKey() (MasterKey, error) {
	var m MasterKey
	if _, err := rand.Read(m.key[:]); err != nil {
		return MasterKey{}, fmt.Errorf("secure: generating master key: %w", err)
	}
	m.set = true
	return m, nil
}

// ParseMasterKey decodes the base64 (standard, padded) text of a master key;
// surrounding whitespace is ignored.
func ParseMasterKey(text string) (MasterKey, error) {
	text = strings.TrimSpace(text)
	if text == "" {
		return MasterKey{}, errors.New("secure: master key is empty; expected the base64 text of 32 random bytes (44 characters), e.g. from `passerelle keygen`")
	}
	raw, err := base64.StdEncoding.DecodeString(text)
	if err != nil {
		raw, err = base64.RawStdEncoding.DecodeString(text)
	}
	if err != nil {
		return MasterKey{}, errors.New("secure: master key is not valid base64; expected the base64 text of 32 random bytes (44 characters)")
	}
	if len(raw) != KeySize {
		return MasterKey{}, fmt.Errorf("secure: master key must be %d bytes (AES-256), got %d bytes; expected the base64 text of 32 random bytes (44 characters)", KeySize, len(raw))
	}
	var m MasterKey
	copy(m.key[:], raw)
	m.set = true
	return m, nil
}

// Text returns the base64 form written to key files. Handle with care.
func (m MasterKey) Text() string { return base64.StdEncoding.EncodeToString(m.key[:]) }

// IsZero reports whether m was never set.
func (m MasterKey) IsZero() bool { return !m.set }

// ID is a short, non-secret fingerprint (HMAC of a fixed label), recorded with
// every key the master wraps so a wrong master key is named as such.
func (m MasterKey) ID() string {
	mac := hmac.New(sha256.New, m.key[:])
	mac.Write([]byte("passerelle master key id v1"))
	return hex.EncodeToString(mac.Sum(nil)[:8])
}

// String shows the fingerprint only.
func (m MasterKey) String() string { return "MasterKey(" + m.ID() + ")" }

// GoString shows the fingerprint only.
func (m MasterKey) GoString() string { return m.String() }

// WriteMasterKeyFile creates path with mode 0600 holding k's base64 text. It
// refuses to overwrite an existing file: losing a master key loses the data.
func WriteMasterKeyFile(path string, k MasterKey) error {
	if k.IsZero() {
		return errors.New("secure: refusing to write an empty master key")
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return fmt.Errorf("secure: master key file %s already exists; refusing to overwrite it (moving it away would make the data unreadable)", path)
		}
		return fmt.Errorf("secure: creating master key file: %w", err)
	}
	// The umask can only narrow 0600, but a pre-set ACL or odd umask should not
	// widen it: set it explicitly.
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("secure: setting master key file mode: %w", err)
	}
	if _, err := f.WriteString(k.Text() + "\n"); err != nil {
		f.Close()
		return fmt.Errorf("secure: writing master key file: %w", err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("secure: writing master key file: %w", err)
	}
	return f.Close()
}

// LoadMasterKey reads a master key file (base64 text; whitespace trimmed).
func LoadMasterKey(path string) (MasterKey, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return MasterKey{}, fmt.Errorf("secure: reading master key file: %w", err)
	}
	m, err := ParseMasterKey(string(b))
	if err != nil {
		return MasterKey{}, fmt.Errorf("%w (file %s)", err, path)
	}
	return m, nil
}

// MasterKeyFromEnv reads PASSERELLE_MASTER_KEY (base64) or
// PASSERELLE_MASTER_KEY_FILE (a path). found is false when neither is set;
// setting both is an error, since it is unclear which one is meant.
func MasterKeyFromEnv() (k MasterKey, found bool, err error) {
	text, hasText := os.LookupEnv(EnvMasterKey)
	path, hasPath := os.LookupEnv(EnvMasterKeyFile)
	hasText = hasText && strings.TrimSpace(text) != ""
	hasPath = hasPath && strings.TrimSpace(path) != ""
	switch {
	case hasText && hasPath:
		return MasterKey{}, true, fmt.Errorf("secure: both %s and %s are set; set only one", EnvMasterKey, EnvMasterKeyFile)
	case hasText:
		k, err = ParseMasterKey(text)
		if err != nil {
			return MasterKey{}, true, fmt.Errorf("%w (from %s)", err, EnvMasterKey)
		}
		return k, true, nil
	case hasPath:
		k, err = LoadMasterKey(strings.TrimSpace(path))
		if err != nil {
			return MasterKey{}, true, fmt.Errorf("%w (from %s)", err, EnvMasterKeyFile)
		}
		return k, true, nil
	}
	return MasterKey{}, false, nil
}
