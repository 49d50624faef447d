package store

import (
	"context"
	"hash/fnv"
	"sync"
)

// Exclusive runs fn unless another holder runs the job called name at this
// moment, in this process or, with PostgreSQL, in any server process on the
// same database: several identical servers behind a load balancer then run
// retention, expiry and the outbox once, not once each. It reports whether fn
// ran. On PostgreSQL the lock is a session advisory lock held on one
// connection for fn's duration, so a server killed mid-job releases it with
// its connection.
func (db *DB) Exclusive(ctx context.Context, name string, fn func(context.Context) error) (bool, error) {
	// db.jobs guards the job within one handle (SQLite, where one server
	// process owns the file; and PostgreSQL, before the advisory lock).
	m, _ := db.jobs.LoadOrStore(name, &sync.Mutex{})
	mu := m.(*sync.Mutex)
	if !mu.TryLock() {
		return false, nil
	}
	defer mu.Unlock()
	if db.dialect != Postgres {
		return true, fn(ctx)
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	key := jobKey(name)
	var got bool
	if err := conn.QueryRowContext(ctx, `SELECT pg_try_advisory_lock($1)`, key).Scan(&got); err != nil {
		return false, err
	}
	if !got {
		return false, nil
	}
	defer func() {
		// Unlocked on the same connection; a failure here (connection lost)
		// releases the lock with the connection anyway.
		_, _ = conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1)`, key)
	}()
	return true, fn(ctx)
}

// jobKey is the advisory lock key of a job name: a stable 64-bit hash, in a
// namespace of its own (the high bits of "passerelle job").
func jobKey(name string) int64 {
	h := fnv.New64a()
	h.Write([]byte("passerelle job:" + name))
	return int64(h.Sum64())
}
