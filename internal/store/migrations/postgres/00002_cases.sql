-- +goose Up
-- Case register (issue 3). Personal data lives only in the sealed BYTEA
-- columns (person, display_name, closure_reason, note bodies, attachment
-- names and data, plan texts), each sealed with the person's own subject key;
-- every other column is a de-identified fact kept for filters and statistics,
-- and survives erasure.

CREATE TABLE cases (
    id                   UUID PRIMARY KEY,
    organisation_id      UUID NOT NULL REFERENCES organisations (id),
    code                 TEXT COLLATE "C" NOT NULL,
    status               TEXT NOT NULL,
    assigned_to          UUID NOT NULL,
    gender               TEXT NOT NULL DEFAULT '',
    citizenship          TEXT NOT NULL DEFAULT '',
    age_when_trafficked  INTEGER,
    presumed_minor       BOOLEAN NOT NULL DEFAULT FALSE,
    age_group            TEXT NOT NULL,
    trafficking_status   TEXT NOT NULL DEFAULT '',
    status_decided_by    TEXT NOT NULL DEFAULT '',
    relationship         TEXT NOT NULL DEFAULT '',
    labour_industry      TEXT NOT NULL DEFAULT '',
    recruitment_methods  TEXT NOT NULL DEFAULT '', -- codes separated by commas
    methods_of_control   TEXT NOT NULL DEFAULT '',
    exploitation         TEXT NOT NULL DEFAULT '',
    sex_exploitation     TEXT NOT NULL DEFAULT '',
    events               TEXT NOT NULL DEFAULT '[]', -- JSON: kind, country, date (places are sealed in person)
    justice              TEXT NOT NULL DEFAULT '{}', -- JSON
    person               BYTEA,                       -- sealed: casework.Person and places
    display_name         BYTEA,                       -- sealed: given and family name, for lists
    birth_hash           BYTEA,                       -- blind index of the birth date
    closure_requested    BOOLEAN NOT NULL DEFAULT FALSE,
    closure_status       TEXT NOT NULL DEFAULT '',
    closure_reason       BYTEA,                       -- sealed
    closure_requested_by UUID NOT NULL,
    created_at           TIMESTAMPTZ NOT NULL,
    updated_at           TIMESTAMPTZ NOT NULL,
    closed_at            TIMESTAMPTZ,
    erased_at            TIMESTAMPTZ,
    UNIQUE (organisation_id, code)
);
CREATE INDEX cases_updated ON cases (organisation_id, updated_at);
CREATE INDEX cases_closed ON cases (organisation_id, closed_at);
CREATE INDEX cases_birth ON cases (organisation_id, birth_hash);

-- Facets for lists: one row per (tag, case) where tag is "*" (every case),
-- "x:<exploitation>", "c:<country>", "xc:<exploitation>|<country>",
-- "g:<age group>" or "u:<assigned user>"; the status is repeated here so that
-- one index range gives a filtered page in case order and its count.
CREATE TABLE case_tags (
    organisation_id UUID NOT NULL,
    tag             TEXT COLLATE "C" NOT NULL,
    status          TEXT NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    PRIMARY KEY (organisation_id, tag, status, case_id)
);
CREATE INDEX case_tags_case ON case_tags (case_id);

-- Keyed blind indexes of name tokens and full names (HMAC, never the name).
CREATE TABLE case_name_index (
    organisation_id UUID NOT NULL,
    hash            BYTEA NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    PRIMARY KEY (organisation_id, hash, case_id)
);
CREATE INDEX case_name_index_case ON case_name_index (case_id);

CREATE TABLE case_screenings (
    id                UUID PRIMARY KEY,
    organisation_id   UUID NOT NULL,
    case_id           UUID NOT NULL REFERENCES cases (id),
    version           INTEGER NOT NULL,
    facts             TEXT NOT NULL,
    result            TEXT NOT NULL,
    catalogue_version TEXT NOT NULL DEFAULT '',
    screened_by       UUID NOT NULL,
    at                TIMESTAMPTZ NOT NULL,
    UNIQUE (case_id, version)
);

CREATE TABLE case_consents (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    purpose         TEXT NOT NULL,
    org_types       TEXT NOT NULL DEFAULT '',
    given_by        TEXT NOT NULL,
    method          TEXT NOT NULL,
    language        TEXT NOT NULL DEFAULT '',
    given_at        TIMESTAMPTZ NOT NULL,
    withdrawn_at    TIMESTAMPTZ,
    recorded_by     UUID NOT NULL
);
CREATE INDEX case_consents_case ON case_consents (case_id);

CREATE TABLE case_plan_items (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    objective       BYTEA,   -- sealed
    type            TEXT NOT NULL,
    domain          TEXT NOT NULL,
    provider        TEXT NOT NULL DEFAULT '',
    planned_start   TEXT NOT NULL DEFAULT '',
    planned_end     TEXT NOT NULL DEFAULT '',
    actual_start    TEXT NOT NULL DEFAULT '',
    actual_end      TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL,
    outcome         BYTEA,   -- sealed
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_plan_items_case ON case_plan_items (case_id);

CREATE TABLE case_plan_followups (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    item_id         UUID NOT NULL REFERENCES case_plan_items (id),
    at              TIMESTAMPTZ NOT NULL,
    by_user         UUID NOT NULL,
    note            BYTEA    -- sealed
);
CREATE INDEX case_plan_followups_item ON case_plan_followups (item_id);
CREATE INDEX case_plan_followups_case ON case_plan_followups (case_id);

CREATE TABLE case_notes (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    body            BYTEA,   -- sealed; NULL once erased
    by_user         UUID NOT NULL,
    at              TIMESTAMPTZ NOT NULL
);
CREATE INDEX case_notes_case ON case_notes (case_id);

CREATE TABLE case_attachments (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    case_id         UUID NOT NULL REFERENCES cases (id),
    name            BYTEA,   -- sealed; NULL once erased
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    by_user         UUID NOT NULL,
    at              TIMESTAMPTZ NOT NULL,
    data            BYTEA    -- sealed; NULL once erased
);
CREATE INDEX case_attachments_case ON case_attachments (case_id);

-- +goose Down
DROP TABLE case_attachments;
DROP TABLE case_notes;
DROP TABLE case_plan_followups;
DROP TABLE case_plan_items;
DROP TABLE case_consents;
DROP TABLE case_screenings;
DROP TABLE case_name_index;
DROP TABLE case_tags;
DROP TABLE cases;
