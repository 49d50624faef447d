-- +goose Up
-- Training of staff, prevention campaigns and justice figures. A
-- participant's name and employer and the trainers' names are people's data:
-- sealed under the organisation's data key. Campaign materials (name and
-- content) are sealed the same way. Everything else is the organisation's
-- public programme work: codes, places, dates, amounts and counts.
CREATE TABLE trainings (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    topic           TEXT NOT NULL,
    country         TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    starts_on       TEXT NOT NULL,          -- YYYY-MM-DD
    ends_on         TEXT NOT NULL,
    trainers        BLOB,                   -- sealed
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX trainings_org ON trainings (organisation_id, starts_on);

CREATE TABLE training_participants (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL,
    training_id     TEXT NOT NULL REFERENCES trainings (id),
    person          BLOB NOT NULL,          -- sealed JSON: name and organisation
    profession      TEXT NOT NULL,
    sex             TEXT NOT NULL DEFAULT '',
    attended        INTEGER NOT NULL,
    pre_score       INTEGER,
    post_score      INTEGER,
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX training_participants_training ON training_participants (organisation_id, training_id);

CREATE TABLE campaigns (
    id               TEXT PRIMARY KEY,
    organisation_id  TEXT NOT NULL REFERENCES organisations (id),
    title            TEXT NOT NULL,
    level            TEXT NOT NULL,
    target_groups    TEXT NOT NULL,         -- codes separated by commas
    channels         TEXT NOT NULL,
    languages        TEXT NOT NULL,
    countries        TEXT NOT NULL,
    places           TEXT NOT NULL DEFAULT '',
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    budget           INTEGER NOT NULL,
    currency         TEXT NOT NULL DEFAULT '',
    reach            INTEGER NOT NULL,
    reach_kind       TEXT NOT NULL,
    hotline_before   INTEGER,
    hotline_after    INTEGER,
    referrals_before INTEGER,
    referrals_after  INTEGER,
    created_at       TIMESTAMP NOT NULL,
    updated_at       TIMESTAMP NOT NULL
);
CREATE INDEX campaigns_org ON campaigns (organisation_id, starts_on);

CREATE TABLE campaign_materials (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL,
    campaign_id     TEXT NOT NULL REFERENCES campaigns (id),
    name            BLOB NOT NULL,          -- sealed
    content_type    TEXT NOT NULL,
    size            INTEGER NOT NULL,
    data            BLOB NOT NULL,          -- sealed
    created_at      TIMESTAMP NOT NULL
);
CREATE INDEX campaign_materials_campaign ON campaign_materials (organisation_id, campaign_id);

CREATE TABLE justice_figures (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    country         TEXT NOT NULL,
    year            INTEGER NOT NULL,
    form            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    count           INTEGER NOT NULL,
    source          TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    UNIQUE (organisation_id, country, year, form, stage)
);
CREATE INDEX justice_figures_country ON justice_figures (country, year);
