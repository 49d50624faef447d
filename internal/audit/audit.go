// Package audit defines the append-only, hash-chained audit trail: what an
// entry holds and how its hash links it to the entry before. Storing entries
// is the store's job (in the same transaction as the change they record);
// this package only computes and checks the chain, one chain per organisation
// so that writers of different organisations never wait on each other.
package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/google/uuid"
)

// Entry is one line of the trail. It never holds personal data: records are
// named by type and identifier, and Detail carries only field names or codes.
type Entry struct {
	OrgID      uuid.UUID // the chain; uuid.Nil is the platform's own chain
	Seq        int64     // position in the chain, from 1
	At         time.Time // UTC, microsecond precision (what both databases keep)
	ActorID    uuid.UUID // uuid.Nil for the system
	Action     string    // e.g. "user.create", "login.fail", "case.read"
	RecordType string    // e.g. "user", "organisation", "case"
	RecordID   string
	IP         string
	Detail     string
	PrevHash   string // hex SHA-256 of the previous entry; "" for the first
	Hash       string // hex SHA-256 of this entry's fields and PrevHash
}

// Normalise puts At in the form both databases round-trip exactly.
func (e *Entry) Normalise() { e.At = e.At.UTC().Truncate(time.Microsecond) }

// ComputeHash returns the hash of e's content and PrevHash (e.Hash is ignored).
// Each field is length-prefixed so that no two different entries encode alike.
func ComputeHash(e Entry) string {
	h := sha256.New()
	var n [8]byte
	put := func(s string) {
		binary.BigEndian.PutUint64(n[:], uint64(len(s)))
		h.Write(n[:])
		h.Write([]byte(s))
	}
	put("passerelle-audit-v1")
	put(e.OrgID.String())
	binary.BigEndian.PutUint64(n[:], uint64(e.Seq))
	h.Write(n[:])
	put(e.At.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
	put(e.ActorID.String())
	put(e.Action)
	put(e.RecordType)
	put(e.RecordID)
	put(e.IP)
	put(e.Detail)
	put(e.PrevHash)
	return hex.EncodeToString(h.Sum(nil))
}

// Seal sets e.Seq, e.PrevHash and e.Hash so that e follows prev (nil for the
// first entry of a chain).
func Seal(e *Entry, prev *Entry) {
	e.Normalise()
	if prev == nil {
		e.Seq, e.PrevHash = 1, ""
	} else {
		e.Seq, e.PrevHash = prev.Seq+1, prev.Hash
	}
	e.Hash = ComputeHash(*e)
}

// Break describes the first entry at which a chain stops being valid.
type Break struct {
	OrgID  uuid.UUID
	Seq    int64 // the sequence number expected or found where the chain breaks
	Reason string
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain of organisation %s broken at entry %d: %s", b.OrgID, b.Seq, b.Reason)
}

// Verifier checks one chain entry by entry, in sequence order, so that a
// trail of any length is checked without holding it in memory.
type Verifier struct {
	org  uuid.UUID
	prev *Entry
	n    int64
}

// NewVerifier starts checking the chain of org.
func NewVerifier(org uuid.UUID) *Verifier { return &Verifier{org: org} }

// Next checks the next entry read from storage. It returns a *Break at the
// first edited, removed, reordered or foreign entry.
func (v *Verifier) Next(e Entry) error {
	want := int64(1)
	prevHash := ""
	if v.prev != nil {
		want, prevHash = v.prev.Seq+1, v.prev.Hash
	}
	switch {
	case e.OrgID != v.org:
		return &Break{OrgID: v.org, Seq: e.Seq, Reason: "entry belongs to another chain"}
	case e.Seq != want:
		return &Break{OrgID: v.org, Seq: want, Reason: fmt.Sprintf("entry %d is missing (found %d)", want, e.Seq)}
	case e.PrevHash != prevHash:
		return &Break{OrgID: v.org, Seq: e.Seq, Reason: "does not link to the previous entry"}
	case ComputeHash(e) != e.Hash:
		return &Break{OrgID: v.org, Seq: e.Seq, Reason: "content does not match its hash (edited)"}
	}
	cp := e
	v.prev = &cp
	v.n++
	return nil
}

// Count is the number of entries checked so far.
func (v *Verifier) Count() int64 { return v.n }

// Head returns the last entry checked, or nil.
func (v *Verifier) Head() *Entry { return v.prev }
