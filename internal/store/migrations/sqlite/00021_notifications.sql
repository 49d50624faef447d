-- +goose Up
-- Notifications (internal/notify): one in-application row per recipient
-- user, an e-mail outbox row per recipient who receives e-mail, and a
-- webhook delivery row per subscribed endpoint of the recipient
-- organisation. None holds personal data: kinds, status codes, object ids
-- and links only; the words are rendered in the reader's language.
ALTER TABLE users ADD COLUMN email_notifications INTEGER NOT NULL DEFAULT 1;

CREATE TABLE notifications (
    id              TEXT PRIMARY KEY,
    event_id        TEXT NOT NULL,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    user_id         TEXT NOT NULL REFERENCES users (id),
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT '',
    objects         TEXT NOT NULL DEFAULT '[]',
    link            TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL,
    read_at         TIMESTAMP
);
CREATE INDEX notifications_user ON notifications (user_id, organisation_id, created_at);
-- The header's count on every page: only unread rows are indexed.
CREATE INDEX notifications_unread ON notifications (user_id, organisation_id) WHERE read_at IS NULL;

CREATE TABLE email_outbox (
    id              TEXT PRIMARY KEY,
    notification_id TEXT NOT NULL REFERENCES notifications (id),
    organisation_id TEXT NOT NULL,
    user_id         TEXT NOT NULL REFERENCES users (id),
    state           TEXT NOT NULL,          -- pending, sent, dead, dropped
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMP NOT NULL,
    done_at         TIMESTAMP
);
CREATE INDEX email_outbox_due ON email_outbox (next_at) WHERE state = 'pending';
CREATE INDEX email_outbox_state ON email_outbox (state, created_at);

CREATE TABLE webhook_endpoints (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    url             TEXT NOT NULL,
    kinds           TEXT NOT NULL,          -- space-separated kinds
    secret          BLOB NOT NULL,          -- sealed with the organisation's key
    created_by      TEXT NOT NULL,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX webhook_endpoints_org ON webhook_endpoints (organisation_id);

CREATE TABLE webhook_deliveries (
    id              TEXT PRIMARY KEY,
    endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints (id),
    organisation_id TEXT NOT NULL,
    event_id        TEXT NOT NULL,
    kind            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT '',
    objects         TEXT NOT NULL DEFAULT '[]',
    link            TEXT NOT NULL,
    event_at        TIMESTAMP NOT NULL,
    state           TEXT NOT NULL,          -- pending, sent, dead
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_at         TIMESTAMP NOT NULL,
    last_error      TEXT NOT NULL DEFAULT '',
    done_at         TIMESTAMP
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_at) WHERE state = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, state);

-- +goose Down
DROP TABLE webhook_deliveries;
DROP TABLE webhook_endpoints;
DROP TABLE email_outbox;
DROP TABLE notifications;
ALTER TABLE users DROP COLUMN email_notifications;
