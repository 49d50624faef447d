package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/hkdf"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// The Merkle log. Write transactions only append to their organisation's
// chain (so writers of different organisations never wait on each other);
// an integrator then gives each new entry the next leaf of one log over all
// chains, in its own short transaction, and signs a checkpoint of the new
// tree that it writes outside the database. It runs after writes (at most
// once per auditEvery, so a burst of writes costs one checkpoint), every
// auditIdle to pick up other servers' writes, and when the store closes.

const (
	auditEvery  = time.Second
	auditIdle   = 30 * time.Second
	auditBatch  = 2000 // entries integrated per transaction
	auditKeyTag = "passerelle audit checkpoint signing key v1"
)

// AuditSigner derives the checkpoint signer from the master key: every
// server of a deployment signs with the same key and no secret is stored.
func AuditSigner(master secure.MasterKey) (*audit.Signer, error) {
	raw, err := base64.StdEncoding.DecodeString(master.Text())
	if err != nil {
		return nil, err
	}
	seed := make([]byte, 32)
	if _, err := io.ReadFull(hkdf.New(sha256.New, raw, nil, []byte(auditKeyTag)), seed); err != nil {
		return nil, err
	}
	return audit.NewSigner(seed)
}

// auditLog integrates entries and writes checkpoints for one DB.
type auditLog struct {
	db     *DB
	signer *audit.Signer
	dirs   []string
	keys   string // audit.pub: every key this deployment signed with
	poke   chan struct{}

	mu      sync.Mutex // one integration at a time in this process
	signed  *audit.Checkpoint
	refused bool // the database's log is behind a checkpoint: never sign over it
	checked bool // the newest checkpoint on disk was compared once
}

// auditDirs are the folders checkpoints go to: DATA/audit-checkpoints and
// the configured extra one.
func auditDirs(cfg Config) []string {
	var dirs []string
	if cfg.DataDir != "" {
		dirs = append(dirs, filepath.Join(cfg.DataDir, audit.CheckpointDir))
	}
	if cfg.AuditCheckpointDir != "" {
		dirs = append(dirs, cfg.AuditCheckpointDir)
	}
	return dirs
}

func newAuditLog(db *DB, cfg Config, master secure.MasterKey) (*auditLog, error) {
	s, err := AuditSigner(master)
	if err != nil {
		return nil, err
	}
	l := &auditLog{db: db, signer: s, dirs: auditDirs(cfg), poke: make(chan struct{}, 1)}
	if cfg.DataDir != "" {
		l.keys = filepath.Join(cfg.DataDir, audit.PublicKeyFile)
		if err := audit.EnsurePublicKey(l.keys, s.PublicKey()); err != nil {
			return nil, err
		}
	}
	return l, nil
}

// AuditPublicKey is the verifier key of this deployment's checkpoints.
func (db *DB) AuditPublicKey() string { return db.auditLog.signer.PublicKey() }

// wake asks for an integration soon; it never blocks a writer.
func (l *auditLog) wake() {
	select {
	case l.poke <- struct{}{}:
	default:
	}
}

func (l *auditLog) loop() {
	defer l.db.wg.Done()
	idle := time.NewTicker(auditIdle)
	defer idle.Stop()
	warned := false // a refusal is logged once, not at every tick
	run := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
		defer cancel()
		_, err := l.checkpoint(ctx)
		switch {
		case errors.Is(err, ErrAuditBehind) && warned:
		case err != nil:
			warned = warned || errors.Is(err, ErrAuditBehind)
			slog.Default().Error("audit checkpoint", "error", err)
		}
	}
	run()
	for {
		select {
		case <-l.db.stop:
			run()
			return
		case <-l.poke:
		case <-idle.C:
		}
		run()
		select { // let the writes of the next moment share one checkpoint
		case <-l.db.stop:
			run()
			return
		case <-time.After(auditEvery):
		}
	}
}

// CheckpointAudit integrates every entry written so far into the Merkle log
// and writes a signed checkpoint of it to the checkpoint folders. The server
// does it by itself after writes and on closing; commands and tests call it
// to have a checkpoint now.
func (db *DB) CheckpointAudit(ctx context.Context) (audit.Checkpoint, error) {
	return db.auditLog.checkpoint(ctx)
}

