-- +goose Up
-- Privacy-preserving record linkage runs (issue 4) and their overlap counts
-- (issue 5). No personal data: encodings are keyed Bloom filters under a
-- secret the server never keeps, record ids are per-run pseudonyms, and the
-- strata are de-identified facts already in clear in the case tables.

CREATE TABLE linkage_runs (
    id               UUID PRIMARY KEY,
    organisation_id  UUID NOT NULL,        -- the coordinator's organisation
    name             TEXT NOT NULL,
    proposed_by      UUID NOT NULL,
    period_from      TEXT NOT NULL,        -- YYYY-MM-DD
    period_to        TEXT NOT NULL,
    share_membership BOOLEAN NOT NULL DEFAULT FALSE,
    min_size         INTEGER NOT NULL,
    status           TEXT NOT NULL,
    forced           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at       TIMESTAMPTZ NOT NULL,
    matched_at       TIMESTAMPTZ,
    results          TEXT NOT NULL DEFAULT '' -- JSON: overall and stratified counts, matched groups
);
CREATE INDEX linkage_runs_org ON linkage_runs (organisation_id, created_at);
CREATE INDEX linkage_runs_created ON linkage_runs (created_at);

CREATE TABLE linkage_parties (
    run_id              UUID NOT NULL REFERENCES linkage_runs (id),
    position            INTEGER NOT NULL,
    organisation_id     UUID NOT NULL,
    state               TEXT NOT NULL,
    fingerprint         TEXT NOT NULL DEFAULT '', -- linkage.KeyFingerprint (hex); never the secret
    record_count        INTEGER NOT NULL DEFAULT 0,
    filter_status       TEXT NOT NULL DEFAULT '',
    filter_exploitation TEXT NOT NULL DEFAULT '',
    decided_by          UUID,
    decided_at          TIMESTAMPTZ,
    pseudonym_key       BYTEA,                     -- sealed under the party's data key
    clk                 BYTEA,                     -- .clk bytes of the party's encodings
    strata              TEXT NOT NULL DEFAULT '', -- JSON: de-identified facts per record, in .clk order
    shared              TEXT NOT NULL DEFAULT '', -- JSON: pseudonym -> other organisations (after matching)
    PRIMARY KEY (run_id, organisation_id)
);
CREATE INDEX linkage_parties_org ON linkage_parties (organisation_id);

-- +goose Down
DROP TABLE linkage_parties;
DROP TABLE linkage_runs;
