package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres: Backup does not copy PostgreSQL databases.
var ErrBackupPostgres = errors.New("store: backup of a PostgreSQL database: use pg_dump, leaving out what belongs to the running system (e.g. `pg_dump --format=custom --exclude-table-data=sessions --exclude-table-data=signin_throttle --exclude-table-data=totp_steps --file=passerelle.dump \"$DATABASE_URL\"`); the master key file must be backed up separately")

// Backup writes a consistent copy of the SQLite database to dest (a new file,
// mode 0600) with VACUUM INTO, while the server keeps serving: the copy is
// read from one snapshot on a connection of its own, so writers are not blocked.
// dest must not exist. The master key is not in the copy: back it up apart.
// Nothing in the copy opens the live system (see liveState).
func (db *DB) Backup(ctx context.Context, dest string) error {
	if db.dialect != SQLite {
		return ErrBackupPostgres
	}
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("store: backup: %w", err)
	}
	f.Close()
	// VACUUM INTO reads one snapshot and writes only the new file; it needs a
	// connection that is not query_only, so it gets its own (not the writer,
	// which keeps serving).
	conn, err := sql.Open("sqlite", sqliteDSN(db.path, false))
	if err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: backup: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.ExecContext(ctx, `VACUUM INTO $1`, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: backup: %w", err)
	}
	if err := clearLiveState(ctx, dest); err != nil {
		os.Remove(dest)
		return fmt.Errorf("store: backup: %w", err)
	}
	return nil
}

// liveState are the tables a copy leaves empty: what belongs to the running
// system rather than to the data. Sessions (hashed, yet nothing of them has a
// use in a copy), throttle counts and two-factor steps. API tokens and
// recovery codes are kept as SHA-256 hashes of long random secrets, passwords
// as argon2id hashes and two-factor secrets sealed under the master key:
// none of them opens anything.
var liveState = []string{"sessions", "signin_throttle", "totp_steps"}

// clearLiveState empties liveState in the copy at path, overwriting the freed
// pages (secure_delete) and compacting the file, so no deleted row stays
// readable in it.
func clearLiveState(ctx context.Context, path string) error {
	// A rollback journal, not WAL: the copy stays one file.
	conn, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)&_pragma=journal_mode(DELETE)")
	if err != nil {
		return err
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	stmts := []string{`PRAGMA secure_delete = ON`}
	for _, t := range liveState {
		stmts = append(stmts, `DELETE FROM `+t)
	}
	stmts = append(stmts, `VACUUM`)
	for _, q := range stmts {
		if _, err := conn.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}
