-- +goose Up
-- Sessions are kept by the SHA-256 of their token: the cookie holds the
-- token, the database only its hash, so a copy of the database opens no
-- session. Rows written before held tokens in clear: they are deleted
-- (everyone signs in again). user_id says whose session it is, so that a
-- password change can end the person's other sessions.
DELETE FROM sessions;
ALTER TABLE sessions ADD COLUMN user_id TEXT;
CREATE INDEX sessions_user ON sessions (user_id);

-- Sign-in throttling, shared by every server process. One row per
-- (account, address) pair, per account (address '') and per address
-- (account ''); both are hex SHA-256 of the normalised values, never the
-- e-mail address or IP address in clear.
CREATE TABLE signin_throttle (
    account      TEXT NOT NULL,
    address      TEXT NOT NULL,
    failures     INTEGER NOT NULL,
    last_failure TIMESTAMP NOT NULL,
    locked_until TIMESTAMP NOT NULL,
    PRIMARY KEY (account, address)
);
CREATE INDEX signin_throttle_last ON signin_throttle (last_failure);

-- The last two-factor time step accepted per user: a code is never accepted
-- twice, whichever server process sees it.
CREATE TABLE totp_steps (
    user_id TEXT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    step    INTEGER NOT NULL
);

-- +goose Down
DROP TABLE totp_steps;
DROP TABLE signin_throttle;
DROP INDEX sessions_user;
DELETE FROM sessions;
ALTER TABLE sessions DROP COLUMN user_id;
