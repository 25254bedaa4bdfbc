ALTER TABLE clients DROP COLUMN registration_token_hash;
DROP TABLE registration_tokens;
