package store

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared read statements. With SQLite, parsing a statement
// costs more than running a primary-key lookup, so the reader pool reuses
// them (database/sql prepares each once per connection). PostgreSQL needs no
// cache here: pgx caches prepared statements per connection itself.
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
	w  map[string]*sql.Stmt // prepared on the writer at Open, read-only after
}

// prepareWrites prepares the writer statements every transaction uses. It
// runs at Open: later, a transaction may hold the writer's one connection.
func (db *DB) prepareWrites(ctx context.Context, qs ...string) error {
	if db.dialect != SQLite {
		return nil
	}
	db.stmts.w = map[string]*sql.Stmt{}
	for _, q := range qs {
		s, err := db.w.PrepareContext(ctx, q)
		if err != nil {
			return err
		}
		db.stmts.w[q] = s
	}
	return nil
}

// exec runs a write in t, with the statement prepared at Open if there is one.
func (t *tx) exec(ctx context.Context, q string, args ...any) (sql.Result, error) {
	logStatement(ctx, q, true)
	if s, ok := t.db.stmts.w[q]; ok {
		return t.StmtContext(ctx, s).ExecContext(ctx, args...)
	}
	return t.Tx.ExecContext(ctx, q, args...)
}

// queryRow runs a one-row query in t, likewise.
func (t *tx) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	logStatement(ctx, q, true)
	if s, ok := t.db.stmts.w[q]; ok {
		return t.StmtContext(ctx, s).QueryRowContext(ctx, args...)
	}
	return t.Tx.QueryRowContext(ctx, q, args...)
}

func (db *DB) stmt(q string) (*sql.Stmt, error) {
	c := &db.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.m[q]; ok {
		return s, nil
	}
	s, err := db.r.PrepareContext(context.Background(), q)
	if err != nil {
		return nil, err
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[q] = s
	return s, nil
}

// readRow runs a one-row query on the reader pool.
func (db *DB) readRow(ctx context.Context, q string, args ...any) *sql.Row {
	logStatement(ctx, q, false)
	if db.dialect == SQLite {
		if s, err := db.stmt(q); err == nil {
			return s.QueryRowContext(ctx, args...)
		}
	}
	return db.r.QueryRowContext(ctx, q, args...)
}

// read runs a query on the reader pool.
func (db *DB) read(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	logStatement(ctx, q, false)
	if db.dialect == SQLite {
		if s, err := db.stmt(q); err == nil {
			return s.QueryContext(ctx, args...)
		}
	}
	return db.r.QueryContext(ctx, q, args...)
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		s.Close()
	}
	for _, s := range c.w {
		s.Close()
	}
	c.m, c.w = nil, nil
}
