-- +goose Up
-- Same tables as the SQLite schema; every table holding an organisation's data
-- carries organisation_id, the natural distribution key.

CREATE TABLE organisations (
    id             UUID PRIMARY KEY,
    name           TEXT NOT NULL,
    type           TEXT NOT NULL,
    country        TEXT NOT NULL,
    city           TEXT NOT NULL DEFAULT '',
    phone          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    website        TEXT NOT NULL DEFAULT '',
    address        TEXT NOT NULL DEFAULT '',
    require_totp   BOOLEAN NOT NULL DEFAULT FALSE,
    retention_days INTEGER NOT NULL DEFAULT 0,
    created_at     TIMESTAMPTZ NOT NULL
);
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE users (
    id             UUID PRIMARY KEY,
    email          TEXT NOT NULL UNIQUE,
    display_name   TEXT NOT NULL,
    lang           TEXT NOT NULL DEFAULT 'en',
    password_hash  TEXT NOT NULL DEFAULT '',
    totp_enabled   BOOLEAN NOT NULL DEFAULT FALSE,
    totp_secret    BYTEA,
    disabled       BOOLEAN NOT NULL DEFAULT FALSE,
    platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TIMESTAMPTZ NOT NULL,
    last_login_at  TIMESTAMPTZ
);

CREATE TABLE memberships (
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    user_id         UUID NOT NULL REFERENCES users (id),
    role            TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, user_id)
);
CREATE INDEX memberships_user ON memberships (user_id);

CREATE TABLE recovery_codes (
    user_id UUID NOT NULL REFERENCES users (id),
    hash    TEXT NOT NULL,
    used_at TIMESTAMPTZ,
    PRIMARY KEY (user_id, hash)
);

CREATE TABLE api_tokens (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    user_id         UUID NOT NULL REFERENCES users (id),
    name            TEXT NOT NULL,
    hash            TEXT NOT NULL UNIQUE,
    created_at      TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ,
    last_used_at    TIMESTAMPTZ,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);
CREATE INDEX api_tokens_org ON api_tokens (organisation_id);

CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BYTEA NOT NULL,
    expiry TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_expiry ON sessions (expiry);

-- Wrapped data keys; organisation_id is the nil UUID for the platform key.
CREATE TABLE data_keys (
    organisation_id UUID NOT NULL,
    version         INTEGER NOT NULL,
    master_id       TEXT NOT NULL,
    wrapped         BYTEA NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (organisation_id, version)
);

-- Per-person keys; shredding deletes the key and keeps the tombstone.
CREATE TABLE subject_keys (
    organisation_id UUID NOT NULL,
    subject_id      UUID NOT NULL,
    wrapped         BYTEA,
    created_at      TIMESTAMPTZ NOT NULL,
    shredded_at     TIMESTAMPTZ,
    PRIMARY KEY (organisation_id, subject_id)
);

-- One hash chain per organisation (nil UUID: the platform chain).
CREATE TABLE audit_log (
    organisation_id UUID NOT NULL,
    seq             BIGINT NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    actor_id        UUID NOT NULL,
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

-- The last entry of each chain, locked (FOR UPDATE) by each append.
CREATE TABLE audit_heads (
    organisation_id UUID PRIMARY KEY,
    seq             BIGINT NOT NULL,
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
