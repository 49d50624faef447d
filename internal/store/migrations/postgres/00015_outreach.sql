-- +goose Up
-- Training of staff, prevention campaigns and justice figures. A
-- participant's name and employer and the trainers' names are people's data:
-- sealed under the organisation's data key. Campaign materials (name and
-- content) are sealed the same way. Everything else is the organisation's
-- public programme work: codes, places, dates, amounts and counts.
CREATE TABLE trainings (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    topic           TEXT NOT NULL,
    country         TEXT NOT NULL,
    place           TEXT NOT NULL DEFAULT '',
    starts_on       TEXT NOT NULL,          -- YYYY-MM-DD
    ends_on         TEXT NOT NULL,
    trainers        BYTEA,                   -- sealed
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX trainings_org ON trainings (organisation_id, starts_on);

CREATE TABLE training_participants (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    training_id     UUID NOT NULL REFERENCES trainings (id),
    person          BYTEA NOT NULL,          -- sealed JSON: name and organisation
    profession      TEXT NOT NULL,
    sex             TEXT NOT NULL DEFAULT '',
    attended        BOOLEAN NOT NULL,
    pre_score       INTEGER,
    post_score      INTEGER,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX training_participants_training ON training_participants (organisation_id, training_id);

CREATE TABLE campaigns (
    id               UUID PRIMARY KEY,
    organisation_id  UUID NOT NULL REFERENCES organisations (id),
    title            TEXT NOT NULL,
    level            TEXT NOT NULL,
    target_groups    TEXT NOT NULL,         -- codes separated by commas
    channels         TEXT NOT NULL,
    languages        TEXT NOT NULL,
    countries        TEXT NOT NULL,
    places           TEXT NOT NULL DEFAULT '',
    starts_on        TEXT NOT NULL,
    ends_on          TEXT NOT NULL,
    budget           BIGINT NOT NULL,
    currency         TEXT NOT NULL DEFAULT '',
    reach            BIGINT NOT NULL,
    reach_kind       TEXT NOT NULL,
    hotline_before   BIGINT,
    hotline_after    BIGINT,
    referrals_before BIGINT,
    referrals_after  BIGINT,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
CREATE INDEX campaigns_org ON campaigns (organisation_id, starts_on);

CREATE TABLE campaign_materials (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL,
    campaign_id     UUID NOT NULL REFERENCES campaigns (id),
    name            BYTEA NOT NULL,          -- sealed
    content_type    TEXT NOT NULL,
    size            BIGINT NOT NULL,
    data            BYTEA NOT NULL,          -- sealed
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX campaign_materials_campaign ON campaign_materials (organisation_id, campaign_id);

CREATE TABLE justice_figures (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    country         TEXT NOT NULL,
    year            INTEGER NOT NULL,
    form            TEXT NOT NULL,
    stage           TEXT NOT NULL,
    count           INTEGER NOT NULL,
    source          TEXT NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (organisation_id, country, year, form, stage)
);
CREATE INDEX justice_figures_country ON justice_figures (country, year);
