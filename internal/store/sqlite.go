package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the SQLite database file inside the data directory.
const FileName = "passerelle.db"

// sqliteDSN builds a modernc DSN: WAL so readers never block the writer,
// a busy timeout for other processes (command-line tools), foreign keys on,
// synchronous NORMAL (durable across application crashes in WAL mode), and
// times written in a sortable UTC text form.
func sqliteDSN(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(NORMAL)")
	// Erasure destroys key material: secure_delete overwrites freed pages so
	// the bytes do not linger in the file (the WAL is checkpointed over them).
	q.Add("_pragma", "secure_delete(1)")
	q.Set("_time_format", "sqlite")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		// Take the write lock at BEGIN so a transaction never fails half-way
		// on a lock upgrade when another process writes.
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

func openSQLite(ctx context.Context, dir string) (*DB, error) {
	if dir == "" {
		return nil, errors.New("store: a data directory is required for SQLite")
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: creating data directory: %w", err)
	}
	path := filepath.Join(dir, FileName)
	// Create the file ourselves so that it (and the -wal/-shm files SQLite
	// derives from it) is readable by the owner only.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("store: creating database file: %w", err)
	}
	f.Close()

	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return nil, fmt.Errorf("store: opening SQLite: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer sets WAL (persistent) before any reader connects.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: opening SQLite: %w", err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: opening SQLite: %w", err)
	}
	n := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	return &DB{dialect: SQLite, w: w, r: r, path: path}, nil
}
