DROP TABLE action_tokens;
DROP TABLE password_history;
ALTER TABLE users DROP COLUMN terms_accepted_at;
ALTER TABLE users DROP COLUMN terms_version;
ALTER TABLE users DROP COLUMN sessions_revoked_at;
ALTER TABLE users DROP COLUMN locked_at;
ALTER TABLE users DROP COLUMN password_expired;
ALTER TABLE users DROP COLUMN password_changed_at;
