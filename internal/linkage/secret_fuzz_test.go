package linkage

import (
	"bytes"
	"testing"
)

// FuzzParseSecret: whatever is typed or uploaded as a shared secret, the
// reader either refuses it or returns a key of at least MinSecret bytes, the
// same key for the same writing, and never echoes the secret in its error.
//
//	go test ./internal/linkage -run '^$' -fuzz FuzzParseSecret -fuzztime 1m
func FuzzParseSecret(f *testing.F) {
	f.Add([]byte("  c2VjcmV0LXBhcnRhZ2UtZWRvLWFnYWRlei1seW9uLTIwMjY=  "), "")
	f.Add([]byte("une phrase secrète partagée entre Edo, Agadez et Lyon"), "text")
	f.Add(bytes.Repeat([]byte{0xff, 0x00}, 20), "")
	f.Add([]byte("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"), "hex")
	f.Add([]byte("short"), "base64")
	f.Fuzz(func(t *testing.T, written []byte, enc string) {
		key, err := ParseSecret(written, SecretEncoding(enc))
		if err != nil {
			if s := bytes.TrimSpace(written); len(s) >= 8 && bytes.Contains([]byte(err.Error()), s) {
				t.Fatalf("error echoes the secret: %v", err)
			}
			return
		}
		if len(key) < MinSecret {
			t.Fatalf("key of %d bytes accepted (minimum %d)", len(key), MinSecret)
		}
		again, err := ParseSecret(written, SecretEncoding(enc))
		if err != nil || !bytes.Equal(key, again) {
			t.Fatal("the same writing gave another key")
		}
	})
}
