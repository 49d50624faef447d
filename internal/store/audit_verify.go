package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"

	"github.com/google/uuid"

	"github.com/passerelle-org/passerelle/internal/audit"
)

// AuditSource says which database's log to verify and against what. It
// needs no master key: only the public key of the checkpoints.
type AuditSource struct {
	Config             // the data folder or PostgreSQL URL, as for Open
	File        string // a SQLite file to read instead (a backup copy), opened read-only
	Checkpoints []string
	Keys        audit.Verifiers
}

// VerifyAuditLog recomputes the Merkle log from the database's entries and
// checks it against every signed checkpoint in src.Checkpoints: a checkpoint
// whose signature or text does not check is refused; the log must have the
// same root at each checkpoint's size, so entries removed from its end or
// anywhere else, or rewritten even with their chain recomputed, are found.
// Each organisation's chain and head are checked on the way. A copy
// (src.File) may predate the newest checkpoints: those are left unchecked.
// The reads are one snapshot, so it runs beside a live server.
func VerifyAuditLog(ctx context.Context, src AuditSource) (audit.Report, error) {
	files, err := audit.ReadCheckpointFiles(src.Checkpoints...)
	if err != nil {
		return audit.Report{}, err
	}
	if src.File != "" {
		// A backup copy carries the checkpoint taken just before it.
		if b, err := os.ReadFile(src.File + audit.CopyCheckpointExt); err == nil {
			files = append(files, audit.CheckpointFile{Path: src.File + audit.CopyCheckpointExt, Data: b})
		}
	}
	conn, dialect, err := openAuditReader(ctx, src)
	if err != nil {
		return audit.Report{}, err
	}
	defer conn.Close()

	var cps []audit.SignedCheckpoint
	var refused []audit.CheckpointFile
	var refusedErr []error
	for _, f := range files {
		c, err := audit.OpenCheckpoint(f.Data, src.Keys)
		if err != nil {
			refused, refusedErr = append(refused, f), append(refusedErr, err)
			continue
		}
		own := src.File != "" && f.Path == src.File+audit.CopyCheckpointExt
		cps = append(cps, audit.SignedCheckpoint{Checkpoint: c, File: f.Path, Own: own})
	}
	check := audit.NewLogCheck(cps, src.File != "")
	for i, f := range refused {
		check.Refused(f.Path, refusedErr[i])
	}

	opts := &sql.TxOptions{ReadOnly: true}
	if dialect == Postgres {
		opts.Isolation = sql.LevelRepeatableRead
	}
	t, err := conn.BeginTx(ctx, opts)
	if err != nil {
		return audit.Report{}, fmt.Errorf("store: verify audit: %w", err)
	}
	defer t.Rollback()
	if err := streamLeaves(ctx, t, check); err != nil {
		return audit.Report{}, err
	}
	heads, err := readHeads(ctx, t)
	if err != nil {
		return audit.Report{}, err
	}
	check.Heads(heads)
	return check.Finish(), nil
}

func streamLeaves(ctx context.Context, t *sql.Tx, check *audit.LogCheck) error {
	rows, err := t.QueryContext(ctx, `SELECT leaf, `+auditColumns+` FROM audit_log WHERE leaf IS NOT NULL ORDER BY leaf`)
	if err != nil {
		if strings.Contains(err.Error(), "leaf") {
			return errors.New("store: this database predates the signed audit log: open it once with 'passerelle migrate' or the server")
		}
		return fmt.Errorf("store: verify audit: %w", err)
	}
	for rows.Next() {
		var leaf int64
		var e audit.Entry
		if err := rows.Scan(&leaf, &e.OrgID, &e.Seq, &e.At, &e.ActorID, &e.Action, &e.RecordType, &e.RecordID,
			&e.IP, &e.Detail, &e.PrevHash, &e.Hash); err != nil {
			rows.Close()
			return fmt.Errorf("store: verify audit: %w", err)
		}
		e.At = e.At.UTC()
		check.Leaf(leaf, e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: verify audit: %w", err)
	}
	rows, err = t.QueryContext(ctx, `SELECT `+auditColumns+` FROM audit_log WHERE leaf IS NULL ORDER BY organisation_id, seq`)
	if err != nil {
		return fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEntry(rows)
		if err != nil {
			return fmt.Errorf("store: verify audit: %w", err)
		}
		check.Pending(e)
	}
	return rows.Err()
}

func readHeads(ctx context.Context, t *sql.Tx) (map[uuid.UUID]audit.Entry, error) {
	rows, err := t.QueryContext(ctx, `SELECT organisation_id, seq, hash FROM audit_heads`)
	if err != nil {
		return nil, fmt.Errorf("store: verify audit: %w", err)
	}
	defer rows.Close()
	heads := map[uuid.UUID]audit.Entry{}
	for rows.Next() {
		var h audit.Entry
		if err := rows.Scan(&h.OrgID, &h.Seq, &h.Hash); err != nil {
			return nil, fmt.Errorf("store: verify audit: %w", err)
		}
		heads[h.OrgID] = h
	}
	return heads, rows.Err()
}

// openAuditReader opens the database for reading only, without migrating it
// and without the master key.
func openAuditReader(ctx context.Context, src AuditSource) (*sql.DB, string, error) {
	var conn *sql.DB
	var dialect string
	var err error
	switch u := src.DatabaseURL; {
	case src.File != "":
		if _, err := os.Stat(src.File); err != nil {
			return nil, "", fmt.Errorf("store: %w", err)
		}
		// immutable: a copy is read as it is, with no journal or lock files.
		conn, err = sql.Open("sqlite", "file:"+(&url.URL{Path: src.File}).EscapedPath()+"?mode=ro&immutable=1&_time_format=sqlite")
		dialect = SQLite
	case u == "":
		path := src.DataDir + string(os.PathSeparator) + FileName
		if _, err := os.Stat(path); err != nil {
			return nil, "", fmt.Errorf("store: %w", err)
		}
		conn, err = sql.Open("sqlite", sqliteDSN(path, true))
		dialect = SQLite
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		conn, err = sql.Open("pgx", u)
		dialect = Postgres
	default:
		return nil, "", errors.New("store: database URL must start with postgres:// or postgresql://")
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: opening the database: %w", err)
	}
	conn.SetMaxOpenConns(1)
	if err := conn.PingContext(ctx); err != nil {
		conn.Close()
		return nil, "", fmt.Errorf("store: opening the database: %w", err)
	}
	return conn, dialect, nil
}
