-- Passkeys and security keys (WebAuthn). A user with at least one also has the `passkey`
-- row in mfa_factors (kept in the same transaction by the store).
CREATE TABLE passkeys (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- base64url, unique across all users: one authenticator credential, one account.
    credential_id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    -- The credential as webauthn-rs stores it (public key, algorithm, flags): no secret.
    credential TEXT NOT NULL,
    aaguid TEXT,
    sign_count BIGINT NOT NULL,
    backup_eligible BOOLEAN NOT NULL,
    backup_state BOOLEAN NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX passkeys_user ON passkeys (user_id, created_at);

-- `gatehouse user require-mfa --method passkey`: only a phishing-resistant factor will do.
ALTER TABLE users ADD COLUMN passkey_required BOOLEAN NOT NULL DEFAULT FALSE;
