package secure

import (
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func mustMaster(t testing.TB) MasterKey {
	t.Helper()
	m, err := GenerateMasterKey()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestMasterKeyFileWriteLoad(t *testing.T) {
	m := mustMaster(t)
	path := filepath.Join(t.TempDir(), "master.key")
	if err := WriteMasterKeyFile(path, m); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode = %v, want 0600", st.Mode().Perm())
	}
	got, err := LoadMasterKey(path)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID() != m.ID() || got.Text() != m.Text() {
		t.Error("loaded key differs from written key")
	}

	// Refuse to overwrite, and leave the file as it was.
	other := mustMaster(t)
	err = WriteMasterKeyFile(path, other)
	if err == nil || !strings.Contains(err.Error(), "refusing to overwrite") {
		t.Fatalf("overwrite: err = %v, want refusal", err)
	}
	again, err := LoadMasterKey(path)
	if err != nil || again.ID() != m.ID() {
		t.Errorf("file changed after refused overwrite (err %v)", err)
	}
	if err := WriteMasterKeyFile(filepath.Join(t.TempDir(), "k"), MasterKey{}); err == nil {
		t.Error("wrote an empty master key")
	}
}

func TestLoadMasterKeyWhitespaceAndBadInput(t *testing.T) {
	m := mustMaster(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	got, err := LoadMasterKey(write("spaced", "  \n"+m.Text()+"\r\n\t"))
	if err != nil || got.ID() != m.ID() {
		t.Fatalf("whitespace not trimmed: %v", err)
	}
	short := base64.StdEncoding.EncodeToString(make([]byte, 16))
	_, err = LoadMasterKey(write("short", short))
	if err == nil || !strings.Contains(err.Error(), "must be 32 bytes") || !strings.Contains(err.Error(), "got 16 bytes") {
		t.Errorf("16-byte key: err = %v, want a clear length message", err)
	}
	if strings.Contains(fmt.Sprint(err), short) {
		t.Error("error message repeats the key text")
	}
	if _, err := LoadMasterKey(write("garbage", "not base64 at all!")); err == nil || !strings.Contains(err.Error(), "base64") {
		t.Errorf("garbage: err = %v", err)
	}
	if _, err := LoadMasterKey(write("empty", "\n")); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("empty: err = %v", err)
	}
	if _, err := LoadMasterKey(filepath.Join(dir, "missing")); err == nil {
		t.Error("missing file accepted")
	}
}

func TestMasterKeyFromEnv(t *testing.T) {
	m := mustMaster(t)
	t.Setenv(EnvMasterKey, "")
	t.Setenv(EnvMasterKeyFile, "")
	if _, found, err := MasterKeyFromEnv(); found || err != nil {
		t.Fatalf("unset: found=%v err=%v", found, err)
	}

	t.Setenv(EnvMasterKey, m.Text())
	got, found, err := MasterKeyFromEnv()
	if err != nil || !found || got.ID() != m.ID() {
		t.Fatalf("from %s: found=%v err=%v", EnvMasterKey, found, err)
	}

	path := filepath.Join(t.TempDir(), "master.key")
	if err := WriteMasterKeyFile(path, m); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvMasterKeyFile, path)
	if _, found, err := MasterKeyFromEnv(); !found || err == nil {
		t.Errorf("both set: found=%v err=%v, want an error", found, err)
	}

	t.Setenv(EnvMasterKey, "")
	got, found, err = MasterKeyFromEnv()
	if err != nil || !found || got.ID() != m.ID() {
		t.Fatalf("from %s: found=%v err=%v", EnvMasterKeyFile, found, err)
	}

	t.Setenv(EnvMasterKeyFile, "")
	t.Setenv(EnvMasterKey, base64.StdEncoding.EncodeToString(make([]byte, 31)))
	_, found, err = MasterKeyFromEnv()
	if !found || err == nil || !strings.Contains(err.Error(), "must be 32 bytes") || !strings.Contains(err.Error(), EnvMasterKey) {
		t.Errorf("bad length: found=%v err=%v", found, err)
	}
}

func TestMasterKeyNeverPrinted(t *testing.T) {
	m := mustMaster(t)
	for _, s := range []string{fmt.Sprint(m), fmt.Sprintf("%v %+v %#v %s", m, m, m, m)} {
		if strings.Contains(s, m.Text()) || !strings.Contains(s, m.ID()) {
			t.Errorf("printed form %q shows the key or lacks the fingerprint", s)
		}
	}
	if len(m.ID()) != 16 {
		t.Errorf("ID %q: want 16 hex characters", m.ID())
	}
	if m.ID() == mustMaster(t).ID() {
		t.Error("two random keys share an ID")
	}
	p, err := ParseMasterKey(m.Text())
	if err != nil || p.ID() != m.ID() {
		t.Error("ID not stable across parse")
	}
}
