CREATE TABLE leases (
    name TEXT PRIMARY KEY NOT NULL,
    holder TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE TABLE reminders_sent (
    user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    password_changed_at BIGINT NOT NULL,
    day INTEGER NOT NULL,
    sent_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, password_changed_at, day)
);
