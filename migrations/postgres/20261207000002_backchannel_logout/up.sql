-- OpenID Connect Back-Channel Logout 1.0.
ALTER TABLE clients ADD COLUMN backchannel_logout_session_required BOOLEAN NOT NULL DEFAULT FALSE;

-- A client that got a code in a browser session (clients with a back-channel logout URI
-- only), remembered until the session could no longer be alive.
CREATE TABLE rp_sessions (
    sid TEXT NOT NULL,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (sid, client_id)
);
CREATE INDEX rp_sessions_user ON rp_sessions (user_id);
CREATE INDEX rp_sessions_expiry ON rp_sessions (expires_at);

-- The durable queue of logout tokens to send: any node sends a due one, failures are tried
-- again later (next_attempt_at), a node that took one holds it briefly.
CREATE TABLE logout_deliveries (
    id BIGSERIAL PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    sid TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    last_error TEXT
);
CREATE INDEX logout_deliveries_due ON logout_deliveries (next_attempt_at);
