// Package audit defines the audit trail and how it is proven untouched.
//
// Chains. Each organisation's entries form a hash chain (Seq, PrevHash,
// Hash), appended in the same transaction as the change they record; one
// chain per organisation, so writers of different organisations never wait
// on each other. The chain gives per-organisation order and names an entry
// edited or removed naively, but its hash has no key: anyone who can write
// the database can recompute it. Detection does not rest on it.
//
// The Merkle log. Every entry of every chain is also a leaf of one Merkle
// log (RFC 6962 hashing, as golang.org/x/mod/sumdb/tlog computes it, over
// LeafData: every field, chain hashes included). The store integrates new
// entries after their transactions commit, in its own short transaction:
// each gets the next leaf number, and the tree's size and right edge (Edge:
// constant space) are kept for the next integration. The write path itself
// pays nothing more than before.
//
// Checkpoints. After integrating, the server signs a checkpoint (tree size,
// root hash, time, and where each organisation's chain stands in the log:
// the C2SP tlog-checkpoint text with extension lines, in a sumdb/note signed
// with Ed25519) and writes it OUTSIDE the database: to DATA/audit-checkpoints
// and to a second folder when configured (beside the backups; later, to
// peers that cosign). One file per hour is kept there (the hour's last
// checkpoint). It does so at most once a second after writes, every 30
// seconds when idle (other servers' writes) and when the store closes; a
// backup copy gets the checkpoint taken just before it. The signing key is
// derived from the master key (HKDF), so every server of a deployment signs
// alike and nothing secret is stored; its public key is in DATA/audit.pub
// (older keys stay there after the master key changes) and printed by
// 'passerelle audit public-key'. The server refuses to sign a tree shorter
// than, or different from, the newest checkpoint it finds.
//
// Verification (LogCheck) needs the public key only. It recomputes the
// tree from the database's entries, refuses any checkpoint file whose text
// or signature does not check, and requires the same root at every
// checkpoint's size: removing the log's tail, a whole organisation's
// entries, or rewriting history even with every chain and the tree
// recomputed, changes the root or the size. At the first checkpoint the log
// fails, it compares each chain with the position signed there, which names
// the organisation and its entries missing, added or rewritten (a rewrite:
// at or before the entry named); it also names an entry when a chain or head
// shows it, the missing leaves when numbers are missing, and the leaves
// between the last matching checkpoint and the first that fails.
//
// What it cannot see: entries removed before their first checkpoint (a
// second or so), and a rewrite by someone who holds the master key and
// deletes every checkpoint, including the copies kept elsewhere: keep the
// second folder and audit.pub away from the server.
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

// Break describes the first entry at which a chain stops being valid: what
// is wrong there is a message code (audit.finding.<what>) with parameters.
type Break struct {
	OrgID  uuid.UUID
	Seq    int64 // the sequence number expected or found where the chain breaks
	Code   string
	Params map[string]any
}

func (b *Break) Error() string {
	return fmt.Sprintf("audit chain of organisation %s broken at entry %d: %s", b.OrgID, b.Seq, b.Code)
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
		return &Break{OrgID: v.org, Seq: e.Seq, Code: "audit.finding.other_chain"}
	case e.Seq != want:
		return &Break{OrgID: v.org, Seq: want, Code: "audit.finding.entry_gap", Params: map[string]any{"Want": want, "Found": e.Seq}}
	case e.PrevHash != prevHash:
		return &Break{OrgID: v.org, Seq: e.Seq, Code: "audit.finding.unlinked"}
	case ComputeHash(e) != e.Hash:
		return &Break{OrgID: v.org, Seq: e.Seq, Code: "audit.finding.edited"}
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
