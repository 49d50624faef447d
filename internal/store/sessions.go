package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCleanupEvery is how often expired sessions are deleted.
const sessionCleanupEvery = 5 * time.Minute

// sessionStore keeps scs sessions in table sessions. Session rows are
// bookkeeping, not data about people: they are not audited (the web layer
// audits sign-in and sign-out).
type sessionStore struct{ db *DB }

var (
	_ scs.Store            = (*sessionStore)(nil)
	_ scs.CtxStore         = (*sessionStore)(nil)
	_ scs.IterableCtxStore = (*sessionStore)(nil)
)

// SessionStore is the scs store for this database (it also implements
// scs.CtxStore and scs.IterableCtxStore). Expired rows are deleted every few
// minutes until Close.
func (db *DB) SessionStore() scs.Store { return db.sessions }

func (s *sessionStore) Find(token string) ([]byte, bool, error) {
	return s.FindCtx(context.Background(), token)
}

func (s *sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return s.CommitCtx(context.Background(), token, b, expiry)
}

func (s *sessionStore) Delete(token string) error { return s.DeleteCtx(context.Background(), token) }

// FindCtx returns the data of an unexpired session.
func (s *sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	var b []byte
	err := s.db.readRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, token, now()).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return b, true, nil
}

// CommitCtx inserts or replaces a session.
func (s *sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if b == nil {
		b = []byte{}
	}
	_, err := s.db.w.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry`,
		token, b, expiry.UTC().Truncate(time.Microsecond))
	return err
}

// DeleteCtx removes a session; an unknown token is not an error.
func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.w.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, token)
	return err
}

// AllCtx returns every unexpired session.
func (s *sessionStore) AllCtx(ctx context.Context) (map[string][]byte, error) {
	rows, err := s.db.read(ctx, `SELECT token, data FROM sessions WHERE expiry > $1`, now())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]byte{}
	for rows.Next() {
		var t string
		var b []byte
		if err := rows.Scan(&t, &b); err != nil {
			return nil, err
		}
		out[t] = b
	}
	return out, rows.Err()
}

// DeleteExpiredSessions removes expired sessions and says how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// cleanup deletes expired sessions every interval until the store closes.
func (s *sessionStore) cleanup(every time.Duration) {
	defer s.db.wg.Done()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-s.db.stop:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			_, _ = s.db.DeleteExpiredSessions(ctx) // retried at the next tick
			cancel()
		}
	}
}
