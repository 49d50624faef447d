package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/scs/v2"
	"github.com/google/uuid"
)

// sessionCleanupEvery is how often expired sessions are deleted.
const sessionCleanupEvery = 5 * time.Minute

// SessionOwner tells whose session data is (uuid.Nil: nobody signed in yet).
// The web layer knows how it encodes sessions; the store only keeps the
// answer beside the row, so that a person's sessions can be ended together.
type SessionOwner func(data []byte) uuid.UUID

// sessionStore keeps scs sessions in table sessions under the SHA-256 of
// their token: the cookie holds the token, the database only its hash, so a
// copy of the database (a backup, a dump) opens no session. Session rows are
// bookkeeping, not data about people: they are not audited (the web layer
// audits sign-in and sign-out).
type sessionStore struct {
	db    *DB
	owner SessionOwner
}

var (
	_ scs.Store    = (*sessionStore)(nil)
	_ scs.CtxStore = (*sessionStore)(nil)
)

// SessionStore is the scs store for this database (it also implements
// scs.CtxStore). owner, when not nil, names the user of each session so that
// EndSessions can find them. It is not iterable: the database does not hold
// the tokens. Expired rows are deleted every few minutes until Close.
func (db *DB) SessionStore(owner SessionOwner) scs.Store {
	return &sessionStore{db: db, owner: owner}
}

// sessionKey is what the database holds of a session token.
func sessionKey(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

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
	err := s.db.readRow(ctx, `SELECT data FROM sessions WHERE token = $1 AND expiry > $2`, sessionKey(token), now()).Scan(&b)
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
	var user any // NULL when nobody is signed in
	if s.owner != nil {
		if u := s.owner(b); u != uuid.Nil {
			user = u
		}
	}
	_, err := s.db.w.ExecContext(ctx, `INSERT INTO sessions (token, data, expiry, user_id) VALUES ($1, $2, $3, $4)
		ON CONFLICT (token) DO UPDATE SET data = excluded.data, expiry = excluded.expiry, user_id = excluded.user_id`,
		sessionKey(token), b, expiry.UTC().Truncate(time.Microsecond), user)
	return err
}

// DeleteCtx removes a session; an unknown token is not an error.
func (s *sessionStore) DeleteCtx(ctx context.Context, token string) error {
	_, err := s.db.w.ExecContext(ctx, `DELETE FROM sessions WHERE token = $1`, sessionKey(token))
	return err
}

// endSessions deletes the user's sessions but the one of token keep ("" for
// none) and says how many.
func (t *tx) endSessions(ctx context.Context, user uuid.UUID, keep string) (int64, error) {
	q, args := `DELETE FROM sessions WHERE user_id = $1`, []any{user}
	if keep != "" {
		q, args = q+` AND token <> $2`, append(args, sessionKey(keep))
	}
	res, err := t.ExecContext(ctx, q, args...)
	if err != nil {
		return 0, fmt.Errorf("store: end sessions: %w", err)
	}
	return res.RowsAffected()
}

// DeleteExpiredSessions removes expired sessions and says how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context) (int64, error) {
	res, err := db.w.ExecContext(ctx, `DELETE FROM sessions WHERE expiry <= $1`, now())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// cleanup deletes expired sessions (and forgotten throttle rows) every
// interval until the store closes.
func (db *DB) cleanup(every time.Duration) {
	defer db.wg.Done()
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-tick.C:
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			// One server process at a time; retried at the next tick.
			_, _ = db.Exclusive(ctx, "session-cleanup", func(ctx context.Context) error {
				_, err := db.DeleteExpiredSessions(ctx)
				_, err2 := db.DeleteStaleThrottle(ctx, time.Now())
				return errors.Join(err, err2)
			})
			cancel()
		}
	}
}
