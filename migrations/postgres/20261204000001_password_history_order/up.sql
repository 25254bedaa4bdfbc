-- Password history is ordered by a per-user sequence, not by the second it was written:
-- two changes within one second must still evict the oldest entry.
ALTER TABLE password_history ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
UPDATE password_history SET seq = (
    SELECT COUNT(*) FROM password_history AS older
    WHERE older.user_id = password_history.user_id
      AND (older.created_at < password_history.created_at
           OR (older.created_at = password_history.created_at
               AND older.password_hash <= password_history.password_hash))
);
