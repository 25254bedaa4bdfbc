DROP TABLE passkeys;
ALTER TABLE users DROP COLUMN passkey_required;
