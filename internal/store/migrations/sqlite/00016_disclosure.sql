-- +goose Up
-- Every table that leaves the system through disclosure control is recorded
-- as released: which dataset, to which audience, its variables, the policy
-- and the released figures only (withheld ones are null, never stored), so
-- that a later table to the same audience is protected against it too, and
-- what differential privacy spent. Counts under suppression or noise are not
-- personal data.
CREATE TABLE releases (
    id          TEXT PRIMARY KEY,
    dataset     TEXT NOT NULL,
    audience    TEXT NOT NULL,
    vars        TEXT NOT NULL,          -- JSON array of variable names
    policy      TEXT NOT NULL,          -- JSON disclosure.Policy
    released    TEXT NOT NULL,          -- JSON disclosure.Release (withheld counts null)
    digest      TEXT NOT NULL,          -- SHA-256 of vars, policy and released: one row per distinct release
    epsilon     REAL NOT NULL,          -- privacy budget spent (0 unless differential privacy)
    delta       REAL NOT NULL,
    released_by TEXT NOT NULL,          -- user id (nil UUID: the system)
    created_at  TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX releases_digest ON releases (dataset, audience, digest);
CREATE INDEX releases_audience ON releases (dataset, audience, created_at);

-- The privacy budget of a dataset for an audience. Without a row the
-- deployment's default applies; a row is made when a coordinator sets a
-- budget or the first differentially private table is released.
CREATE TABLE privacy_budgets (
    dataset       TEXT NOT NULL,
    audience      TEXT NOT NULL,
    epsilon_total REAL NOT NULL,
    delta_total   REAL NOT NULL,
    epsilon_spent REAL NOT NULL,
    delta_spent   REAL NOT NULL,
    updated_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (dataset, audience)
);
