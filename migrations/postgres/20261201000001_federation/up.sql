CREATE TABLE upstream_links (
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    upstream_id TEXT NOT NULL,
    email TEXT,
    linked_at BIGINT NOT NULL,
    last_login_at BIGINT,
    PRIMARY KEY (issuer, subject)
);
CREATE UNIQUE INDEX upstream_links_user_upstream ON upstream_links (user_id, upstream_id);

CREATE TABLE sso_modes (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    upstream_id TEXT NOT NULL,
    mode TEXT NOT NULL,
    PRIMARY KEY (user_id, upstream_id)
);
