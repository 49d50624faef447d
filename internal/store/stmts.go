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
	if db.dialect == SQLite {
		if s, err := db.stmt(q); err == nil {
			return s.QueryRowContext(ctx, args...)
		}
	}
	return db.r.QueryRowContext(ctx, q, args...)
}

// read runs a query on the reader pool.
func (db *DB) read(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
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
	c.m = nil
}
