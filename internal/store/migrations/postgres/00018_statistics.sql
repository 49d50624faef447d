-- +goose Up
-- The statistics projection: one row per case of coarse categorical facts
-- (internal/casestats), no identifier but the case's own id, written in the
-- same transaction as every change to the case, its consents and its plan,
-- so tables count a million cases by scanning small integers instead of
-- opening anyone's file. Each fact is an integer code (a hash of the value,
-- or of the sorted set of values); stat_codes maps codes back to values.
-- Cases recorded before this table existed are projected at open.
CREATE TABLE case_facts (
    case_id              UUID PRIMARY KEY,
    organisation_id      UUID NOT NULL,
    org_country          TEXT NOT NULL,     -- the organisation's country: a country's scope
    counted              BOOLEAN NOT NULL,  -- the statistics rule lets the case in (casestats.Counted)
    year                 BIGINT NOT NULL,
    sex                  BIGINT NOT NULL,
    age_group            BIGINT NOT NULL,
    citizenship          BIGINT NOT NULL,
    exploitation_country BIGINT NOT NULL,
    route                BIGINT NOT NULL,
    route_scope          BIGINT NOT NULL,
    exploitation         BIGINT NOT NULL,
    labour_industry      BIGINT NOT NULL,
    means_of_control     BIGINT NOT NULL,
    status               BIGINT NOT NULL,
    trafficking_status   BIGINT NOT NULL,
    services             BIGINT NOT NULL,
    investigation        BIGINT NOT NULL,
    prosecution          BIGINT NOT NULL
);
CREATE INDEX case_facts_org ON case_facts (organisation_id);
CREATE INDEX case_facts_country ON case_facts (org_country);

CREATE TABLE stat_codes (
    code  BIGINT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
DROP TABLE stat_codes;
DROP TABLE case_facts;
