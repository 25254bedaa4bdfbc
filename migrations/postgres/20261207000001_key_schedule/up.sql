-- Scheduled key rotation: a key is published (created_at) before it signs (activates_at),
-- and retired_at may lie in the future (the moment its successor takes over).
ALTER TABLE signing_keys ADD COLUMN activates_at BIGINT NOT NULL DEFAULT 0;
UPDATE signing_keys SET activates_at = created_at;
