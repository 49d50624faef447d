-- +goose Up
-- Statistics datasets: public or already de-identified data (CTDC's files)
-- loaded from CSV files for counting. They belong to the platform, not to an
-- organisation, and hold no case data. Columns are stored apart and
-- dictionary-encoded: the distinct values once, then the rows' codes in
-- chunks (internal/dataset), so that counting a million rows by a few
-- columns reads a few megabytes.
CREATE TABLE datasets (
    id            TEXT PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    row_count     INTEGER NOT NULL,
    terms_skipped INTEGER NOT NULL,         -- CTDC's terms-of-use column left out
    imported_by   TEXT NOT NULL,            -- user id (nil UUID: the system)
    created_at    TIMESTAMP NOT NULL
);
CREATE TABLE dataset_columns (
    dataset_id    TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,            -- text, number, country
    missing       INTEGER NOT NULL,         -- rows without a value
    value_count   INTEGER NOT NULL,
    dictionary    BLOB NOT NULL,            -- the distinct values (dataset.EncodeValues)
    PRIMARY KEY (dataset_id, position)
);
CREATE TABLE dataset_chunks (
    dataset_id    TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    chunk         INTEGER NOT NULL,
    codes         BLOB NOT NULL,            -- width byte, then the codes
    PRIMARY KEY (dataset_id, position, chunk)
);

-- +goose Down
DROP TABLE dataset_chunks;
DROP TABLE dataset_columns;
DROP TABLE datasets;
