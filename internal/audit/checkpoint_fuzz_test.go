package audit

import (
	"bytes"
	"testing"
)

// FuzzOpenCheckpoint: checkpoint files and audit.pub are read by `audit
// verify` from folders an attacker may have written to. Whatever they hold,
// reading never panics, and a checkpoint that opens under the key is one that
// key signed: any change of a signed checkpoint is refused.
//
//	go test ./internal/audit -run '^$' -fuzz FuzzOpenCheckpoint -fuzztime 1m
func FuzzOpenCheckpoint(f *testing.F) {
	s, err := NewSigner(bytes.Repeat([]byte{7}, 32))
	if err != nil {
		f.Fatal(err)
	}
	vs, err := ParsePublicKeys([]byte(s.PublicKey() + "\n"))
	if err != nil {
		f.Fatal(err)
	}
	signed, err := s.Sign(Checkpoint{Size: 3})
	if err != nil {
		f.Fatal(err)
	}
	f.Add(signed, []byte(s.PublicKey()))
	f.Add(bytes.Replace(signed, []byte("3"), []byte("2"), 1), []byte("# comment\n"+s.PublicKey()))
	f.Add([]byte("not a note"), []byte("garbage+key"))
	f.Fuzz(func(t *testing.T, msg, pub []byte) {
		_, _ = ParsePublicKeys(pub)
		c, err := OpenCheckpoint(msg, vs)
		if err != nil {
			return
		}
		again, err := s.Sign(c)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := OpenCheckpoint(again, vs); err != nil {
			t.Fatalf("a checkpoint that opened does not round-trip: %v", err)
		}
	})
}
