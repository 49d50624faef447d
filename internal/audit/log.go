package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"time"

	"golang.org/x/mod/sumdb/tlog"
)

// LeafData is what the Merkle log commits to for one entry: every field,
// including the chain's sequence number and hashes, length-prefixed so that
// no two different entries encode alike.
func LeafData(e Entry) []byte {
	b := make([]byte, 0, 256)
	put := func(s string) {
		b = binary.BigEndian.AppendUint64(b, uint64(len(s)))
		b = append(b, s...)
	}
	put("passerelle-audit-leaf-v1")
	put(e.OrgID.String())
	b = binary.BigEndian.AppendUint64(b, uint64(e.Seq))
	put(e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	put(e.ActorID.String())
	put(e.Action)
	put(e.RecordType)
	put(e.RecordID)
	put(e.IP)
	put(e.Detail)
	put(e.PrevHash)
	put(e.Hash)
	return b
}

// LeafHash is the RFC 6962 leaf hash of e, as tlog.RecordHash computes it.
func LeafHash(e Entry) tlog.Hash { return tlog.RecordHash(LeafData(e)) }

// Edge is the right edge of a Merkle tree (a compact range): the roots of
// the perfect subtrees that make up a tree of Size leaves, largest first.
// It is all an append needs, so the log grows in constant space and time
// per leaf, and its root is the RFC 6962 tree hash tlog.TreeHash computes.
type Edge struct {
	Size   int64
	hashes []tlog.Hash
}

// Append adds one leaf hash at index e.Size.
func (e *Edge) Append(h tlog.Hash) {
	e.hashes = append(e.hashes, h)
	// Each trailing 1 bit of the old size is a perfect subtree the new leaf
	// completes a sibling of: merge them.
	for n := e.Size; n&1 == 1; n >>= 1 {
		k := len(e.hashes)
		e.hashes[k-2] = tlog.NodeHash(e.hashes[k-2], e.hashes[k-1])
		e.hashes = e.hashes[:k-1]
	}
	e.Size++
}

// Root is the tree hash of the Size leaves appended (for none, SHA-256 of
// nothing, as in RFC 6962 and tlog).
func (e *Edge) Root() tlog.Hash {
	if len(e.hashes) == 0 {
		return sha256.Sum256(nil)
	}
	h := e.hashes[len(e.hashes)-1]
	for i := len(e.hashes) - 2; i >= 0; i-- {
		h = tlog.NodeHash(e.hashes[i], h)
	}
	return h
}

// MarshalBinary is the edge's hashes concatenated (its size is kept apart).
func (e *Edge) MarshalBinary() []byte {
	b := make([]byte, 0, len(e.hashes)*tlog.HashSize)
	for _, h := range e.hashes {
		b = append(b, h[:]...)
	}
	return b
}

// ParseEdge rebuilds the edge of a tree of size leaves from MarshalBinary.
func ParseEdge(size int64, b []byte) (Edge, error) {
	ones := 0
	for n := size; n > 0; n >>= 1 {
		ones += int(n & 1)
	}
	if size < 0 || len(b) != ones*tlog.HashSize {
		return Edge{}, fmt.Errorf("audit: tree edge of %d bytes does not fit a tree of %d leaves", len(b), size)
	}
	e := Edge{Size: size, hashes: make([]tlog.Hash, ones)}
	for i := range e.hashes {
		copy(e.hashes[i][:], b[i*tlog.HashSize:])
	}
	return e, nil
}
