DROP TABLE logout_deliveries;
DROP TABLE rp_sessions;
ALTER TABLE clients DROP COLUMN backchannel_logout_session_required;
