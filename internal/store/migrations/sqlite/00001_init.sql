-- +goose Up
-- Identifiers are UUIDv7 text; times are TIMESTAMP text written by the driver
-- in UTC ("2006-01-02 15:04:05.999999999-07:00"), which sorts as time does.

CREATE TABLE organisations (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL,
    country        TEXT NOT NULL,
    city           TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    require_totp   INTEGER NOT NULL DEFAULT 0,
    retention_days INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL
);
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE users (
    id             TEXT PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'en',
    password_hash  TEXT NOT NULL DEFAULT '',
    totp_enabled   INTEGER NOT NULL DEFAULT 0,
    totp_secret    BLOB,
    disabled       INTEGER NOT NULL DEFAULT 0,
    platform_admin INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMP NOT NULL,
    last_login_at  TIMESTAMP
);

CREATE TABLE memberships (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id),
    hash    TEXT NOT NULL,
    used_at TIMESTAMP,
    PRIMARY KEY (user_id, hash)
);

CREATE TABLE api_tokens (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    name            TEXT NOT NULL,
    hash            TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMP NOT NULL,
    expires_at      TIMESTAMP,
    last_used_at    TIMESTAMP,
    revoked_at      TIMESTAMP
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX api_tokens_org ON api_tokens (organisation_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TIMESTAMP NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Wrapped data keys; organisation_id is the nil UUID for the platform key.
CREATE TABLE data_keys (
    organisation_id TEXT NOT NULL,
    version         INTEGER NOT NULL,
    master_id       TEXT NOT NULL,
    wrapped         BLOB NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, version)
);

-- Per-person keys; shredding deletes the key and keeps the tombstone.
CREATE TABLE subject_keys (
    organisation_id TEXT NOT NULL,
    subject_id      TEXT NOT NULL,
    wrapped         BLOB,
    created_at      TIMESTAMP NOT NULL,
    shredded_at     TIMESTAMP,
    PRIMARY KEY (organisation_id, subject_id)
);

-- One hash chain per organisation (nil UUID: the platform chain).
CREATE TABLE audit_log (
    organisation_id TEXT NOT NULL,
    seq             INTEGER NOT NULL,
    at              TIMESTAMP NOT NULL,
    actor_id        TEXT NOT NULL,
    action          TEXT NOT NULL,
    record_type     TEXT NOT NULL DEFAULT '',
    record_id       TEXT NOT NULL DEFAULT '',
    ip              TEXT NOT NULL DEFAULT '',
    detail          TEXT NOT NULL DEFAULT '',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    UNIQUE (organisation_id, seq)
);
CREATE INDEX audit_log_actor ON audit_log (organisation_id, actor_id);

-- The last entry of each chain, so that an append reads one row.
CREATE TABLE audit_heads (
    organisation_id TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL,
    hash            TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_heads;
DROP TABLE audit_log;
DROP TABLE subject_keys;
DROP TABLE data_keys;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE recovery_codes;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE organisations;
