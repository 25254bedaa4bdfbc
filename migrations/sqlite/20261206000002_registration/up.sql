-- Dynamic client registration (RFC 7591, RFC 7592).
-- Initial access tokens: `gatehouse client registration-token` issues them; their bearer
-- may register clients until they expire. Stored by SHA-256, never the token.
CREATE TABLE registration_tokens (
    token_hash TEXT PRIMARY KEY NOT NULL,
    expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- The SHA-256 of the registration access token of a client that registered itself; NULL
-- for clients an operator created (they cannot be managed through /register).
ALTER TABLE clients ADD COLUMN registration_token_hash TEXT;