// ErrAuditBehind: the database's log is shorter than, or differs from, a
// checkpoint already signed, so it was truncated or rewritten; no
// checkpoint is signed over it (audit verify says where).
var ErrAuditBehind = errors.New("store: the audit log does not extend its last signed checkpoint (truncated or rewritten): run 'passerelle audit verify'")

func (l *auditLog) checkpoint(ctx context.Context) (audit.Checkpoint, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.refused {
		return audit.Checkpoint{}, ErrAuditBehind
	}
	var edge audit.Edge
	var chains map[uuid.UUID]audit.ChainHead
	for {
		e, ch, n, err := l.integrate(ctx)
		if err != nil {
			return audit.Checkpoint{}, err
		}
		edge, chains = e, ch
		if n < auditBatch {
			break
		}
	}
	c := audit.Checkpoint{Size: edge.Size, Root: edge.Root(), At: time.Now().UTC().Truncate(time.Second), Chains: chains}
	if !l.checked {
		l.checked = true
		if newest := l.newestOnDisk(); newest != nil {
			l.signed = newest
		}
	}
	if s := l.signed; s != nil {
		if c.Size < s.Size || (c.Size == s.Size && c.Root != s.Root) {
			l.refused = true
			return c, ErrAuditBehind
		}
		if c.Size == s.Size && s.At.Truncate(time.Hour).Equal(c.At.Truncate(time.Hour)) {
			return *s, nil // nothing new this hour
		}
	}
	note, err := l.signer.Sign(c)
	if err != nil {
		return c, err
	}
	var errs []error
	for _, dir := range l.dirs {
		errs = append(errs, audit.WriteCheckpointFile(dir, c, note))
	}
	l.signed = &c
	return c, errors.Join(errs...)
}

// newestOnDisk is the largest checkpoint of the folders signed by a key of
// audit.pub (this key and those before a change of master key).
func (l *auditLog) newestOnDisk() *audit.Checkpoint {
	files, err := audit.ReadCheckpointFiles(l.dirs...)
	if err != nil {
		return nil
	}
	keys := []byte(l.signer.PublicKey())
	if l.keys != "" {
		if b, err := os.ReadFile(l.keys); err == nil {
			keys = b
		}
	}
	vs, err := audit.ParsePublicKeys(keys)
	if err != nil {
		return nil
	}
	var newest *audit.Checkpoint
	for _, f := range files {
		c, err := audit.OpenCheckpoint(f.Data, vs)
		if err == nil && (newest == nil || c.Size > newest.Size) {
			newest = &c
		}
	}
	return newest
}

