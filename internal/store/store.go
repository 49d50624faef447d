package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"

	"github.com/passerelle-org/passerelle/internal/audit"
	"github.com/passerelle-org/passerelle/internal/fault"
	"github.com/passerelle-org/passerelle/internal/secure"
)

// Errors every method may return (possibly wrapped: use errors.Is). They are
// fault errors, so the surfaces answer them by kind; errors.Is also matches a
// *fault.Error of the same kind and code rebuilt with parameters.
var (
	// ErrNotFound: no such record, or it belongs to another organisation
	// (existence is never revealed across organisations).
	ErrNotFound = fault.New(fault.NotFound, "store.not_found", nil)
	// ErrConflict: the change collides with existing data (e.g. an e-mail
	// address already in use, or removing an organisation's last administrator).
	ErrConflict = fault.New(fault.Conflict, "store.conflict", nil)
	// ErrForbidden: no actor in the context, or the actor's role does not
	// allow this in their own organisation.
	ErrForbidden = fault.New(fault.Forbidden, "store.forbidden", nil)
)

// Dialect names returned by DB.Dialect.
const (
	SQLite   = "sqlite"
	Postgres = "postgres"
)

// Config says where the data lives.
type Config struct {
	// DataDir holds the SQLite file passerelle.db (created 0600).
	DataDir string
	// DatabaseURL selects PostgreSQL when it starts with postgres:// or
	// postgresql://; "" means SQLite in DataDir.
	DatabaseURL string
	// AuditCheckpointDir is a folder (beside the backups) that receives the
	// audit log's signed checkpoints too, besides DataDir/audit-checkpoints.
	AuditCheckpointDir string
}

// DB is the one place that speaks SQL. It is safe for concurrent use.
type DB struct {
	dialect string
	// w takes every write. With SQLite it holds one connection, so writers
	// queue in Go instead of fighting over the file lock; r is a separate pool
	// of read-only connections. With PostgreSQL both are the same pool.
	w, r *sql.DB
	path string // SQLite file

	stmts    stmtCache // prepared reads (SQLite)
	keys     *secure.KeyRing
	auditLog *auditLog

	closeOnce sync.Once
	stop      chan struct{}
	wg        sync.WaitGroup

	// Per handle, not package globals keyed by the handle, so that a closed
	// handle is not kept alive by them.
	jobs    sync.Map       // Exclusive: job name -> *sync.Mutex
	imports sync.WaitGroup // import jobs running (WaitImports)
	gate    importGate     // import places taken (enterImport)
}

// Open connects, applies the embedded migrations and builds the key ring.
func Open(ctx context.Context, cfg Config, master secure.MasterKey) (*DB, error) {
	if master.IsZero() {
		return nil, errors.New("store: a master key is required")
	}
	var db *DB
	var err error
	switch u := cfg.DatabaseURL; {
	case u == "":
		db, err = openSQLite(ctx, cfg.DataDir)
	case strings.HasPrefix(u, "postgres://"), strings.HasPrefix(u, "postgresql://"):
		db, err = openPostgres(ctx, u)
	default:
		return nil, errors.New("store: database URL must start with postgres:// or postgresql:// (leave it empty for SQLite)")
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.closeConns()
		return nil, err
	}
	if err := db.prepareWrites(ctx, auditWrites...); err != nil {
		db.closeConns()
		return nil, fmt.Errorf("store: preparing statements: %w", err)
	}
	db.keys = secure.NewKeyRing(master, keyStore{db})
	if db.auditLog, err = newAuditLog(db, cfg, master); err != nil {
		db.closeConns()
		return nil, err
	}
	// Before serving: values stored in clear by earlier versions are sealed.
	if err := db.sealPending(ctx); err != nil {
		db.closeConns()
		return nil, err
	}
	if err := db.projectFacts(ctx); err != nil {
		db.closeConns()
		return nil, err
	}
	db.stop = make(chan struct{})
	db.wg.Add(2)
	go db.cleanup(sessionCleanupEvery)
	go db.auditLog.loop()
	return db, nil
}

// Close stops the background cleanup and closes the connections.
func (db *DB) Close() error {
	var err error
	db.closeOnce.Do(func() {
		if db.stop != nil {
			close(db.stop)
			db.wg.Wait()
		}
		err = db.closeConns()
	})
	return err
}

func (db *DB) closeConns() error {
	db.stmts.close()
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	return err
}

// Dialect is "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Ping checks that both pools answer.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	if err := db.r.PingContext(ctx); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

// Keys is the key ring that encrypts personal data, backed by this database.
func (db *DB) Keys() *secure.KeyRing { return db.keys }

// now is the time written to the database: UTC at microsecond precision,
// which both databases keep exactly.
func now() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }

// forUpdate locks the selected rows in PostgreSQL; SQLite has one writer.
func (db *DB) forUpdate() string {
	if db.dialect == Postgres {
		return " FOR UPDATE"
	}
	return ""
}

// forNoKeyUpdate locks a row against updates in PostgreSQL without blocking
// inserts of rows that refer to it by foreign key.
func (db *DB) forNoKeyUpdate() string {
	if db.dialect == Postgres {
		return " FOR NO KEY UPDATE"
	}
	return ""
}

// tx is a write transaction that collects audit entries and appends them,
// chain by chain in a fixed order, just before it commits.
type tx struct {
	*sql.Tx
	db      *DB
	pending []audit.Entry
}

// audit queues an entry for the transaction's chain appends.
func (t *tx) audit(e audit.Entry) { t.pending = append(t.pending, e) }

// write runs fn in a transaction on the writer and commits it with its audit
// entries; any error rolls everything back. fn must not use db.w or db.r, and
// may run more than once: PostgreSQL transactions chosen as deadlock victims
// are retried.
func (db *DB) write(ctx context.Context, fn func(*tx) error) error {
	var err error
	for attempt := 0; attempt < 3; attempt++ {
		if err = db.writeOnce(ctx, fn); !retryable(err) {
			return err
		}
	}
	return err
}

func (db *DB) writeOnce(ctx context.Context, fn func(*tx) error) error {
	sqlTx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", err)
	}
	t := &tx{Tx: sqlTx, db: db}
	if err := fn(t); err != nil {
		_ = sqlTx.Rollback()
		return mapErr(err)
	}
	// Lock chain heads in one order (by organisation) so that transactions
	// touching several chains cannot deadlock each other in PostgreSQL.
	sort.SliceStable(t.pending, func(i, j int) bool {
		return t.pending[i].OrgID.String() < t.pending[j].OrgID.String()
	})
	for _, e := range t.pending {
		if _, err := appendAudit(ctx, t, e); err != nil {
			_ = sqlTx.Rollback()
			return mapErr(err)
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return mapErr(fmt.Errorf("store: commit: %w", err))
	}
	if len(t.pending) > 0 {
		db.auditLog.wake() // into the Merkle log, and a signed checkpoint, soon
	}
	return nil
}

// retryable reports PostgreSQL deadlock and serialisation failures, after
// which the whole transaction may simply run again.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40P01" || pe.Code == "40001")
}

// mapErr turns unique-key violations into ErrConflict and leaves the rest.
func mapErr(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() {
		case 2067, 1555: // SQLITE_CONSTRAINT_UNIQUE, SQLITE_CONSTRAINT_PRIMARYKEY
			return fmt.Errorf("%w: %v", ErrConflict, err)
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) && pe.Code == "23505" {
		return fmt.Errorf("%w: %v", ErrConflict, err)
	}
	return err
}

// notFound maps sql.ErrNoRows to ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}
