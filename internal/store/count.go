package store

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
)

// StatementLog records the SQL statements the store runs for one context, so
// that a test can count what a call (or a whole request) costs. Statements
// are logged only under a context made by WithStatementLog; until a process
// makes one, logging costs one atomic load per statement.
type StatementLog struct {
	mu   sync.Mutex
	list []Statement
}

// Statement is one statement run: its SQL, and whether it ran in a write
// transaction (audit appends are writes).
type Statement struct {
	SQL   string
	Write bool
}

type statementLogKey struct{}

// logging turns on once any StatementLog exists (in tests).
var logging atomic.Bool

// WithStatementLog returns a context under which the store's statements are
// appended to the returned log.
func WithStatementLog(ctx context.Context) (context.Context, *StatementLog) {
	l := &StatementLog{}
	logging.Store(true)
	return context.WithValue(ctx, statementLogKey{}, l), l
}

// Statements returns a copy of what was logged, in order.
func (l *StatementLog) Statements() []Statement {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Statement(nil), l.list...)
}

// logStatement appends q to the context's log, if it has one.
func logStatement(ctx context.Context, q string, write bool) {
	if !logging.Load() {
		return
	}
	if l, ok := ctx.Value(statementLogKey{}).(*StatementLog); ok {
		l.mu.Lock()
		l.list = append(l.list, Statement{SQL: q, Write: write})
		l.mu.Unlock()
	}
}

// ExecContext runs a statement in the transaction (logged).
func (t *tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	logStatement(ctx, q, true)
	return t.Tx.ExecContext(ctx, q, args...)
}

// QueryRowContext runs a one-row query in the transaction (logged).
func (t *tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	logStatement(ctx, q, true)
	return t.Tx.QueryRowContext(ctx, q, args...)
}

// QueryContext runs a query in the transaction (logged).
func (t *tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	logStatement(ctx, q, true)
	return t.Tx.QueryContext(ctx, q, args...)
}
