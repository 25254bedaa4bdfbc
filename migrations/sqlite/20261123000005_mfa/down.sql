DROP TABLE recovery_codes;
DROP TABLE mfa_factors;
ALTER TABLE users DROP COLUMN mfa_required;
