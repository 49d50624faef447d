-- +goose Up
-- The statistics projection: one row per case of coarse categorical facts
-- (internal/casestats), no identifier but the case's own id, written in the
-- same transaction as every change to the case, its consents and its plan,
-- so tables count a million cases by scanning narrow rows of small integers
-- instead of opening anyone's file. Each fact is a code from stat_codes (the
-- value, or the sorted set of values, it stands for). Ids are 16-byte BLOBs
-- here, not text: every table reads every row of its scope.
-- Cases recorded before this table existed are projected at open.
CREATE TABLE case_facts (
    case_id              BLOB PRIMARY KEY,
    organisation_id      BLOB NOT NULL,
    org_country          TEXT NOT NULL,     -- the organisation's country: a country's scope
    counted              INTEGER NOT NULL,  -- the statistics rule lets the case in (casestats.Counted)
    year                 INTEGER NOT NULL,
    sex                  INTEGER NOT NULL,
    age_group            INTEGER NOT NULL,
    citizenship          INTEGER NOT NULL,
    exploitation_country INTEGER NOT NULL,
    route                INTEGER NOT NULL,
    route_scope          INTEGER NOT NULL,
    exploitation         INTEGER NOT NULL,
    labour_industry      INTEGER NOT NULL,
    means_of_control     INTEGER NOT NULL,
    status               INTEGER NOT NULL,
    trafficking_status   INTEGER NOT NULL,
    services             INTEGER NOT NULL,
    investigation        INTEGER NOT NULL,
    prosecution          INTEGER NOT NULL
);
CREATE INDEX case_facts_org ON case_facts (organisation_id);
CREATE INDEX case_facts_country ON case_facts (org_country);

-- Codes are given in order of first use and never change; 0 is "none".
CREATE TABLE stat_codes (
    code  INTEGER PRIMARY KEY,
    value TEXT NOT NULL UNIQUE
);

-- +goose Down
DROP TABLE stat_codes;
DROP TABLE case_facts;
