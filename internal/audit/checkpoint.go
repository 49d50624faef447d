package audit

import (
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

// KeyName names the checkpoint signing key in notes and in audit.pub.
const KeyName = "passerelle-audit"

// Origin is the first line of every checkpoint: the log it is about.
const Origin = "passerelle audit log v1"

// Checkpoint is a signed tree head: the log held Size entries whose Merkle
// tree hash is Root, at time At (the signer's clock). Chains is where each
// organisation's chain stood in those Size entries: it lets verification
// name the organisation and the entries a tampering touched.
type Checkpoint struct {
	Size   int64
	Root   tlog.Hash
	At     time.Time
	Chains map[uuid.UUID]ChainHead
}

// ChainHead is the last entry of a chain: its sequence number and hash.
type ChainHead struct {
	Seq  int64
	Hash string
}

// body is the note text, in the C2SP tlog-checkpoint form (origin, size,
// base64 root) with extension lines: the time, then one line per chain.
func (c Checkpoint) body() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n%d\n%s\ntime %s\n", Origin, c.Size,
		base64.StdEncoding.EncodeToString(c.Root[:]), c.At.UTC().Format(time.RFC3339))
	orgs := make([]uuid.UUID, 0, len(c.Chains))
	for org := range c.Chains {
		orgs = append(orgs, org)
	}
	sort.Slice(orgs, func(i, j int) bool { return orgs[i].String() < orgs[j].String() })
	for _, org := range orgs {
		h := c.Chains[org]
		fmt.Fprintf(&b, "chain %s %d %s\n", org, h.Seq, h.Hash)
	}
	return b.String()
}

func parseBody(text string) (Checkpoint, error) {
	var c Checkpoint
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) < 4 || lines[0] != Origin || !strings.HasPrefix(lines[3], "time ") {
		return c, errors.New("not a checkpoint of this log")
	}
	c.Chains = map[uuid.UUID]ChainHead{}
	for _, l := range lines[4:] {
		f := strings.Fields(l)
		if len(f) != 4 || f[0] != "chain" {
			return c, errors.New("bad chain line")
		}
		org, err1 := uuid.Parse(f[1])
		seq, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil || seq < 1 {
			return c, errors.New("bad chain line")
		}
		c.Chains[org] = ChainHead{Seq: seq, Hash: f[3]}
	}
	n, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || n < 0 || strconv.FormatInt(n, 10) != lines[1] {
		return c, errors.New("bad tree size")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return c, errors.New("bad root hash")
	}
	at, err := time.Parse(time.RFC3339, lines[3][len("time "):])
	if err != nil {
		return c, errors.New("bad time")
	}
	c.Size, c.At = n, at
	copy(c.Root[:], root)
	return c, nil
}

// Signer signs checkpoints with an Ed25519 key.
type Signer struct {
	s    note.Signer
	vkey string
}

// NewSigner makes the signer whose private key is the 32-byte Ed25519 seed.
// The server derives the seed from its master key, so every server of a
// deployment signs with the same key and nothing secret is stored.
func NewSigner(seed []byte) (*Signer, error) {
	if len(seed) != ed25519.SeedSize {
		return nil, errors.New("audit: signing seed must be 32 bytes")
	}
	pub := ed25519.NewKeyFromSeed(seed).Public().(ed25519.PublicKey)
	vkey, err := note.NewEd25519VerifierKey(KeyName, pub)
	if err != nil {
		return nil, err
	}
	// vkey is name+hash+base64(alg|pub); the signer key is the same with the seed.
	hash := strings.Split(vkey, "+")[1]
	skey := "PRIVATE+KEY+" + KeyName + "+" + hash + "+" + base64.StdEncoding.EncodeToString(append([]byte{1}, seed...))
	s, err := note.NewSigner(skey)
	if err != nil {
		return nil, err
	}
	return &Signer{s: s, vkey: vkey}, nil
}

// PublicKey is the verifier key in the note format (name+hash+base64), the
// line written to audit.pub.
func (s *Signer) PublicKey() string { return s.vkey }

// Sign returns the signed note of c.
func (s *Signer) Sign(c Checkpoint) ([]byte, error) {
	return note.Sign(&note.Note{Text: c.body()}, s.s)
}

// Verifiers are the public keys a checkpoint may be signed with: every line
// of audit.pub (a new key is added there when the master key changes, and
// the older ones stay to check older checkpoints).
type Verifiers struct{ v note.Verifiers }

// ParsePublicKeys reads audit.pub: one verifier key per line, # comments.
func ParsePublicKeys(text []byte) (Verifiers, error) {
	var list []note.Verifier
	for _, line := range strings.Split(string(text), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		v, err := note.NewVerifier(line)
		if err != nil {
			return Verifiers{}, fmt.Errorf("audit: public key %q: %w", line, err)
		}
		list = append(list, v)
	}
	if len(list) == 0 {
		return Verifiers{}, errors.New("audit: no public key in the file")
	}
	return Verifiers{note.VerifierList(list...)}, nil
}

// OpenCheckpoint checks msg's signature against vs and parses it. Any edit
// of the text, or a signature by another key, is refused.
func OpenCheckpoint(msg []byte, vs Verifiers) (Checkpoint, error) {
	if vs.v == nil {
		return Checkpoint{}, errors.New("audit: no public key to check checkpoints with")
	}
	n, err := note.Open(msg, vs.v)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("signature refused (%w)", err)
	}
	return parseBody(n.Text)
}
