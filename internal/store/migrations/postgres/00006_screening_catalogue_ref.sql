-- +goose Up
-- A screening names the indicator catalogue it used as "<id>@<version>"
-- (identify.CatalogueRef). Rows recorded from the pages say "<id> <version>":
-- a catalogue id holds neither a space nor an "@", so the first of the two is
-- the separator, and it becomes "@".
UPDATE case_screenings
SET catalogue_version = substr(catalogue_version, 1, strpos(catalogue_version, ' ') - 1) || '@' ||
    substr(catalogue_version, strpos(catalogue_version, ' ') + 1)
WHERE strpos(catalogue_version, ' ') > 0
  AND (strpos(catalogue_version, '@') = 0 OR strpos(catalogue_version, ' ') < strpos(catalogue_version, '@'));

-- +goose Down
-- Both forms read the same; nothing to undo.
SELECT 1;
