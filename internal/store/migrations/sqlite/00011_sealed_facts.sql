-- +goose Up
-- Free text and facts that could locate or endanger a person are sealed with
-- the person's subject key like the rest (docs/data-protection.md): a plan
-- item's provider, a screening's facts and full result (its reasons restate
-- the facts), event dates and the private part of the justice track (role,
-- protection measures, complaint, compensation), which move into the sealed
-- person column. SQL cannot seal: values written before wait in seal_pending,
-- which the store empties at open (sealing each value, keeping the
-- de-identified part in clear) and then drops. The clear columns go now.
CREATE TABLE seal_pending (
    table_name      TEXT NOT NULL,
    row_id          TEXT NOT NULL,
    organisation_id TEXT NOT NULL,
    case_id         TEXT NOT NULL,
    col             TEXT NOT NULL,
    value           TEXT NOT NULL,
    PRIMARY KEY (table_name, row_id, col)
);
INSERT INTO seal_pending (table_name, row_id, organisation_id, case_id, col, value)
SELECT 'case_plan_items', id, organisation_id, case_id, 'provider', provider FROM case_plan_items WHERE provider <> '';
INSERT INTO seal_pending (table_name, row_id, organisation_id, case_id, col, value)
SELECT 'case_screenings', id, organisation_id, case_id, 'facts', facts FROM case_screenings;
INSERT INTO seal_pending (table_name, row_id, organisation_id, case_id, col, value)
SELECT 'case_screenings', id, organisation_id, case_id, 'result', result FROM case_screenings;
INSERT INTO seal_pending (table_name, row_id, organisation_id, case_id, col, value)
SELECT 'cases', id, organisation_id, id, 'events', events FROM cases WHERE events <> '[]';
INSERT INTO seal_pending (table_name, row_id, organisation_id, case_id, col, value)
SELECT 'cases', id, organisation_id, id, 'justice', justice FROM cases WHERE justice <> '{}';

ALTER TABLE case_plan_items DROP COLUMN provider;
ALTER TABLE case_plan_items ADD COLUMN provider BLOB;      -- sealed
ALTER TABLE case_screenings DROP COLUMN facts;
ALTER TABLE case_screenings ADD COLUMN facts BLOB;         -- sealed: identify.Facts
ALTER TABLE case_screenings ADD COLUMN assessment BLOB;    -- sealed: the full identify.Result
UPDATE case_screenings SET result = '{}';                  -- rewritten as the de-identified summary
UPDATE cases SET events = '[]', justice = '{}';            -- rewritten as kinds, countries, years; proceedings

-- +goose Down
-- Sealed values cannot be opened in SQL: going down drops them.
DROP TABLE IF EXISTS seal_pending;
ALTER TABLE case_screenings DROP COLUMN assessment;
ALTER TABLE case_screenings DROP COLUMN facts;
ALTER TABLE case_screenings ADD COLUMN facts TEXT NOT NULL DEFAULT '{}';
ALTER TABLE case_plan_items DROP COLUMN provider;
ALTER TABLE case_plan_items ADD COLUMN provider TEXT NOT NULL DEFAULT '';
