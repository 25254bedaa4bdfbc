ALTER TABLE users ADD COLUMN mfa_required BOOLEAN NOT NULL DEFAULT 0;

CREATE TABLE mfa_factors (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    method TEXT NOT NULL,
    secret_enc BLOB,
    last_step BIGINT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, method)
);

CREATE TABLE recovery_codes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (user_id, code_hash)
);
