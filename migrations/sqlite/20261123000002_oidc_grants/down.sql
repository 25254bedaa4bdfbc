DROP TABLE refresh_tokens;
DROP TABLE consents;
ALTER TABLE users DROP COLUMN locale;
ALTER TABLE users DROP COLUMN phone_verified;
ALTER TABLE users DROP COLUMN email_verified;
