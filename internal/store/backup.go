package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
)

// ErrBackupPostgres: Backup does not copy PostgreSQL databases.
var ErrBackupPostgres = errors.New("store: backup of a PostgreSQL database: use pg_dump (e.g. `pg_dump --format=custom --file=passerelle.dump \"$DATABASE_URL\"`); the master key file must be backed up separately")

// Backup writes a consistent copy of the SQLite database to dest (a new file,
// mode 0600) with VACUUM INTO, while the server keeps serving: the copy is
// read from one snapshot on a connection of its own, so writers are not blocked.
// dest must not exist. The master key is not in the copy: back it up apart.
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
	return nil
}
