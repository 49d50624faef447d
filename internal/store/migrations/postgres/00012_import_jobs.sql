-- +goose Up
-- HTCDS imports run as jobs: the server process that accepted the file
-- creates the cases in the background and records its progress here, so
-- that any server process on the same database can show it. The file is
-- never stored: it stays in the memory of the accepting process, and a job
-- whose process died (heartbeat older than the store's limit) is marked
-- failed. The report may quote the file's column headings: it is sealed
-- under the organisation's data key; counts and status are not personal.
CREATE TABLE import_jobs (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    requested_by    UUID NOT NULL,          -- user id (nil UUID: the system)
    format          TEXT NOT NULL,          -- csv or xlsx
    skip_bad        BOOLEAN NOT NULL,
    status          TEXT NOT NULL,          -- queued, running, done, failed
    rows_total      INTEGER NOT NULL,       -- cases to create
    rows_done       INTEGER NOT NULL,       -- cases prepared so far
    created         INTEGER NOT NULL,       -- cases created (at the end: all or none)
    skipped         INTEGER NOT NULL,       -- bad rows skipped
    error_code      TEXT NOT NULL DEFAULT '', -- i18n code of the failure
    report          BYTEA,                  -- sealed JSON: htcds.Report and the codes created
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL,     -- heartbeat of the running process
    finished_at     TIMESTAMPTZ
);
CREATE INDEX import_jobs_org ON import_jobs (organisation_id, status);
CREATE INDEX import_jobs_active ON import_jobs (status, updated_at);
