-- +goose Up
-- The duplicate check looks for cases with the same birth date and a name
-- token in common. Read through cases.birth_hash it walks every case born
-- that day, and placeholder dates (1 January) are shared by thousands; one
-- row per (birth date, name index) pair makes it one short index range per
-- token. Both hashes are the keyed blind indexes already stored for the
-- case (cases.birth_hash, case_name_index.hash): the pair tells nothing a
-- join of those would not. Existing cases are indexed from them here.
CREATE TABLE case_birth_name_index (
    organisation_id TEXT NOT NULL,
    birth_hash      BLOB NOT NULL,
    name_hash       BLOB NOT NULL,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    PRIMARY KEY (organisation_id, birth_hash, name_hash, case_id)
) WITHOUT ROWID;
CREATE INDEX case_birth_name_index_case ON case_birth_name_index (case_id);

INSERT INTO case_birth_name_index (organisation_id, birth_hash, name_hash, case_id)
SELECT c.organisation_id, c.birth_hash, n.hash, c.id
FROM cases c JOIN case_name_index n ON n.organisation_id = c.organisation_id AND n.case_id = c.id
WHERE c.birth_hash IS NOT NULL AND c.erased_at IS NULL;

-- It served the walk through every case born that day only.
DROP INDEX cases_birth;

-- +goose Down
CREATE INDEX cases_birth ON cases (organisation_id, birth_hash);
DROP TABLE case_birth_name_index;
