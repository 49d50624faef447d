-- +goose Up
-- Assessments of a country's law against the Palermo Protocol and the
-- Council of Europe Convention (internal/legislation). An assessment belongs
-- to the organisation whose coordinator made it; its items are the findings
-- per requirement of the catalogue (requirement ids are stable codes). Laws
-- and the evidence about them are public matters, not a person's data: the
-- texts are in clear, bounded in length by the domain.
CREATE TABLE legislation_assessments (
    id              TEXT PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    country         TEXT NOT NULL,          -- ISO 3166-1 alpha-3
    assessed_on     TEXT NOT NULL,          -- YYYY-MM-DD
    title           TEXT NOT NULL DEFAULT '',
    assessor_id     TEXT NOT NULL,          -- user id (nil UUID: the system)
    created_at      TIMESTAMP NOT NULL,
    updated_at      TIMESTAMP NOT NULL
);
CREATE INDEX legislation_assessments_org ON legislation_assessments (organisation_id, country, assessed_on);

CREATE TABLE legislation_items (
    assessment_id   TEXT NOT NULL REFERENCES legislation_assessments (id),
    organisation_id TEXT NOT NULL,
    requirement_id  TEXT NOT NULL,
    status          TEXT NOT NULL,          -- in_line, partly, not_in_line, unknown
    provision       TEXT NOT NULL DEFAULT '',
    evidence        TEXT NOT NULL DEFAULT '',
    updated_by      TEXT NOT NULL,
    updated_at      TIMESTAMP NOT NULL,
    PRIMARY KEY (assessment_id, requirement_id)
);
CREATE INDEX legislation_items_org ON legislation_items (organisation_id);

-- +goose Down
DROP TABLE legislation_items;
DROP TABLE legislation_assessments;
