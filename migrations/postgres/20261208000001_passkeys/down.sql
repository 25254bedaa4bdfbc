DELETE FROM mfa_factors WHERE method = 'passkey';
DROP TABLE passkeys;
ALTER TABLE users DROP COLUMN passkey_required;