// integrate gives the next leaves to up to auditBatch entries not yet in the
// log, each organisation's in chain order, and stores the new tree head and
// chain positions, which it returns with the number of entries integrated.
func (l *auditLog) integrate(ctx context.Context) (audit.Edge, map[uuid.UUID]audit.ChainHead, int, error) {
	db := l.db
	t, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return audit.Edge{}, nil, 0, fmt.Errorf("store: audit integrate: %w", err)
	}
	defer t.Rollback()
	var size int64
	var edgeBytes []byte
	if err := t.QueryRowContext(ctx, `SELECT size, edge FROM audit_tree WHERE id = 1`+db.forUpdate()).
		Scan(&size, &edgeBytes); err != nil {
		return audit.Edge{}, nil, 0, fmt.Errorf("store: audit tree: %w", err)
	}
	edge, err := audit.ParseEdge(size, edgeBytes)
	if err != nil {
		return edge, nil, 0, err
	}
	rows, err := t.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE leaf IS NULL
		ORDER BY organisation_id, seq LIMIT $1`, auditBatch)
	if err != nil {
		return edge, nil, 0, fmt.Errorf("store: audit integrate: %w", err)
	}
	var es []audit.Entry
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			rows.Close()
			return edge, nil, 0, err
		}
		es = append(es, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return edge, nil, 0, err
	}
	if len(es) == 0 {
		return edge, nil, 0, nil
	}
	first := edge.Size
	for _, e := range es {
		edge.Append(audit.LeafHash(e))
	}
	if err := setLeaves(ctx, t, db.dialect, es, first); err != nil {
		return edge, nil, 0, fmt.Errorf("store: audit integrate: %w", err)
	}
	last := map[uuid.UUID]audit.Entry{}
	for _, e := range es {
		last[e.OrgID] = e
	}
	for org, e := range last {
		if _, err := t.ExecContext(ctx, `INSERT INTO audit_tree_chains (organisation_id, seq, hash) VALUES ($1, $2, $3)
			ON CONFLICT (organisation_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash`, org, e.Seq, e.Hash); err != nil {
			return edge, nil, 0, fmt.Errorf("store: audit tree: %w", err)
		}
	}
	chains, err := readChains(ctx, t)
	if err != nil {
		return edge, nil, 0, err
	}
	root := edge.Root()
	if _, err := t.ExecContext(ctx, `UPDATE audit_tree SET size = $1, root = $2, edge = $3 WHERE id = 1`,
		edge.Size, root[:], edge.MarshalBinary()); err != nil {
		return edge, nil, 0, fmt.Errorf("store: audit tree: %w", err)
	}
	if err := t.Commit(); err != nil {
		return edge, nil, 0, fmt.Errorf("store: audit integrate: %w", err)
	}
	return edge, chains, len(es), nil
}

// readChains reads where every chain stands in the log.
func readChains(ctx context.Context, t *sql.Tx) (map[uuid.UUID]audit.ChainHead, error) {
	rows, err := t.QueryContext(ctx, `SELECT organisation_id, seq, hash FROM audit_tree_chains`)
	if err != nil {
		return nil, fmt.Errorf("store: audit tree: %w", err)
	}
	defer rows.Close()
	out := map[uuid.UUID]audit.ChainHead{}
	for rows.Next() {
		var org uuid.UUID
		var h audit.ChainHead
		if err := rows.Scan(&org, &h.Seq, &h.Hash); err != nil {
			return nil, fmt.Errorf("store: audit tree: %w", err)
		}
		out[org] = h
	}
	return out, rows.Err()
}

// setLeaves numbers es from first: one statement in PostgreSQL (a round
// trip per row would dominate), a prepared one per row in SQLite.
func setLeaves(ctx context.Context, t *sql.Tx, dialect string, es []audit.Entry, first int64) error {
	if dialect == Postgres {
		orgs := make([]string, len(es))
		seqs := make([]int64, len(es))
		for i, e := range es {
			orgs[i], seqs[i] = e.OrgID.String(), e.Seq
		}
		res, err := t.ExecContext(ctx, `UPDATE audit_log AS a SET leaf = $3 + v.n - 1
			FROM unnest($1::uuid[], $2::bigint[]) WITH ORDINALITY AS v(org, seq, n)
			WHERE a.organisation_id = v.org AND a.seq = v.seq AND a.leaf IS NULL`, orgs, seqs, first)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != int64(len(es)) {
			return fmt.Errorf("%d of %d entries changed while integrated", n, len(es))
		}
		return nil
	}
	st, err := t.PrepareContext(ctx, `UPDATE audit_log SET leaf = $1 WHERE organisation_id = $2 AND seq = $3 AND leaf IS NULL`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, e := range es {
		res, err := st.ExecContext(ctx, first+int64(i), e.OrgID, e.Seq)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return fmt.Errorf("entry %s/%d changed while integrated", e.OrgID, e.Seq)
		}
	}
	return nil
}

// auditColumns are the columns scanEntry reads.
const auditColumns = `organisation_id, seq, at, actor_id, action, record_type, record_id, ip, detail, prev_hash, hash`

// WriteAuditCheckpoint signs c again (Ed25519 signatures are deterministic:
// the same note) and writes it to file, e.g. beside a backup copy taken
// just after CheckpointAudit, so that the copy carries a checkpoint it
// extends and can be verified alone.
func (db *DB) WriteAuditCheckpoint(c audit.Checkpoint, file string) error {
	note, err := db.auditLog.signer.Sign(c)
	if err != nil {
		return err
	}
	return os.WriteFile(file, note, 0o600)
}
