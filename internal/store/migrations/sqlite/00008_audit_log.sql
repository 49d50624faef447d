-- +goose Up
-- Every audit entry becomes a leaf of one Merkle log (leaf = its position,
-- from 0), integrated after its transaction commits; audit_tree keeps the
-- log's size, root and right edge for the next integration. Existing
-- entries are integrated at the first start.
ALTER TABLE audit_log ADD COLUMN leaf INTEGER;
CREATE UNIQUE INDEX audit_log_leaf ON audit_log (leaf);
CREATE INDEX audit_log_pending ON audit_log (organisation_id, seq) WHERE leaf IS NULL;
CREATE TABLE audit_tree (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    size INTEGER NOT NULL,
    root BLOB NOT NULL,
    edge BLOB NOT NULL
);
INSERT INTO audit_tree (id, size, root, edge) VALUES (1, 0, X'', X'');
-- Where each organisation's chain stands in the log (its last integrated
-- entry): signed into every checkpoint.
CREATE TABLE audit_tree_chains (
    organisation_id TEXT PRIMARY KEY,
    seq             INTEGER NOT NULL,
    hash            TEXT NOT NULL
);

-- +goose Down
DROP TABLE audit_tree_chains;
DROP TABLE audit_tree;
DROP INDEX audit_log_pending;
DROP INDEX audit_log_leaf;
ALTER TABLE audit_log DROP COLUMN leaf;
