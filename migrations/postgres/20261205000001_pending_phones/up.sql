-- A phone number the directory reported that differs from the account's: not used for
-- sign-in codes until the person or an administrator confirms it.
CREATE TABLE pending_phones (
    user_id TEXT PRIMARY KEY NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    phone TEXT NOT NULL,
    seen_at BIGINT NOT NULL
);
