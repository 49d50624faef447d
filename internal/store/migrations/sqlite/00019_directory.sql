-- +goose Up
-- The directory of services: what each organisation offers, where, in which
-- languages, when it is open, its capacity and whether it accepts referrals
-- now. Codes from the platform's fixed vocabulary only (internal/directory):
-- nothing here is about a person, and there is no free text.
CREATE TABLE directory_profiles (
    organisation_id    TEXT PRIMARY KEY REFERENCES organisations (id),
    accepts_referrals  INTEGER NOT NULL,
    capacity_places    INTEGER,             -- NULL: not said
    capacity_available INTEGER,             -- places free now (shelters only)
    hours              TEXT NOT NULL,       -- "MO 09:00-17:00;TU 09:00-12:00"
    updated_at         TIMESTAMP NOT NULL
);
-- One row per service offered; populations is ",women,children," (the
-- commas make a population one LIKE pattern), '' when it is for everyone.
CREATE TABLE directory_services (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    service         TEXT NOT NULL,
    populations     TEXT NOT NULL,
    PRIMARY KEY (organisation_id, service)
);
CREATE INDEX directory_services_service ON directory_services (service, organisation_id);
-- Countries of operation; roles is ",source,transit," like populations.
CREATE TABLE directory_countries (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    country         TEXT NOT NULL,
    roles           TEXT NOT NULL,
    PRIMARY KEY (organisation_id, country)
);
CREATE INDEX directory_countries_country ON directory_countries (country, organisation_id);
CREATE TABLE directory_languages (
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    language        TEXT NOT NULL,
    PRIMARY KEY (organisation_id, language)
);
CREATE INDEX directory_languages_language ON directory_languages (language, organisation_id);
