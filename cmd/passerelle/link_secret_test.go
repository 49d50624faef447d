package main

import (
	"bytes"
	"encoding/base64"
	"os"
	"path/filepath"
	"testing"

	"github.com/passerelle-org/passerelle/internal/linkage"
)

// TestLinkSecretForms: "passerelle link encode" reads a secret file by the
// rule of the web form and the API (linkage.ParseSecret): the text keygen
// writes, the same key as raw bytes and as standard base64 give encodings
// under one key, the key the text stands for.
func TestLinkSecretForms(t *testing.T) {
	dir := t.TempDir()
	p := func(n string) string { return filepath.Join(dir, n) }
	if err := os.WriteFile(p("a.csv"), []byte(linkCSV1), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, e := linkRunCmd(t, "link", "keygen", "--out", p("text")); code != 0 {
		t.Fatalf("keygen: %d %s", code, e)
	}
	written, err := os.ReadFile(p("text"))
	if err != nil {
		t.Fatal(err)
	}
	key, err := linkage.ParseSecret(written, linkage.SecretAuto)
	if err != nil || len(key) != linkage.MinSecret || !bytes.HasSuffix(written, []byte("\n")) {
		t.Fatalf("keygen wrote %d bytes that read as a %d-byte key: %v", len(written), len(key), err)
	}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(p("raw"), key, 0o600))
	must(os.WriteFile(p("std"), []byte(base64.StdEncoding.EncodeToString(key)+"\r\n"), 0o600))
	want := linkage.KeyFingerprint(key)
	for _, name := range []string{"text", "raw", "std"} {
		code, _, e := linkRunCmd(t, "link", "encode", "--in", p("a.csv"), "--id-column", "case_id",
			"--field", "first:name", "--field", "last:name", "--secret-file", p(name), "--out", p(name+".clk"))
		if code != 0 {
			t.Fatalf("encode with the %s file: %d %s", name, code, e)
		}
		data, err := os.ReadFile(p(name + ".clk"))
		must(err)
		encs, err := linkage.ParseCLK(data, name)
		must(err)
		if encs.Key != want {
			t.Errorf("the %s file encodes under another key", name)
		}
	}
}
