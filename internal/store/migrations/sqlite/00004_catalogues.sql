-- +goose Up
-- An organisation's own indicator catalogues (issue 3): a country's
-- identification form, or a corrected ILO list, replacing or adding to the
-- embedded ones for that organisation's screenings. Data, not personal data.
CREATE TABLE indicator_catalogues (
    organisation_id TEXT NOT NULL,
    catalogue_id    TEXT NOT NULL,
    version         TEXT NOT NULL,
    body            TEXT NOT NULL,   -- the catalogue's JSON, as loaded
    loaded_by       TEXT NOT NULL,
    loaded_at       TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, catalogue_id)
);

-- +goose Down
DROP TABLE indicator_catalogues;
