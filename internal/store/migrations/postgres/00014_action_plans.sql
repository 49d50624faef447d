-- +goose Up
-- National action plans against trafficking in persons: the plan of a
-- country kept by a coordinating organisation, its objectives, activities,
-- indicators with their values per period, and the donor-funded projects
-- that carry activities. Titles, agencies and donors are free texts that
-- could name someone: sealed under the organisation's data key. Countries,
-- dates, amounts (exact decimals written as text, "12500.5"), currencies,
-- statuses and flags are in clear: they place no one. objective_id and
-- project_id hold the nil UUID when an activity or indicator has none.
CREATE TABLE action_plans (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    country         TEXT NOT NULL,          -- ISO 3166-1 alpha-3
    title           BYTEA NOT NULL,           -- sealed
    starts_on       TEXT NOT NULL,          -- YYYY-MM-DD
    ends_on         TEXT NOT NULL,
    iati_org_ref    TEXT NOT NULL DEFAULT '', -- the keeper's IATI organisation identifier
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX action_plans_org ON action_plans (organisation_id, starts_on);

CREATE TABLE plan_objectives (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    plan_id         UUID NOT NULL REFERENCES action_plans (id),
    title           BYTEA NOT NULL,           -- sealed
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_objectives_plan ON plan_objectives (organisation_id, plan_id);

CREATE TABLE plan_projects (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    plan_id         UUID NOT NULL REFERENCES action_plans (id),
    donor           BYTEA NOT NULL,           -- sealed
    donor_ref       TEXT NOT NULL DEFAULT '', -- IATI organisation identifier
    title           BYTEA NOT NULL,           -- sealed
    budget          TEXT NOT NULL,          -- exact decimal
    currency        TEXT NOT NULL,          -- ISO 4217
    iati_identifier TEXT NOT NULL DEFAULT '',
    starts_on       TEXT NOT NULL,
    ends_on         TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_projects_plan ON plan_projects (organisation_id, plan_id);

CREATE TABLE plan_activities (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    plan_id         UUID NOT NULL REFERENCES action_plans (id),
    objective_id    UUID NOT NULL,           -- nil UUID: none
    project_id      UUID NOT NULL,           -- nil UUID: not donor-funded
    title           BYTEA NOT NULL,           -- sealed
    responsible     BYTEA NOT NULL,           -- sealed
    budget          TEXT NOT NULL,          -- exact decimal
    currency        TEXT NOT NULL,          -- ISO 4217, '' without a budget
    starts_on       TEXT NOT NULL,
    due_on          TEXT NOT NULL,
    status          TEXT NOT NULL,          -- planned, in_progress, done, cancelled
    at_risk         BOOLEAN NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_activities_plan ON plan_activities (organisation_id, plan_id);

CREATE TABLE plan_indicators (
    id              UUID PRIMARY KEY,
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    plan_id         UUID NOT NULL REFERENCES action_plans (id),
    objective_id    UUID NOT NULL,           -- nil UUID: the plan as a whole
    name            BYTEA NOT NULL,           -- sealed
    unit            TEXT NOT NULL DEFAULT '',
    baseline        TEXT NOT NULL,          -- exact decimal
    target          TEXT NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX plan_indicators_plan ON plan_indicators (organisation_id, plan_id);

CREATE TABLE plan_indicator_values (
    organisation_id UUID NOT NULL REFERENCES organisations (id),
    indicator_id    UUID NOT NULL REFERENCES plan_indicators (id),
    period          TEXT NOT NULL,          -- YYYY, YYYY-MM or YYYY-MM-DD
    value           TEXT NOT NULL,          -- exact decimal
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (indicator_id, period)
);
