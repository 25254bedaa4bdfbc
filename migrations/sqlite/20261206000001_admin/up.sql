-- Issue 12: the audit log is filtered by user and client (admin API, console, troubleshooter)
-- and is append-only; the users list is filtered over many rows.

ALTER TABLE audit_events ADD COLUMN user_id TEXT;
ALTER TABLE audit_events ADD COLUMN client_id TEXT;
-- Events written before these columns named their user in `detail` (operator actions) or
-- as the target (sign-in events).
UPDATE audit_events SET user_id = json_extract(detail, '$.user_id')
    WHERE detail LIKE '%"user_id"%';
UPDATE audit_events SET user_id = target
    WHERE user_id IS NULL AND target IN (SELECT id FROM users);
CREATE INDEX audit_events_user ON audit_events (user_id, id) WHERE user_id IS NOT NULL;
CREATE INDEX audit_events_client ON audit_events (client_id, id) WHERE client_id IS NOT NULL;
CREATE INDEX audit_events_action ON audit_events (action, id);

-- Append-only: rows are added, and removed only by retention, never rewritten.
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

-- Filters: the few matching rows in e-mail order, for keyset pages.
CREATE INDEX users_locked ON users (email) WHERE locked_at IS NOT NULL;
CREATE INDEX users_disabled ON users (email) WHERE disabled;
CREATE INDEX users_without_password ON users (email) WHERE password_hash IS NULL;
CREATE INDEX users_mfa_required ON users (email) WHERE mfa_required;
CREATE INDEX users_password_changed ON users (password_changed_at);
