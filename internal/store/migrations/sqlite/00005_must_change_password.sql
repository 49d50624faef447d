-- +goose Up
-- A password issued by someone else (an administrator, the command line, the
-- API) is temporary: its holder must replace it at the next sign-in before
-- reaching anything else. Existing users are unaffected.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN must_change_password;
