package audit

import (
	"bytes"
	"crypto/rand"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"golang.org/x/mod/sumdb/tlog"
)

// TestEdgeRootIsTheTlogTreeHash: the constant-space right edge gives the
// RFC 6962 root that tlog computes from every stored hash, at every size.
func TestEdgeRootIsTheTlogTreeHash(t *testing.T) {
	var stored []tlog.Hash
	reader := tlog.HashReaderFunc(func(idx []int64) ([]tlog.Hash, error) {
		out := make([]tlog.Hash, len(idx))
		for i, x := range idx {
			out[i] = stored[x]
		}
		return out, nil
	})
	var e Edge
	for n := int64(0); n <= 130; n++ {
		want, err := tlog.TreeHash(n, reader)
		if err != nil {
			t.Fatal(err)
		}
		if got := e.Root(); got != want {
			t.Fatalf("size %d: root %v, tlog %v", n, got, want)
		}
		back, err := ParseEdge(e.Size, e.MarshalBinary())
		if err != nil || back.Root() != want {
			t.Fatalf("size %d: edge does not survive storage: %v", n, err)
		}
		data := []byte{byte(n), byte(n >> 8)}
		hs, err := tlog.StoredHashes(n, data, reader)
		if err != nil {
			t.Fatal(err)
		}
		stored = append(stored, hs...)
		e.Append(tlog.RecordHash(data))
	}
	if _, err := ParseEdge(5, make([]byte, 32)); err == nil {
		t.Fatal("an edge of the wrong length was accepted")
	}
}

func TestLeafDataSeparatesFields(t *testing.T) {
	a := Entry{Action: "ab", RecordType: "c"}
	b := Entry{Action: "a", RecordType: "bc"}
	if bytes.Equal(LeafData(a), LeafData(b)) {
		t.Fatal("field boundaries do not change the leaf")
	}
	c := a
	c.Hash = "x"
	if LeafHash(a) == LeafHash(c) {
		t.Fatal("the chain hash is not in the leaf")
	}
}

func newSigner(t *testing.T) *Signer {
	t.Helper()
	seed := make([]byte, 32)
	rand.Read(seed)
	s, err := NewSigner(seed)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestCheckpointSignature(t *testing.T) {
	s := newSigner(t)
	vs, err := ParsePublicKeys([]byte("# audit keys\n" + s.PublicKey() + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := Checkpoint{Size: 42, Root: tlog.RecordHash([]byte("x")), At: time.Date(2026, 12, 4, 18, 0, 0, 0, time.UTC)}
	msg, err := s.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	c.Chains = map[uuid.UUID]ChainHead{uuid.Must(uuid.NewV7()): {Seq: 3, Hash: "ab12"}, uuid.Nil: {Seq: 1, Hash: "cd34"}}
	msg, err = s.Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := OpenCheckpoint(msg, vs)
	if err != nil || got.Size != c.Size || got.Root != c.Root || !got.At.Equal(c.At) || !maps.Equal(got.Chains, c.Chains) {
		t.Fatalf("open: %+v %v", got, err)
	}
	edited := bytes.Replace(msg, []byte("\n42\n"), []byte("\n41\n"), 1)
	if _, err := OpenCheckpoint(edited, vs); err == nil {
		t.Fatal("an edited checkpoint was accepted")
	}
	other, err := newSigner(t).Sign(c)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := OpenCheckpoint(other, vs); err == nil || !strings.Contains(err.Error(), "refused") {
		t.Fatalf("a checkpoint signed by another key: %v", err)
	}
	// Two keys in the file (the master key changed): both check.
	s2 := newSigner(t)
	vs2, err := ParsePublicKeys([]byte(s.PublicKey() + "\n" + s2.PublicKey()))
	if err != nil {
		t.Fatal(err)
	}
	msg2, _ := s2.Sign(c)
	for _, m := range [][]byte{msg, msg2} {
		if _, err := OpenCheckpoint(m, vs2); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := ParsePublicKeys([]byte("not a key")); err == nil {
		t.Fatal("a bad key file was accepted")
	}
}
