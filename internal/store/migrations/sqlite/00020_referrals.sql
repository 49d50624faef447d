-- +goose Up
-- Referrals from a case of one organisation (organisation_id, the sender) to
-- another (to_organisation_id; peer names the remote deployment holding it,
-- NULL within this one). The receiver's linked case holds only the shared
-- fields, sealed under the receiver's keys; shared lists their names.
-- sender_text holds the purpose and message sealed under the sender case's
-- person key, receiver_text the same under the linked case's (emptied with
-- the shared fields); reason (a decline's) under the sender case's key.
CREATE TABLE referrals (
    id                 TEXT PRIMARY KEY,
    organisation_id    TEXT NOT NULL REFERENCES organisations (id),
    case_id            TEXT NOT NULL,
    to_organisation_id TEXT NOT NULL REFERENCES organisations (id),
    peer               TEXT,
    linked_case_id     TEXT,
    services           TEXT NOT NULL,
    urgency            TEXT NOT NULL,
    shared             TEXT NOT NULL,
    status             TEXT NOT NULL,
    sender_text        BLOB,
    receiver_text      BLOB,
    reason             BLOB,
    ack_due            TIMESTAMP NOT NULL,
    created_by         TEXT NOT NULL,
    created_at         TIMESTAMP NOT NULL,
    updated_at         TIMESTAMP NOT NULL
);
CREATE INDEX referrals_sender ON referrals (organisation_id, status, created_at);
CREATE INDEX referrals_receiver ON referrals (to_organisation_id, status, created_at);
CREATE INDEX referrals_case ON referrals (organisation_id, case_id);
-- Service outcomes the receiver recorded; the text went to the sender's
-- plan item (plan_item_id), sealed there.
CREATE TABLE referral_outcomes (
    id              TEXT PRIMARY KEY,
    referral_id     TEXT NOT NULL REFERENCES referrals (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    plan_item_id    TEXT NOT NULL,
    service         TEXT NOT NULL,
    status          TEXT NOT NULL,
    by_user         TEXT NOT NULL,
    at              TIMESTAMP NOT NULL
);
CREATE INDEX referral_outcomes_referral ON referral_outcomes (referral_id);
-- An organisation's acknowledgement deadlines per urgency, in minutes;
-- without a row, referral.DefaultDeadlines.
CREATE TABLE referral_deadlines (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    urgency         TEXT NOT NULL,
    minutes         INTEGER NOT NULL,
    PRIMARY KEY (organisation_id, urgency)
);
-- Referral pathways of a country or corridor (countries ",NGA,NER,FRA,"),
-- kept by coordinators: per step a service and the organisations to call,
-- in order (organisations: their ids, comma-separated). No person here.
CREATE TABLE referral_pathways (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name            TEXT NOT NULL,
    countries       TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE TABLE referral_pathway_steps (
    pathway_id    TEXT NOT NULL REFERENCES referral_pathways (id),
    position      INTEGER NOT NULL,
    service       TEXT NOT NULL,
    organisations TEXT NOT NULL,
    PRIMARY KEY (pathway_id, position)
);
